package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"rueckgabe/inspection"
	"rueckgabe/service"
	"rueckgabe/store"
)

func (a *app) reportCmd() *cobra.Command {
	var asCSV bool
	var from, to, out string
	cmd := &cobra.Command{
		Use:   "report --csv [--from DATE] [--to DATE] [-o DATEI]",
		Short: "Backoffice: eine CSV-Zeile je versiegeltem Protokoll für die Buchhaltung",
		Long: `report --csv schreibt je versiegeltem Protokoll (Rückgabedatum in [--from, --to],
JJJJ-MM-TT) eine Zeile: id, Gerät, Autohaus, Kennzeichen, FIN, Kunde, Rückgabedatum,
Schäden (berechnet), km, Mehr-/Minder-km-Betrag, Verspätung, Gebühren, netto, USt,
brutto, Zuschlag Autohaus, Siegel-Hash. Beträge mit Punkt ("290.42"), wie im JSON.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if !asCSV {
				return a.fail(exitInvalid, "report: only --csv is offered (one line per sealed protocol)")
			}
			fromD, err := optDate("--from", from)
			if err != nil {
				return a.fail(exitInvalid, "%v", err)
			}
			toD, err := optDate("--to", to)
			if err != nil {
				return a.fail(exitInvalid, "%v", err)
			}
			rules, err := a.rules()
			if err != nil {
				return err
			}
			return a.readStore(func(s *store.Store, _ config) error {
				prog := a.progress("report")
				rows, err := service.ReportRows(s, rules, fromD, toD, prog)
				prog.Done()
				if mismatched := mismatches(err); len(mismatched) > 0 {
					for _, m := range mismatched {
						a.say(a.stderr, "%s", m.Error())
					}
					return a.fail(exitFailure, "report: keine Abrechnung aus einem veränderten Speicher / no report from a store whose sealed protocols were altered (%d)", len(mismatched))
				}
				if err != nil {
					return err
				}
				var buf bytes.Buffer
				w := csv.NewWriter(&buf)
				_ = w.Write(service.ReportHeader)
				_ = w.WriteAll(rows)
				if err := w.Error(); err != nil {
					return err
				}
				return a.writeOutput(out, buf.Bytes())
			})
		},
	}
	cmd.Flags().BoolVar(&asCSV, "csv", false, "CSV auf stdout (oder in die Datei -o)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "in diese Datei schreiben (atomar, UTF-8; in PowerShell statt >, das die Umlaute verdirbt)")
	cmd.Flags().StringVar(&from, "from", "", "Rückgaben ab diesem Tag (JJJJ-MM-TT)")
	cmd.Flags().StringVar(&to, "to", "", "Rückgaben bis zu diesem Tag (JJJJ-MM-TT)")
	return cmd
}

// mismatches lists the sealed protocols an error says do not match their
// seals (one, or several joined).
func mismatches(err error) []*service.MismatchError {
	var out []*service.MismatchError
	var m *service.MismatchError
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			if errors.As(e, &m) {
				out = append(out, m)
			}
		}
	} else if errors.As(err, &m) {
		out = append(out, m)
	}
	return out
}

func optDate(flag, s string) (inspection.Date, error) {
	if s == "" {
		return inspection.Date{}, nil
	}
	d, err := inspection.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("%s: %q is not a date (YYYY-MM-DD)", flag, s)
	}
	return d, nil
}
