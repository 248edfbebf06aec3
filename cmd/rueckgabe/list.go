package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

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

// listCellWidth bounds a text column of the list: one name of 5,000
// characters would otherwise widen every row of the table to it. The id is
// never cut (it is what the other commands take); --json has every text
// whole.
const listCellWidth = 40

// listCell is untrusted text for a column of the list, sanitised and cut
// to listCellWidth cells with "…".
func listCell(s string) string {
	return ansi.Truncate(textsafe.Line(s), listCellWidth, "…")
}

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
		rows = append(rows, []string{status, listCell(r.Summary.Plate),
			listCell(r.Summary.Make + " " + r.Summary.Model), listCell(r.Summary.Customer), date, gross, textsafe.Line(r.ID)})
	}
	_ = writeTable(a.stdout, rows) // a closed stdout has no one to tell
}
