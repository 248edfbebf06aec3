package service

import (
	"fmt"
	"os"
	"path/filepath"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/store"
)

// PDFFunc renders a record's printable protocol.
type PDFFunc func(rec *store.Record, p *inspection.Protocol) ([]byte, error)

// ExportPending writes ID.bundle.json and ID.pdf for every sealed protocol
// not yet exported and marks each exported only after both files are durably
// written (atomic writes). A protocol that cannot be exported (a damaged
// record) does not stop the others: it is reported in failed and stays
// pending. It returns the exported ids.
func ExportPending(st *store.Store, rules *catalog.Rules, dir, by string, pdf PDFFunc) (done []string, failed []error, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("export directory: %w", err)
	}
	ids, err := st.Pending()
	if err != nil {
		return nil, nil, err
	}
	for _, id := range ids {
		if err := exportID(st, rules, id, dir, by, pdf); err != nil {
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
	bundle, p, err := BundleOf(rec, rules)
	if err != nil {
		return err
	}
	doc, err := pdf(rec, p)
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
