package service

import (
	"encoding/json"
	"time"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/report"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// RecordPDF renders a stored record's PDF with its seal's data; the creation
// date is the seal time (the last save for a draft), so the same protocol
// gives the same bytes.
func RecordPDF(rules *catalog.Rules) PDFFunc {
	return func(rec *store.Record, p *inspection.Protocol) ([]byte, error) {
		return report.PDF(p, rules, recordMeta(rec))
	}
}

// recordMeta is what the PDF prints about a record: its seal's fingerprint
// and time, or for a draft its last save.
func recordMeta(rec *store.Record) report.Meta {
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
