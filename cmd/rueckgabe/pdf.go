package main

import (
	"encoding/json"
	"time"

	"rueckgabe/inspection"
	"rueckgabe/report"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// pdf renders the printable protocol; a draft carries the ENTWURF mark.
func (a *app) pdf(rec *store.Record, p *inspection.Protocol) ([]byte, error) {
	rules, err := a.rules()
	if err != nil {
		return nil, err
	}
	return report.PDF(p, rules, pdfMeta(rec))
}

// pdfMeta takes the seal's data for the PDF; the creation date is the seal
// time (the last save for a draft), so the same protocol gives the same bytes.
func pdfMeta(rec *store.Record) report.Meta {
	m := report.Meta{ID: rec.ID, Sealed: rec.Status.Immutable(), At: rec.UpdatedAt}
	var s seal.Seal
	if len(rec.Seal) > 0 && json.Unmarshal(rec.Seal, &s) == nil {
		m.KeyID, m.Hash, m.Previous = s.KeyID, s.Hash, s.PreviousHash
		if t, err := time.Parse(time.RFC3339, s.SealedAt); err == nil {
			m.At = t
		}
	}
	return m
}
