package tui

import (
	"io"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/store"
)

// listMsg carries the start screen's protocols.
type listMsg struct {
	recs []*store.Record
	err  error
}

func listCmd(c *Common, search string) tea.Cmd {
	dir, opts := c.Dir, c.storeOptions()
	return func() tea.Msg {
		var recs []*store.Record
		err := store.With(dir, opts, func(s *store.Store) error {
			var err error
			recs, err = s.List(store.Query{Search: search, Limit: 500})
			return err
		})
		return listMsg{recs: recs, err: err}
	}
}

// openMsg carries a protocol loaded for editing.
type openMsg struct {
	rec *store.Record
	p   *inspection.Protocol
	err error
}

func openCmd(c *Common, id string) tea.Cmd {
	dir, opts := c.Dir, c.storeOptions()
	return func() tea.Msg {
		var msg openMsg
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
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return store.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
