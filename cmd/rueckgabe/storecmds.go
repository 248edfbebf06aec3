package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/seal"
	"rueckgabe/store"
	"rueckgabe/textsafe"

	"rueckgabe/service"
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

// defaultListRows is a screenful: the table shows the newest this many
// unless --limit or --all says otherwise.
const defaultListRows = 20

func (a *app) listCmd() *cobra.Command {
	var asJSON, all bool
	var status, search string
	var limit int
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Protokolle auflisten (Entwürfe zuerst, neueste zuerst)",
		Long: `list zeigt die Protokolle, Entwürfe zuerst, neueste zuerst: als Tabelle eine
Bildschirmseite (` + fmt.Sprint(defaultListRows) + ` Zeilen; --limit N, --all für alle), mit --json alle (oder --limit N).`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if status != "" && !validStatus(status) {
				return a.fail(exitInvalid, "--status: %q is not a status (use draft, sealed or exported)", status)
			}
			if limit < 0 {
				return a.fail(exitInvalid, "--limit: %d is not a number of rows (use 1 or more, or --all)", limit)
			}
			switch {
			case all:
				limit = 0
			case limit == 0 && !asJSON:
				limit = defaultListRows
			}
			return a.readStore(func(s *store.Store, _ config) error {
				q := store.Query{Status: store.Status(status), Search: search, Limit: limit}
				if limit > 0 {
					q.Limit = limit + 1 // one more tells whether there are more
				}
				recs, err := s.ListSummaries(q)
				if err != nil {
					return err
				}
				more := limit > 0 && len(recs) > limit
				if more {
					recs = recs[:limit]
				}
				superseded, err := s.Superseded()
				if err != nil {
					return err
				}
				if asJSON {
					return a.printJSONList(recs, superseded)
				}
				a.printTable(recs, superseded)
				if more {
					a.say(a.stdout, "… weitere Protokolle: --all zeigt alle, --limit N mehr, --search grenzt ein")
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "als JSON ausgeben (alle, außer mit --limit)")
	cmd.Flags().StringVar(&status, "status", "", "nur diesen Status: draft, sealed, exported")
	cmd.Flags().StringVar(&search, "search", "", "Kennzeichen, FIN oder Kundenname (Anfang)")
	cmd.Flags().IntVar(&limit, "limit", 0, fmt.Sprintf("höchstens N Zeilen (Tabelle: Standard %d)", defaultListRows))
	cmd.Flags().BoolVar(&all, "all", false, "alle Protokolle")
	return cmd
}

func validStatus(s string) bool {
	for _, st := range store.Statuses {
		if string(st) == s {
			return true
		}
	}
	return false
}

type listItem struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	Plate      string `json:"plate"`
	VIN        string `json:"vin"`
	Customer   string `json:"customer"`
	ReturnDate string `json:"return_date"`
	Make       string `json:"make"`
	Model      string `json:"model"`
	Gross      string `json:"gross"`
	Findings   int    `json:"findings"`
	Kind       string `json:"kind,omitempty"` // "delivery": a handover protocol (return_date is its handover date)
	Revision   int    `json:"revision"`
	UpdatedAt  string `json:"updated_at"`
	Amends     string `json:"amends,omitempty"`
	// SupersededBy names the newest sealed amendment of a sealed protocol:
	// that one is the current record of the return.
	SupersededBy string `json:"superseded_by,omitempty"`
	// Review says why a sealed protocol is held "zu prüfen" (a fork).
	Review   string `json:"review,omitempty"`
	SyncedAt string `json:"synced_at,omitempty"` // when its archive reached the object store (rueckgabe sync)
}

func (a *app) printJSONList(recs []*store.Record, superseded map[string]string) error {
	items := make([]listItem, len(recs))
	for i, r := range recs {
		items[i] = listItem{ID: r.ID, Status: string(r.Status), Plate: r.Summary.Plate, VIN: r.Summary.VIN,
			Customer: r.Summary.Customer, ReturnDate: r.Summary.ReturnDate, Make: r.Summary.Make, Model: r.Summary.Model,
			Gross: r.Summary.Gross, Findings: r.Summary.Findings, Kind: r.Summary.Kind, Revision: r.Revision,
			UpdatedAt: r.UpdatedAt.Format("2006-01-02T15:04:05Z07:00"), Amends: r.Amends, SupersededBy: superseded[r.ID], Review: r.Review}
		if r.SyncedAt != nil {
			items[i].SyncedAt = r.SyncedAt.Format("2006-01-02T15:04:05Z07:00")
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(items); err != nil {
		return err
	}
	return a.writeJSON("", buf.Bytes())
}

var statusLabel = map[store.Status]string{store.StatusDraft: "Entwurf", store.StatusSealed: "versiegelt", store.StatusExported: "exportiert"}

func (a *app) printTable(recs []*store.Record, superseded map[string]string) {
	if len(recs) == 0 {
		a.say(a.stdout, "%s", "Keine Protokolle.")
		return
	}
	rows := make([][]string, 0, len(recs)+1)
	rows = append(rows, []string{"STATUS", "KENNZEICHEN", "MODELL", "KUNDE", "RÜCKGABE", "BRUTTO", "ID"})
	for _, r := range recs {
		gross, date := service.GrossText(r.Summary), service.ReturnDateText(r.Summary)
		status := statusLabel[r.Status]
		if r.SyncedAt != nil {
			status = "gesendet" // its archive is in the lessor's object store (rueckgabe sync)
		}
		switch {
		case r.Review != "":
			status = "zu prüfen" // its device's chain of seals forks (inbox)
		case superseded[r.ID] != "":
			status = "ersetzt" // a sealed amendment is the current record
		case r.Amends != "":
			status += " (Nachtrag)"
		}
		rows = append(rows, []string{status, textsafe.Line(r.Summary.Plate),
			textsafe.Line(r.Summary.Make + " " + r.Summary.Model), textsafe.Line(r.Summary.Customer), date, gross, textsafe.Line(r.ID)})
	}
	_ = writeTable(a.stdout, rows) // a closed stdout has no one to tell
}

func (a *app) exportCmd() *cobra.Command {
	var format, out string
	var pending bool
	cmd := &cobra.Command{
		Use:   "export [ID]",
		Short: "Protokoll ausgeben: --format json|bundle|pdf|archive; --pending -o DIR für alle versiegelten",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if pending {
				// marks what it wrote as exported: needs a writable store
				return a.withStore(func(s *store.Store, cfg config) error { return a.exportPending(s, out, cfg.Inspector) })
			}
			if len(args) != 1 {
				return a.fail(exitInvalid, "export needs an ID, or --pending -o DIR")
			}
			return a.readStore(func(s *store.Store, _ config) error { return a.exportOne(s, args[0], format, out) })
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "Format: json, bundle, pdf oder archive (zip: Bündel, PDF, Fotos; braucht -o)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "Datei (atomar geschrieben); ohne: stdout; mit --pending: Verzeichnis")
	cmd.Flags().BoolVar(&pending, "pending", false, "alle versiegelten, noch nicht exportierten Protokolle als Archiv (ID.zip), Bündel und PDF")
	return cmd
}

// writeJSON writes a JSON document with every character that could drive a
// terminal or hide text escaped (\u202e): same content, safe to print.
func (a *app) writeJSON(path string, doc []byte) error {
	return a.writeOutput(path, textsafe.EscapeJSON(doc))
}

// writeOutput writes to stdout, or atomically to a file (mode 0600).
func (a *app) writeOutput(path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := a.stdout.Write(data)
		return err
	}
	if err := checkOutputFile(path); err != nil {
		return a.fail(exitInvalid, "rueckgabe: %v", err)
	}
	return atomicfile.WriteBytes(path, data)
}

func (a *app) checkCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Speicher auf Unversehrtheit prüfen (Datei, Indexe, Fotos, jedes Siegel, die Siegelkette)",
		Long: `check prüft die Datei (bbolt), das Schema, jeden Datensatz und jeden Indexeintrag,
jedes Foto gegen seinen Hash, jedes versiegelte Protokoll gegen sein Siegel (Hash,
Schlüssel-ID, Signatur) und die Siegelkette je Schlüssel: zwei Siegel mit demselben
Vorgänger (Verzweigung) sind ein Fehler; ein Vorgänger, den kein gespeichertes Siegel
hat (Lücke), wird bei Protokollen anderer Geräte gezählt, bei diesem Gerät ist er ein
Fehler. Exit 0 nur, wenn alles stimmt.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			rules, err := a.rules()
			if err != nil {
				return err
			}
			return a.readStore(func(s *store.Store, _ config) error {
				rep, err := s.Check()
				if err != nil {
					return err
				}
				own := ""
				key, err := seal.LoadKey(s.Dir())
				if err != nil {
					rep.Problems = append(rep.Problems, "device key: "+err.Error())
				} else if key != nil {
					own = key.ID
				}
				prog := a.progress("check")
				seals, err := service.CheckSeals(s, rules, own, prog)
				prog.Done()
				if err != nil {
					return err
				}
				problems := append(rep.Problems, seals.Problems...)
				chains, err := service.Chains(s)
				if err != nil {
					return err
				}
				for _, c := range chains {
					for _, tp := range c.TimeProblems {
						problems = append(problems, "key "+c.KeyID+": "+tp)
					}
				}
				if stale := service.StaleFiles(s.Dir()); len(stale) > 0 {
					a.say(a.stderr, "Hinweis: %d Reste eines abgebrochenen Laufs (inbox, sync, Foto), der nächste Lauf entfernt sie / note: %d leftovers of an interrupted run, removed by the next inbox or sync: %s", len(stale), len(stale), firstKeys(stale))
				}
				for _, p := range problems {
					a.say(a.stderr, "%s", textsafe.Line(p))
				}
				if len(problems) > 0 {
					return a.fail(exitFailure, "Speicher beschädigt: %d Probleme / store damaged: %d problems", len(problems), len(problems))
				}
				a.say(a.stdout, "ok: %d Protokolle, %d Protokolleinträge, %d Fotos / %d protocols, %d audit entries, %d photos", rep.Protocols, rep.Audit, rep.Photos, rep.Protocols, rep.Audit, rep.Photos)
				for _, c := range seals.Chains {
					de, en := "anderes Gerät", "another device"
					if c.Own {
						de, en = "dieses Gerät", "this device"
					}
					de, en = fmt.Sprintf("Schlüssel %s, %s: %d Siegel geprüft", c.KeyID, de, c.Seals), fmt.Sprintf("key %s, %s: %d seals verified", c.KeyID, en, c.Seals)
					if c.Gaps > 0 {
						de += fmt.Sprintf(", %d Lücken in der Kette (nicht hierher gesendet)", c.Gaps)
						en += fmt.Sprintf(", %d gaps in the chain (not sent here)", c.Gaps)
					}
					a.say(a.stdout, "%s / %s", de, en)
				}
				return nil
			})
		},
	}
}

func (a *app) backupCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE|-",
		Short: "Konsistente Kopie des Speichers schreiben (auch während der Arbeit); - schreibt sie auf die Standardausgabe",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if args[0] == "-" {
				w, err := a.binaryStdout("backup -")
				if err != nil {
					return err
				}
				return a.readStore(func(s *store.Store, _ config) error { return s.WriteBackup(w) })
			}
			return a.readStore(func(s *store.Store, _ config) error {
				if err := s.Backup(args[0]); err != nil {
					return err
				}
				a.say(a.stdout, "backup written to %s", args[0])
				return nil
			})
		},
	}
}

func (a *app) compactCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "compact",
		Short: "Speicherdatei verdichten (freie Seiten entfernen)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			dir, err := a.dir()
			if err != nil {
				return err
			}
			before, after, err := store.Compact(dir, store.Options{})
			if err != nil {
				return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
			}
			a.say(a.stdout, "compacted: %d → %d bytes", before, after)
			return nil
		},
	}
}

// isBundle tells a bundle from a plain protocol by its format tag.
func isBundle(data []byte) bool {
	var head struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(data, &head) == nil && seal.IsBundleFormat(head.Format)
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
