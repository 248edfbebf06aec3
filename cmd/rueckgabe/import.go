package main

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
)

func (a *app) importCmd() *cobra.Command {
	var trust []string
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Protokolle (JSON) in den Speicher übernehmen",
		Long: `import prüft jede Datei und speichert sie als Entwurf. "imported <id>" erscheint erst,
wenn das Protokoll dauerhaft gespeichert ist. Eine Datei mit einer schon bekannten id legt
kein Duplikat an: ein Entwurf bekommt eine neue Revision, ein versiegeltes Protokoll wird
nie überschrieben. Ein Lieferumfang (format "rueckgabe/delivery-record@1", docs/format.md)
legt ein Übergabeprotokoll als Entwurf an. Ein Rücknahmeprotokoll ohne baseline wird mit
dem einzigen versiegelten Übergabeprotokoll seiner FIN verknüpft.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, files []string) error { return a.importFiles(files, trust) },
	}
	cmd.Flags().StringArrayVar(&trust, "trust", nil, "Bündeln mit diesem öffentlichen Schlüssel (PEM-Datei) zusätzlich zur Vertrauensliste vertrauen")
	return cmd
}

func (a *app) importFiles(args, trust []string) error {
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
	code := exitOK
	err = a.withStore(func(s *store.Store, cfg config) error {
		for _, name := range files {
			if c := a.importOne(s, cfg, name, rules, trusted); c > code {
				code = c
			}
		}
		return nil
	})
	if err != nil {
		return err
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

func (a *app) importOne(s *store.Store, cfg config, name string, rules *catalog.Rules, trusted []ed25519.PublicKey) int {
	if isZip(name) {
		return a.importArchive(s, name, cfg.Inspector, rules, trusted)
	}
	data, err := a.readInput(name)
	if err != nil {
		return exitInvalid
	}
	if isBundle(data) {
		return a.importBundle(s, name, data, cfg.Inspector, trusted)
	}
	if inspection.IsRecordFile(data) {
		return a.importRecord(s, cfg, name, data, rules)
	}
	p, problems := inspection.DecodeDraft(data, rules)
	var linked func()
	if p != nil {
		if len(problems) == 0 {
			linked = a.linkBaseline(s, rules, p, name)
		}
		problems = problems.Merge(inspection.Validate(p, rules))
	}
	if len(problems) > 0 {
		for _, pr := range problems {
			a.say(a.stderr, "%s: %s", name, pr)
		}
		return exitInvalid
	}
	unbound := 0
	for _, sg := range p.Signatures {
		if sg.Attests == "" {
			unbound++
		}
	}
	res, rec, err := s.Import(p, cfg.Inspector)
	if err != nil {
		a.say(a.stderr, "%s: %s", name, service.Sentence(err))
		return importFailure(err)
	}
	if linked != nil && res != store.SkippedSealed {
		linked()
	}
	if unbound > 0 && res != store.SkippedSealed {
		a.say(a.stderr, "%s: %d Unterschrift(en) ohne attests: als Zustimmung zum importierten Inhalt übernommen / %d signature(s) without attests taken as given for the content imported", name, unbound, unbound)
	}
	switch res {
	case store.SkippedSealed:
		a.say(a.stderr, "%s: %s ist versiegelt und wird nicht überschrieben / is sealed and never overwritten", name, rec.ID)
		return exitFailure
	case store.Updated:
		a.say(a.stdout, "updated %s (revision %d)", rec.ID, rec.Revision)
	case store.Unchanged:
		a.say(a.stdout, "unchanged %s", rec.ID)
	default:
		a.say(a.stdout, "imported %s", rec.ID)
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
func (a *app) importBundle(s *store.Store, name string, data []byte, by string, trusted []ed25519.PublicKey) int {
	rules, _ := a.rules()
	b, err := seal.Verify(data, trusted)
	if err == nil {
		err = service.CheckValuation(b, rules)
	}
	if err != nil {
		// an untrusted or altered bundle is not stored at all: it must never
		// be listed as sealed nor hold its id against the genuine one
		a.say(a.stderr, "%s", a.verifyError(name, err))
		return exitFailure
	}
	p, probs := inspection.Decode(b.Protocol, rules)
	if len(probs) > 0 {
		for _, pr := range probs {
			a.say(a.stderr, "%s: protocol.%s", name, pr)
		}
		return exitInvalid
	}
	prof, _, err := service.BundleProfile(b, rules)
	if err != nil {
		a.say(a.stderr, "%s: %s", name, service.Sentence(err))
		return exitFailure
	}
	res, rec, err := s.ImportSealed(p, prof, []byte(mustJSON(b.Seal)), b.Seal.Hash, by)
	switch {
	case err != nil:
		a.say(a.stderr, "%s: %s", name, service.Sentence(err))
		return importFailure(err)
	case res == store.Unchanged:
		a.say(a.stdout, "unchanged %s", rec.ID)
	default:
		a.say(a.stdout, "imported %s (sealed)", rec.ID)
	}
	return exitOK
}

// importArchive verifies an archive with its photos, stores the photos and
// then the sealed protocol (as importBundle does): nothing of an archive
// that fails is stored as sealed.
func (a *app) importArchive(s *store.Store, name string, by string, rules *catalog.Rules, trusted []ed25519.PublicKey) int {
	ar, err := service.OpenArchiveFile(name)
	if err != nil {
		a.say(a.stderr, "%s", a.verifyError(name, unwrapPath(err)))
		return exitFailure
	}
	defer ar.Close()
	_, p, err := ar.Verify(trusted, rules)
	if err != nil {
		a.say(a.stderr, "%s", a.verifyError(name, err))
		return exitFailure
	}
	if err := service.StoreArchivePhotos(s.Photos(), ar, p); err != nil {
		a.say(a.stderr, "%s: %s", name, service.Sentence(err))
		return exitFailure
	}
	return a.importBundle(s, name, ar.Bundle, by, trusted)
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

// sayVoided names on stderr each signature an edit took off, and why.
func sayVoided(a *app, voided []inspection.Voided) {
	for _, v := range voided {
		a.say(a.stderr, "%s", v.Notice())
	}
}
