package service

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/progress"
	"rueckgabe/report"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// RecordPDF renders a stored record's PDF with its seal's data and the
// thumbnails of its photos from the data directory dir; the creation date is
// the seal time (the last save for a draft), so the same protocol gives the
// same bytes. A sealed record is printed only when it matches its seal
// (VerifyRecord), and then as sealed.
func RecordPDF(rules *catalog.Rules, dir string) PDFFunc { return recordPDF(rules, dir, nil) }

// recordPDF is RecordPDF telling prog (nil: none) of each photo's thumbnail.
func recordPDF(rules *catalog.Rules, dir string, prog progress.Reporter) PDFFunc {
	return func(rec *store.Record, p *inspection.Protocol) ([]byte, error) {
		if rec.Status.Immutable() {
			v, err := VerifyRecord(rec, rules)
			if err != nil {
				return nil, err
			}
			p = v.Protocol
		}
		return verifiedPDF(rules, dir, rec, p, prog)
	}
}

// verifiedPDF is RecordPDF of a record whose protocol p was verified
// against its seal already (VerifyRecord).
func verifiedPDF(rules *catalog.Rules, dir string, rec *store.Record, p *inspection.Protocol, prog progress.Reporter) ([]byte, error) {
	m := recordMeta(rec)
	m.Thumbs = thumbsFor(dir, p.AllPhotos(), prog)
	return report.PDF(p, rules, m)
}

// thumbsFor has the thumbnails of all photos made (or read from their
// cache) on every core before the PDF is drawn, which is single-threaded.
func thumbsFor(dir string, photos []inspection.Photo, prog progress.Reporter) report.Thumbs {
	prog = progress.Or(prog)
	if len(photos) == 0 {
		return nil
	}
	type thumb struct {
		data []byte
		err  error
	}
	made := make([]thumb, len(photos))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), len(photos)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				made[i].data, made[i].err = Thumbnail(dir, photos[i].SHA256)
				prog.Step(photos[i].Name)
			}
		}()
	}
	prog.Start(len(photos))
	for i := range photos {
		next <- i
	}
	close(next)
	wg.Wait()
	bySHA := make(map[string]thumb, len(photos))
	for i, ph := range photos {
		bySHA[ph.SHA256] = made[i]
	}
	return func(sha string) ([]byte, error) {
		th, ok := bySHA[sha]
		if !ok {
			return nil, fmt.Errorf("photo %s: no thumbnail", sha)
		}
		return th.data, th.err
	}
}

// recordMeta is what the PDF prints about a record: its seal's fingerprint
// and time, or for a draft its last save.
func recordMeta(rec *store.Record) report.Meta {
	m := report.Meta{ID: rec.ID, Sealed: rec.Status.Immutable(), At: rec.UpdatedAt}
	var s seal.Seal
	if len(rec.Seal) > 0 && json.Unmarshal(rec.Seal, &s) == nil {
		m.KeyID, m.Hash, m.Previous, m.ValuationHash = s.KeyID, s.Hash, s.PreviousHash, s.ValuationHash
		if t, err := time.Parse(time.RFC3339, s.SealedAt); err == nil {
			m.At = t
		}
	}
	return m
}
