package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// checkResult is check --json: the counts, every problem, every key's
// chain of seals and the leftovers of an interrupted run.
type checkResult struct {
	OK           bool         `json:"ok"`
	Protocols    int          `json:"protocols"`
	AuditEntries int          `json:"audit_entries"`
	Photos       int          `json:"photos"`
	Problems     []string     `json:"problems"`
	Chains       []checkChain `json:"chains"`
	Leftovers    []string     `json:"leftovers"`
}

// checkChain is one signing key's seals in the store.
type checkChain struct {
	KeyID string `json:"key_id"`
	Own   bool   `json:"own"` // this device's key: a gap is a problem
	Seals int    `json:"seals"`
	Gaps  int    `json:"gaps"` // predecessors not sent here (other devices)
}

func (a *app) checkCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check [--json]",
		Short: "Speicher auf Unversehrtheit prüfen (Datei, Indexe, Fotos, jedes Siegel, die Siegelkette)",
		Long: `check prüft die Datei (bbolt), das Schema, jeden Datensatz und jeden Indexeintrag,
jedes Foto gegen seinen Hash, jedes versiegelte Protokoll gegen sein Siegel (Hash,
Schlüssel-ID, Signatur) und die Siegelkette je Schlüssel: zwei Siegel mit demselben
Vorgänger (Verzweigung) sind ein Fehler; ein Vorgänger, den kein gespeichertes Siegel
hat (Lücke), wird bei Protokollen anderer Geräte gezählt, bei diesem Gerät ist er ein
Fehler. Exit 0 nur, wenn alles stimmt. --json: ein JSON-Dokument mit Zahlen, Problemen,
Ketten und Resten (docs/storage.md).`,
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
				for _, c := range seals.Infos {
					for _, tp := range c.TimeProblems {
						problems = append(problems, "key "+c.KeyID+": "+tp)
					}
				}
				stale := service.StaleFiles(s.Dir())
				if asJSON {
					out := checkResult{OK: len(problems) == 0, Protocols: rep.Protocols, AuditEntries: rep.Audit, Photos: rep.Photos,
						Problems: nonNil(problems), Chains: []checkChain{}, Leftovers: nonNil(stale)}
					for _, c := range seals.Chains {
						out.Chains = append(out.Chains, checkChain{KeyID: c.KeyID, Own: c.Own, Seals: c.Seals, Gaps: c.Gaps})
					}
					if err := a.printJSON(out); err != nil {
						return err
					}
					if len(problems) > 0 {
						return a.fail(exitFailure, "Speicher beschädigt: %d Probleme / store damaged: %d problems", len(problems), len(problems))
					}
					return nil
				}
				if len(stale) > 0 {
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
	cmd.Flags().BoolVar(&asJSON, "json", false, "als JSON: ok, protocols, audit_entries, photos, problems, chains (key_id, own, seals, gaps), leftovers")
	return cmd
}
