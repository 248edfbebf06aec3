package service

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/progress"
	"rueckgabe/money"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// ReportHeader names the accounting report's columns (rueckgabe report --csv).
var ReportHeader = []string{"id", "device", "dealer", "plate", "vin", "customer", "return_date",
	"damages_charged", "km_billable", "km_amount", "late_days", "late_amount", "fees", "net", "vat", "gross",
	"dealer_surcharge", "seal_hash", "amends", "superseded_by", "review"}

// ReportRows gives one row per sealed protocol whose return date lies in
// [from, to] (a zero date: open), oldest return first: the numbers each
// protocol is valued at under its own profile, as the bundle's valuation.
// Money is in the interchange notation ("290.42"), text made safe for a
// spreadsheet (a cell never starts a formula). A protocol that does not
// match its seal fails the whole report (no partial accounting): the error
// names every such protocol (errors.Join of MismatchErrors).
//
// An amendment names the protocol it corrects (amends); a protocol that a
// sealed amendment corrects names the newest one (superseded_by): that row is
// the current one, so a clerk books it and not both. Each protocol is valued
// by its pinned profile; one whose profile data is missing is an error naming
// it, never valued by another version. prog (nil: none) hears of each
// sealed protocol verified.
func ReportRows(st *store.Store, rules *catalog.Rules, from, to inspection.Date, prog progress.Reporter) ([][]string, error) {
	prog = progress.Or(prog)
	var rows [][]string
	var mismatched []error
	superseded, err := st.Superseded()
	if err != nil {
		return nil, err
	}
	var lists [2][]*store.Record
	for i, status := range []store.Status{store.StatusSealed, store.StatusExported} {
		if lists[i], err = st.List(store.Query{Status: status}); err != nil {
			return nil, err
		}
	}
	prog.Start(len(lists[0]) + len(lists[1]))
	for _, recs := range lists {
		verified, errs := verifyAll(recs, rules, prog)
		for i, rec := range recs {
			v, err := verified[i], errs[i]
			var m *MismatchError
			if errors.As(err, &m) {
				mismatched = append(mismatched, err)
				continue
			}
			if err != nil {
				return nil, err
			}
			p := v.Protocol
			if p.IsDelivery() {
				continue // a handover protocol charges nothing: not a line for accounting
			}
			d := p.Return.Date
			if !from.IsZero() && d.Before(from) || !to.IsZero() && to.Before(d) {
				continue
			}
			prof, err := inspection.PinnedProfile(p, rules)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", rec.ID, err)
			}
			rows = append(rows, append(reportRow(rec, p, prof), rec.Amends, superseded[rec.ID], cell(rec.Review)))
		}
	}
	if len(mismatched) > 0 {
		return nil, errors.Join(mismatched...)
	}
	sortRows(rows)
	return rows, nil
}

func reportRow(rec *store.Record, p *inspection.Protocol, rules *catalog.Rules) []string {
	v := inspection.Value(p, rules)
	s, _ := sealOf(rec)
	keyID, hash := "", ""
	if s != nil {
		keyID, hash = s.KeyID, s.Hash
	}
	surcharge := ""
	if v.Surcharge != nil {
		surcharge = money.JSON(v.Surcharge.Amount)
	}
	return []string{rec.ID, keyID, cell(p.Dealership), cell(p.Vehicle.Plate), cell(p.Vehicle.VIN), cell(p.Customer.Name),
		p.Return.Date.String(), money.JSON(v.DamagesCharged.Add(v.Depreciation)), strconv.FormatInt(v.Km.BillableKm, 10),
		money.JSON(v.Km.Amount), strconv.FormatInt(v.Late.Days, 10), money.JSON(v.Late.Amount), money.JSON(v.FeesNet),
		money.JSON(v.Net), money.JSON(v.VAT), money.JSON(v.Gross), surcharge, hash}
}

// cell keeps a text from being read as a formula by a spreadsheet ("=…",
// "+…", "-…", "@…"): it is prefixed with an apostrophe, as spreadsheets
// themselves do for text.
func cell(s string) string {
	s = textsafe.Line(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// sortRows orders by return date, then id.
func sortRows(rows [][]string) {
	slices.SortFunc(rows, func(a, b []string) int {
		if c := strings.Compare(a[6], b[6]); c != 0 {
			return c
		}
		return strings.Compare(a[0], b[0])
	})
}
