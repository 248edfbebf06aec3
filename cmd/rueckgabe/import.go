package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
)

func (a *app) importCmd() *cobra.Command {
	var trust []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "import FILE... [--json]",
		Short: "Protokolle (JSON) in den Speicher übernehmen",
		Long: `import prüft jede Datei und speichert sie als Entwurf. "imported <id>" erscheint erst,
wenn das Protokoll dauerhaft gespeichert ist. Eine Datei mit einer schon bekannten id legt
kein Duplikat an: ein Entwurf bekommt eine neue Revision, ein versiegeltes Protokoll wird
nie überschrieben. Ein Lieferumfang (format "rueckgabe/delivery-record@1", docs/format.md)
legt ein Übergabeprotokoll als Entwurf an. Ein Rücknahmeprotokoll ohne baseline wird mit
dem einzigen versiegelten Übergabeprotokoll seiner FIN verknüpft.

--json: ein JSON-Dokument mit einem Eintrag je Datei (file, result, id, sealed, revision,
problems, reason, notes) und den Zahlen; Exit-Status wie ohne (docs/storage.md).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, files []string) error { return a.importFiles(files, trust, asJSON) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "als JSON: imported, updated, unchanged, not_imported, files (file, result, id, sealed, revision, problems, reason, notes)")
	cmd.Flags().StringArrayVar(&trust, "trust", nil, "Bündeln mit diesem öffentlichen Schlüssel (PEM-Datei) zusätzlich zur Vertrauensliste vertrauen")
	return cmd
}

func (a *app) importFiles(args, trust []string, asJSON bool) error {
	files, err := a.expand(args)
	if err != nil {
		return err
	}
	rules, err := a.rules()
	if err != nil {
		return err
	}
	trusted, err := a.trustedKeys(trust)
	if err != nil {
		return err
	}
	if slices.Contains(files, "-") {
		// standard input is read before the store is opened: a pipe slow to
		// give its data kept the store locked for every other window
		// meanwhile (an outside tester); the bound is readInputFrom's
		pre, err := io.ReadAll(io.LimitReader(a.stdin, 2*(inspection.MaxProtocolBytes+1)))
		if err != nil {
			return a.fail(exitInvalid, "-: cannot read: %v", err)
		}
		a.stdin = bytes.NewReader(pre)
	}
	code := exitOK
	o := &importOut{a: a, asJSON: asJSON}
	err = a.withStore(func(s *store.Store, cfg config) error {
		for _, name := range files {
			o.start(name)
			if c := a.importOne(o, s, cfg, name, rules, trusted); c > code {
				code = c
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if asJSON {
		if err := a.printJSON(o.result()); err != nil {
			return err
		}
	}
	if code != exitOK {
		return exitError{code}
	}
	return nil
}

// importFailure is the exit status of a refused import: 2 when the file's
// id is the problem (a Windows device name, a case twin of a stored id), 1
// when the store is.
func importFailure(err error) int {
	var bad *store.BadIDError
	var clash *store.CaseClashError
	if errors.As(err, &bad) || errors.As(err, &clash) {
		return exitInvalid
	}
	return exitFailure
}

func (a *app) importOne(o *importOut, s *store.Store, cfg config, name string, rules *catalog.Rules, trusted []ed25519.PublicKey) int {
	if isZip(name) {
		return a.importArchive(o, s, name, cfg.Inspector, rules, trusted)
	}
	data, err := readInputFrom(a.stdin, name)
	if err != nil {
		return o.refuse(exitInvalid, name, "", err.Error())
	}
	if isBundle(data) {
		return a.importBundle(o, s, name, data, cfg.Inspector, trusted)
	}
	if inspection.IsRecordFile(data) {
		return a.importRecord(o, s, cfg, name, data, rules)
	}
	p, problems := inspection.DecodeFile(data, rules)
	var linked func()
	if p != nil {
		if len(problems) == 0 {
			linked = a.linkBaseline(o, s, rules, p, name)
		}
		problems = problems.Merge(inspection.Validate(p, rules))
	}
	if len(problems) > 0 {
		return o.invalid(name, "", problems)
	}
	unbound := 0
	for _, sg := range p.Signatures {
		if sg.Attests == "" {
			unbound++
		}
	}
	res, rec, err := s.Import(p, cfg.Inspector)
	if err != nil {
		return o.refuseErr(importFailure(err), name, err)
	}
	if linked != nil && res != store.SkippedSealed {
		linked()
	}
	if unbound > 0 && res != store.SkippedSealed {
		o.note(a.stderr, name, fmt.Sprintf("%d Unterschrift(en) ohne attests: als Zustimmung zum importierten Inhalt übernommen", unbound),
			fmt.Sprintf("%d signature(s) without attests taken as given for the content imported", unbound))
	}
	if res != store.SkippedSealed {
		// what only the store can tell keeps the draft from sealing: said
		// now, not first when sealing fails (a baseline that does not fit)
		for _, m := range service.StoreProblems(s, rules, p) {
			o.note(a.stderr, name, "vor dem Versiegeln zu klären: "+m, "to be settled before sealing (see the German)")
		}
	}
	switch res {
	case store.SkippedSealed:
		o.cur().ID = rec.ID
		return o.refuse(exitFailure, name, rec.ID+" ist versiegelt und wird nicht überschrieben", "is sealed and never overwritten")
	case store.Updated:
		o.done("updated", rec, false, "updated %s (revision %d)", rec.ID, rec.Revision)
	case store.Unchanged:
		o.done("unchanged", rec, false, "unchanged %s", rec.ID)
	default:
		o.done("imported", rec, false, "imported %s", rec.ID)
	}
	return exitOK
}

// isBundle tells a bundle from a plain protocol by its format tag.
func isBundle(data []byte) bool {
	var head struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(data, &head) == nil && seal.IsBundleFormat(head.Format)
}

// importBundle verifies a bundle first, then stores its protocol as sealed;
// the same id and hash again is nothing to do; a different one is refused.
func (a *app) importBundle(o *importOut, s *store.Store, name string, data []byte, by string, trusted []ed25519.PublicKey) int {
	rules, _ := a.rules()
	b, err := seal.Verify(data, trusted)
	if err == nil {
		err = service.CheckValuation(b, rules)
	}
	if err != nil {
		// an untrusted or altered bundle is not stored at all: it must never
		// be listed as sealed nor hold its id against the genuine one
		return o.refuseLine(exitFailure, name, a.verifyError(name, err))
	}
	p, probs := inspection.DecodeSealed(b.Protocol, rules)
	if len(probs) > 0 {
		return o.invalid(name, "protocol.", probs)
	}
	prof, _, err := service.BundleProfile(b, rules)
	if err != nil {
		return o.refuseErr(exitFailure, name, err)
	}
	res, rec, err := s.ImportSealedSigned(p, prof, []byte(mustJSON(b.Seal)), b.Seal.Hash, by, service.SignedOf(b))
	switch {
	case err != nil:
		return o.refuseErr(importFailure(err), name, err)
	case res == store.Unchanged:
		o.done("unchanged", rec, true, "unchanged %s", rec.ID)
	default:
		o.done("imported", rec, true, "imported %s (sealed)", rec.ID)
	}
	return exitOK
}

// importArchive verifies an archive with its photos, stores the photos and
// then the sealed protocol (as importBundle does): nothing of an archive
// that fails is stored as sealed.
func (a *app) importArchive(o *importOut, s *store.Store, name string, by string, rules *catalog.Rules, trusted []ed25519.PublicKey) int {
	ar, err := service.OpenArchiveFile(name)
	if err != nil {
		return o.refuseLine(exitFailure, name, a.verifyError(name, unwrapPath(err)))
	}
	defer ar.Close()
	_, p, err := ar.Verify(trusted, rules)
	if err != nil {
		return o.refuseLine(exitFailure, name, a.verifyError(name, err))
	}
	if err := service.StoreArchivePhotos(s.Photos(), ar, p); err != nil {
		return o.refuseErr(exitFailure, name, err)
	}
	return a.importBundle(o, s, name, ar.Bundle, by, trusted)
}

// isZip reports whether the named file starts like a zip.
func isZip(name string) bool {
	if name == "-" {
		return false
	}
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	return service.IsArchive(head[:n])
}

// importOut is what import says of each file: its lines as it goes, or with
// --json one item per file, written as one document at the end.
type importOut struct {
	a      *app
	asJSON bool
	items  []importItem
}

// importResult is import --json: the counts and one item per file.
type importResult struct {
	Imported    int          `json:"imported"`
	Updated     int          `json:"updated"`
	Unchanged   int          `json:"unchanged"`
	NotImported int          `json:"not_imported"`
	Files       []importItem `json:"files"`
}

// importItem is one file: its result (imported, updated, unchanged or
// not_imported), the protocol stored, and what the human lines say of it —
// each problem of an invalid file, the reason a file is refused, and the
// notes (a baseline linked, signatures taken off), each in English and, where
// the line has it, German.
type importItem struct {
	File     string          `json:"file"`
	Result   string          `json:"result"`
	ID       string          `json:"id,omitempty"`
	Sealed   bool            `json:"sealed"`
	Revision int             `json:"revision,omitempty"`
	Problems []importProblem `json:"problems,omitempty"`
	Reason   string          `json:"reason,omitempty"`
	ReasonDE string          `json:"reason_de,omitempty"`
	Notes    []noteJSON      `json:"notes,omitempty"`
}

// importProblem is one problem of an invalid file: the JSON path and why.
type importProblem struct {
	Path     string `json:"path"`
	Reason   string `json:"reason"`
	ReasonDE string `json:"reason_de,omitempty"`
}

// noteJSON is a line that is no verdict: English, and German where the line has it.
type noteJSON struct {
	Note   string `json:"note"`
	NoteDE string `json:"note_de,omitempty"`
}

func (o *importOut) start(name string) {
	o.items = append(o.items, importItem{File: name, Result: "not_imported"})
}

func (o *importOut) cur() *importItem { return &o.items[len(o.items)-1] }

func (o *importOut) result() importResult {
	res := importResult{Files: o.items}
	if res.Files == nil {
		res.Files = []importItem{}
	}
	for _, it := range o.items {
		switch it.Result {
		case "imported":
			res.Imported++
		case "updated":
			res.Updated++
		case "unchanged":
			res.Unchanged++
		default:
			res.NotImported++
		}
	}
	return res
}

// done: the file's protocol is stored as rec (or was already).
func (o *importOut) done(result string, rec *store.Record, sealed bool, format string, args ...any) {
	if !o.asJSON {
		o.a.say(o.a.stdout, format, args...)
		return
	}
	it := o.cur()
	it.Result, it.ID, it.Sealed = result, rec.ID, sealed
	if result == "updated" {
		it.Revision = rec.Revision
	}
}

// refuse: the file is not imported, for a reason in German (may be "") and
// English; the line is "FILE: de / en".
func (o *importOut) refuse(code int, name, de, en string) int {
	if !o.asJSON {
		if de != "" {
			en = de + " / " + en
		}
		o.a.say(o.a.stderr, "%s: %s", name, en)
		return code
	}
	it := o.cur()
	it.Result, it.Reason, it.ReasonDE = "not_imported", en, de
	return code
}

// refuseErr: the file is not imported for err, worded as service.Words does.
func (o *importOut) refuseErr(code int, name string, err error) int {
	de, en := service.Words(err)
	if en == "" {
		de, en = "", de
	}
	return o.refuse(code, name, de, en)
}

// refuseLine: the file is not imported, for the reason the English line
// (starting with the file's name, as verify words it) gives.
func (o *importOut) refuseLine(code int, name, line string) int {
	if !o.asJSON {
		o.a.say(o.a.stderr, "%s", line)
		return code
	}
	return o.refuse(code, name, "", strings.TrimPrefix(line, name+": "))
}

// invalid: the file's problems, one line each (exit 2).
func (o *importOut) invalid(name, prefix string, probs inspection.Problems) int {
	if !o.asJSON {
		o.a.sayProblems(name+": ", prefixed(prefix, probs))
		return exitInvalid
	}
	for _, pr := range probs {
		path := prefix + pr.Path
		if pr.File != "" {
			path = pr.File + ": " + path
		}
		it := o.cur()
		it.Problems = append(it.Problems, importProblem{Path: path, Reason: pr.Msg, ReasonDE: pr.De})
	}
	return exitInvalid
}

// prefixed is probs with prefix before each path ("protocol." in a bundle).
func prefixed(prefix string, probs inspection.Problems) inspection.Problems {
	if prefix == "" {
		return probs
	}
	out := make(inspection.Problems, len(probs))
	for i, pr := range probs {
		pr.Path = prefix + pr.Path
		out[i] = pr
	}
	return out
}

// note: a line about the file that is no verdict, "FILE: de / en" (de may
// be "", then "FILE: en"), on w.
func (o *importOut) note(w io.Writer, name, de, en string) {
	if !o.asJSON {
		if de != "" {
			en = de + " / " + en
		}
		o.a.say(w, "%s: %s", name, en)
		return
	}
	it := o.cur()
	it.Notes = append(it.Notes, noteJSON{Note: en, NoteDE: de})
}

// sayVoided names on stderr each signature an edit took off, and why.
func sayVoided(a *app, voided []inspection.Voided) {
	for _, v := range voided {
		a.say(a.stderr, "%s", v.Notice())
	}
}
