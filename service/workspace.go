package service

import (
	"os"
	"path/filepath"
	"time"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// Workspace is the store of one data directory as the TUI uses it: each
// operation opens the store, does its work and closes it again, so a second
// window or a command can use the store in between (docs/storage.md). Its
// methods do I/O: the TUI calls them inside tea.Cmds only.
type Workspace struct {
	Dir       string
	Options   store.Options
	Rules     *catalog.Rules
	Inspector string // written into audit entries and seals
}

// List reads the start list: summaries only, newest first, drafts first.
func (w *Workspace) List(search string, limit int) ([]*store.Record, error) {
	var recs []*store.Record
	o := w.Options
	o.ReadOnly = true // a list only reads
	err := store.With(w.Dir, o, func(s *store.Store) error {
		var err error
		recs, err = s.ListSummaries(store.Query{Search: search, Limit: limit})
		return err
	})
	return recs, err
}

// Open reads a protocol for editing.
func (w *Workspace) Open(id string) (rec *store.Record, p *inspection.Protocol, err error) {
	err = store.With(w.Dir, w.Options, func(s *store.Store) error {
		rec, p, err = s.Get(id)
		return err
	})
	return rec, p, err
}

// Save stores an edit based on revision rev (store.AnyRevision for a new one).
func (w *Workspace) Save(p *inspection.Protocol, rev int) (rec *store.Record, err error) {
	err = store.With(w.Dir, w.Options, func(s *store.Store) error {
		rec, err = s.Save(p, rev, w.Inspector)
		return err
	})
	return rec, err
}

// Seal seals a stored draft of revision rev when it is complete.
func (w *Workspace) Seal(id string, rev int, now time.Time) (rec *store.Record, sl *seal.Seal, err error) {
	err = store.With(w.Dir, w.Options, func(s *store.Store) error {
		rec, sl, err = SealProtocol(s, w.Rules, id, rev, w.Inspector, now)
		return err
	})
	return rec, sl, err
}

// WritePDF writes a stored protocol's PDF to path and returns the path.
func (w *Workspace) WritePDF(id, path string) error {
	return store.With(w.Dir, w.Options, func(s *store.Store) error {
		rec, p, err := s.Get(id)
		if err != nil {
			return err
		}
		doc, err := RecordPDF(w.Rules)(rec, p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		return atomicfile.WriteBytes(path, doc)
	})
}

// ExportPending writes bundle and PDF of every sealed protocol not yet
// exported into dir (ExportPending).
func (w *Workspace) ExportPending(dir string) (done []string, failed []error, err error) {
	err = store.With(w.Dir, w.Options, func(s *store.Store) error {
		done, failed, err = ExportPending(s, w.Rules, dir, w.Inspector, RecordPDF(w.Rules))
		return err
	})
	return done, failed, err
}
