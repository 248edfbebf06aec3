package tui

import (
	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/store"
)

// listMsg carries the start screen's protocols for request seq; an older
// request's reply (a search typed on since) is dropped.
type listMsg struct {
	seq  uint64
	recs []*store.Record
	err  error
}

// startListRows is how many protocols the start screen holds: several
// screenfuls; beyond them the search narrows the list.
const startListRows = 100

func listCmd(c *Common, seq uint64, search string) tea.Cmd {
	w := c.Work
	return func() tea.Msg {
		recs, err := w.List(search, startListRows)
		return listMsg{seq: seq, recs: recs, err: err}
	}
}

// openMsg carries a protocol loaded for editing, for open request seq.
type openMsg struct {
	seq      uint64
	rec      *store.Record
	p        *inspection.Protocol
	problems []string // service.StoreProblems of a draft
	err      error
}

func openCmd(c *Common, seq uint64, id string) tea.Cmd {
	w := c.Work
	return func() tea.Msg {
		msg := openMsg{seq: seq}
		msg.rec, msg.p, msg.problems, msg.err = w.OpenChecked(id)
		return msg
	}
}
