package tui

import (
	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/store"
)

// session is the protocol being edited with its save state. Saves run one at
// a time, each based on the revision the previous one committed; an edit made
// while a save is running is saved right after it.
type session struct {
	c        *Common
	p        *inspection.Protocol
	status   store.Status
	revision int // the stored revision this copy is based on; 0: not stored yet
	saving   bool
	pending  bool
	saveErr  error
	saves    int // completed saves, for tests and the indicator

	val      inspection.Valuation
	problems inspection.Problems
}

func newSession(c *Common, p *inspection.Protocol, rec *store.Record) *session {
	s := &session{c: c, p: p, status: store.StatusDraft}
	if rec != nil {
		s.revision, s.status = rec.Revision, rec.Status
	}
	s.recompute()
	return s
}

// readOnly: a sealed protocol is shown, never changed.
func (s *session) readOnly() bool { return s.status.Immutable() }

func (s *session) recompute() {
	s.val = inspection.Value(s.p, s.c.Rules)
	s.problems = inspection.Validate(s.p, s.c.Rules)
}

// changed is called after every edit: it revalues and saves.
func (s *session) changed() tea.Cmd {
	s.recompute()
	if s.readOnly() {
		return nil
	}
	if s.saving {
		s.pending = true
		return nil
	}
	return s.save()
}

// savedMsg reports a finished save.
type savedMsg struct {
	rec *store.Record
	err error
}

func (s *session) save() tea.Cmd {
	s.saving, s.pending = true, false
	snap := s.p.Clone()
	rev := s.revision
	if snap.ID == "" {
		rev = store.AnyRevision
	}
	dir, by, opts := s.c.Dir, s.c.Inspector, s.c.storeOptions()
	return func() tea.Msg {
		var rec *store.Record
		err := store.With(dir, opts, func(st *store.Store) error {
			var err error
			rec, err = st.Save(snap, rev, by)
			return err
		})
		return savedMsg{rec: rec, err: err}
	}
}

// saved takes a save's result; on failure the edit stays in memory and the
// next edit (or ctrl+s) tries again.
func (s *session) saved(msg savedMsg) tea.Cmd {
	s.saving = false
	if msg.err != nil {
		s.saveErr = msg.err
		return nil
	}
	s.saveErr = nil
	s.saves++
	s.revision = msg.rec.Revision
	if s.p.ID == "" {
		s.p.ID = msg.rec.ID
	}
	if s.pending {
		return s.save()
	}
	return nil
}

// retry saves again after a failure.
func (s *session) retry() tea.Cmd {
	if s.saving || s.readOnly() {
		return nil
	}
	return s.save()
}

// indicator is the quiet save state in the header.
func (s *session) indicator() string {
	st := s.c.Styles
	switch {
	case s.readOnly():
		return st.Muted.Render("versiegelt")
	case s.saveErr != nil:
		return st.Error.Render("! nicht gespeichert")
	case s.saving || s.pending:
		return st.Unsaved.Render("○ speichert")
	case s.revision == 0:
		return st.Muted.Render("neu")
	default:
		return st.Saved.Render("● gespeichert")
	}
}
