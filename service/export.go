package service

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

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
// protocol tried. pdf nil: the record's PDF as RecordPDF makes it, from the
// protocol verified once for the export.
//
// Protocols are written on exportWorkers goroutines (the PDFs on every
// core, the fsyncs side by side); each file is synced and renamed into
// place, the directory synced once per batch of up to exportBatch
// protocols, and the batch marked exported in one transaction: the files of
// a protocol marked exported are always complete and durable. A crash
// before the mark leaves complete files that the next export writes again.
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
	type outcome struct {
		i   int
		err error
	}
	jobs, outs := make(chan int), make(chan outcome)
	var wg sync.WaitGroup
	for range min(exportWorkers, len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				outs <- outcome{i, writeExport(st, rules, ids[i], dir, pdf)}
			}
		}()
	}
	go func() {
		for i := range ids {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(outs)
	}()
	errs := make([]error, len(ids))
	arrived := make([]bool, len(ids))
	stepped := 0 // the live line names the protocols in their order, whichever finishes first
	var written []int
	flush := func() {
		if len(written) == 0 {
			return
		}
		batch := make([]string, len(written))
		for k, i := range written {
			batch[k] = ids[i]
		}
		var markErrs []error
		if err := atomicfile.SyncDir(dir); err != nil {
			markErrs = make([]error, len(batch))
			for k := range markErrs {
				markErrs[k] = fmt.Errorf("write %s: %w", dir, err)
			}
		} else {
			markErrs = st.MarkExportedAll(batch, by)
		}
		for k, i := range written {
			errs[i] = markErrs[k]
		}
		written = written[:0]
	}
	for o := range outs {
		for arrived[o.i] = true; stepped < len(ids) && arrived[stepped]; stepped++ {
			prog.Step(ids[stepped])
		}
		if errs[o.i] = o.err; o.err == nil {
			written = append(written, o.i)
			if len(written) >= exportBatch {
				flush()
			}
		}
	}
	flush()
	for i, id := range ids {
		if errs[i] != nil {
			failed = append(failed, fmt.Errorf("%s: %w", id, errs[i]))
			continue
		}
		done = append(done, id)
	}
	return done, failed, nil
}

const (
	exportWorkers = 4
	exportBatch   = 64
)

// writeExport reads one record and writes its three files (each synced
// and renamed into place; the directory is synced by the caller).
func writeExport(st *store.Store, rules *catalog.Rules, id, dir string, pdf PDFFunc) error {
	rec, err := st.Record(id) // VerifyRecord decodes it as it checks it
	if err != nil {
		return err
	}
	v, err := VerifyRecord(rec, rules)
	if err != nil {
		return err
	}
	bundle, p := v.Bundle, v.Protocol
	var doc []byte
	if pdf == nil {
		doc, err = verifiedPDF(rules, st.Dir(), rec, p, nil)
	} else {
		doc, err = pdf(rec, p)
	}
	if err != nil {
		return err
	}
	// streamed: an archive of 40 photos need not be held in memory
	err = atomicfile.Replace(filepath.Join(dir, rec.ID+".zip"), func(w io.Writer) error {
		return writeArchive(w, st.Photos(), rec, p, bundle, doc)
	})
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{rec.ID + ".bundle.json", bundle}, {rec.ID + ".pdf", doc}} {
		if err := atomicfile.Replace(filepath.Join(dir, f.name), func(w io.Writer) error {
			_, err := w.Write(f.data)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}
