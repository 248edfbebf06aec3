package tui

import (
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/store"
)

// listMsg carries the start screen's protocols for request seq; an older
// request's reply (a search typed on since) is dropped.
type listMsg struct {
	seq  uint64
	recs []*store.Record
	err  error
}

func listCmd(c *Common, seq uint64, search string) tea.Cmd {
	dir, opts := c.Dir, c.storeOptions()
	opts.ReadOnly = true // a list only reads
	return func() tea.Msg {
		var recs []*store.Record
		err := store.With(dir, opts, func(s *store.Store) error {
			var err error
			recs, err = s.ListSummaries(store.Query{Search: search, Limit: 500})
			return err
		})
		return listMsg{seq: seq, recs: recs, err: err}
	}
}

// openMsg carries a protocol loaded for editing, for open request seq.
type openMsg struct {
	seq uint64
	rec *store.Record
	p   *inspection.Protocol
	err error
}

func openCmd(c *Common, seq uint64, id string) tea.Cmd {
	dir, opts := c.Dir, c.storeOptions()
	return func() tea.Msg {
		msg := openMsg{seq: seq}
		msg.err = store.With(dir, opts, func(s *store.Store) error {
			var err error
			msg.rec, msg.p, err = s.Get(id)
			return err
		})
		return msg
	}
}

// writeFile writes an export atomically (called inside a tea.Cmd).
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, data)
}
