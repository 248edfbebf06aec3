package seal

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/store"
)

// PDFFunc renders a record's printable protocol.
type PDFFunc func(rec *store.Record, p *inspection.Protocol) ([]byte, error)

// ExportPending writes ID.bundle.json and ID.pdf for every sealed protocol
// not yet exported and marks each exported only after both files are durably
// written (atomic writes). It returns the exported ids.
func ExportPending(st *store.Store, rules *catalog.Rules, dir, by string, pdf PDFFunc) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export directory: %w", err)
	}
	recs, err := st.Pending()
	if err != nil {
		return nil, err
	}
	var done []string
	for _, rec := range recs {
		bundle, p, err := BundleOf(rec, rules)
		if err != nil {
			return done, err
		}
		doc, err := pdf(rec, p)
		if err != nil {
			return done, err
		}
		for name, data := range map[string][]byte{rec.ID + ".bundle.json": bundle, rec.ID + ".pdf": doc} {
			if err := store.WriteFileAtomic(filepath.Join(dir, name), writeAll(data)); err != nil {
				return done, err
			}
		}
		if _, err := st.MarkExported(rec.ID, by); err != nil {
			return done, err
		}
		done = append(done, rec.ID)
	}
	return done, nil
}

func writeAll(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}
