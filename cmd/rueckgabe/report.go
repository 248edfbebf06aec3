package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"rueckgabe/inspection"
	"rueckgabe/service"
	"rueckgabe/store"
)

// reportFormats are the report's output formats (report_formats.go).
var reportFormats = []string{"csv", "excel-csv", "xlsx", "json"}

func (a *app) reportCmd() *cobra.Command {
	var asCSV, asJSON, summary bool
	var format, from, to, out string
	var filter service.ReportFilter
	cmd := &cobra.Command{
		Use:   "report [--format csv|excel-csv|xlsx|json] [--summary] [--from DATE] [--to DATE] [--dealer NAME] [--device KEYID] [--profile ID] [--status S] [-o DATEI]",
		Short: "Backoffice: eine Zeile je versiegeltem Protokoll für die Buchhaltung (CSV, Excel, JSON) und Summen je Steuersatz",
		Long: `report schreibt je versiegeltem Protokoll eine Zeile mit den Zahlen seiner versiegelten
Bewertung: Bemessungsgrundlage, nicht steuerbarer Teil, USt-Satz, Land und Profil,
Vertragsnummer und -art, Händlernettopreis, merkantiler Minderwert, Gebühren, netto, USt,
brutto, Streit- und Nachtragsstatus, Siegelzeit, Prüfer, Autohaus, Gerät (Spalten:
docs/sync.md). Nachträge: amends / superseded_by — gebucht wird die aktuelle Zeile.
Filter: --from/--to (Rückgabedatum, JJJJ-MM-TT), --dealer, --device, --profile, --status.
Formate: --format csv (RFC 4180, alle Spalten, Punkt als Dezimalzeichen; --csv schreibt
wie bisher die ersten 21 Spalten),
excel-csv (für deutsches Excel: BOM, Semikolon, Dezimalkomma), xlsx (Arbeitsmappe mit
Zahlenzellen und Blatt "Summen"; braucht -o), json (--json ist dasselbe). --summary: nur die
Summen je Steuersatz (ohne ersetzte Zeilen).`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			f, err := reportFormat(format, asCSV, asJSON)
			if err != nil {
				return a.fail(exitInvalid, "report: %v", err)
			}
			if f == "xlsx" && (out == "" || out == "-") {
				return a.fail(exitInvalid, "report: --format xlsx schreibt eine Arbeitsmappe: -o DATEI.xlsx angeben / writes a workbook: give -o FILE.xlsx")
			}
			if filter.From, err = optDate("--from", from); err != nil {
				return a.fail(exitInvalid, "%v", err)
			}
			if filter.To, err = optDate("--to", to); err != nil {
				return a.fail(exitInvalid, "%v", err)
			}
			if !filter.From.IsZero() && !filter.To.IsZero() && filter.To.Before(filter.From) {
				return a.fail(exitInvalid, "report: --from %s liegt nach --to %s / --from is after --to: nothing could match", filter.From, filter.To)
			}
			if filter.Status != "" && !slices.Contains(service.ReportStatuses, filter.Status) {
				return a.fail(exitInvalid, "report: --status %q: einer von / one of %s", filter.Status, strings.Join(service.ReportStatuses, ", "))
			}
			rules, err := a.rules()
			if err != nil {
				return err
			}
			return a.readStore(func(s *store.Store, _ config) error {
				prog := a.progress("report")
				lines, err := service.ReportLines(s, rules, filter, prog)
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
				parts, err := renderReport(f, lines, summary)
				if err != nil {
					return err
				}
				return a.writeParts(out, parts)
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "csv (Standard), excel-csv, xlsx oder json")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "CSV wie bisher: die ersten 21 Spalten (für bestehende Auswertungen)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "wie --format json")
	cmd.Flags().BoolVar(&summary, "summary", false, "nur die Summen je Steuersatz")
	cmd.Flags().StringVarP(&out, "output", "o", "", "in diese Datei schreiben (atomar, UTF-8; in PowerShell statt >, das die Umlaute verdirbt)")
	cmd.Flags().StringVar(&from, "from", "", "Rückgaben ab diesem Tag (JJJJ-MM-TT)")
	cmd.Flags().StringVar(&to, "to", "", "Rückgaben bis zu diesem Tag (JJJJ-MM-TT)")
	cmd.Flags().StringVar(&filter.Dealer, "dealer", "", "nur dieses Autohaus (Groß-/Kleinschreibung egal)")
	cmd.Flags().StringVar(&filter.Device, "device", "", "nur Protokolle, die dieser Schlüssel (ID) versiegelt hat")
	cmd.Flags().StringVar(&filter.Profile, "profile", "", "nur dieses Leasinggeber-Profil (id oder id@version)")
	cmd.Flags().StringVar(&filter.Status, "status", "", "nur "+strings.Join(service.ReportStatuses, ", "))
	return cmd
}

// reportFormat is the one format the flags ask for.
func reportFormat(format string, asCSV, asJSON bool) (string, error) {
	var asked []string
	if format != "" {
		if !slices.Contains(reportFormats, format) {
			return "", fmt.Errorf("--format %q: eines von / one of %s", format, strings.Join(reportFormats, ", "))
		}
		asked = append(asked, format)
	}
	if asCSV {
		asked = append(asked, "legacy-csv")
	}
	if asJSON {
		asked = append(asked, "json")
	}
	slices.Sort(asked)
	asked = slices.Compact(asked)
	switch len(asked) {
	case 0:
		return "csv", nil
	case 1:
		return asked[0], nil
	}
	return "", fmt.Errorf("one format at a time, not %s", strings.ReplaceAll(strings.Join(asked, " and "), "legacy-csv", "--csv"))
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
		return d, fmt.Errorf("%s: %q ist kein Datum (JJJJ-MM-TT) / is not a date (YYYY-MM-DD)", flag, s)
	}
	return d, nil
}
