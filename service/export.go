package service

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/progress"
	"rueckgabe/store"
)

// PDFFunc renders a record's printable protocol.
type PDFFunc func(rec *store.Record, p *inspection.Protocol) ([]byte, error)

// ExportPending writes the archive ID.zip (bundle, PDF and photos: the unit
// of sync) and beside it ID.bundle.json and ID.pdf (for readers of bundles
// and for printing) for every sealed protocol not yet exported, and marks
// each exported only after all three are durably written (atomic writes). A protocol that cannot be exported (a damaged
// record) does not stop the others: it is reported in failed and stays
// pending. It returns the exported ids. prog (nil: none) hears of each
// protocol tried.
func ExportPending(st *store.Store, rules *catalog.Rules, dir, by string, pdf PDFFunc, prog progress.Reporter) (done []string, failed []error, err error) {
	prog = progress.Or(prog)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("export directory: %w", err)
	}
	ids, err := st.Pending()
	if err != nil {
		return nil, nil, err
	}
	prog.Start(len(ids))
	for _, id := range ids {
		err := exportID(st, rules, id, dir, by, pdf)
		prog.Step(id)
		if err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", id, err))
			continue
		}
		done = append(done, id)
	}
	return done, failed, nil
}

// exportID reads one record, writes its files and marks it exported.
func exportID(st *store.Store, rules *catalog.Rules, id, dir, by string, pdf PDFFunc) error {
	rec, _, err := st.Get(id)
	if err != nil {
		return err
	}
	v, err := VerifyRecord(rec, rules)
	if err != nil {
		return err
	}
	bundle, p := v.Bundle, v.Protocol
	doc, err := pdf(rec, p)
	if err != nil {
		return err
	}
	// streamed: an archive of 40 photos need not be held in memory
	err = atomicfile.Write(filepath.Join(dir, rec.ID+".zip"), func(w io.Writer) error {
		return writeArchive(w, st.Photos(), rec, p, bundle, doc)
	})
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{rec.ID + ".bundle.json": bundle, rec.ID + ".pdf": doc} {
		if err := atomicfile.WriteBytes(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	_, err = st.MarkExported(rec.ID, by)
	return err
}
