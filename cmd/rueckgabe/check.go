package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

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
