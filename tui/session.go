package tui

import (
	"errors"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/service"
	"rueckgabe/store"
)

// session is the protocol being edited with its save state. Saves run one at
// a time, each based on the revision the previous one committed; an edit made
// while a save is running is saved right after it.
//
// Every reply names the session that asked (id): a save that finishes after
// the user moved on to another protocol updates its own session only, and
// that session goes on saving what it still has.
type session struct {
	c        *Common
	id       uint64
	p        *inspection.Protocol
	rules    *catalog.Rules // the protocol's own profile
	status   store.Status
	revision int // the stored revision this copy is based on; 0: not stored yet
	saving   bool
	pending  bool
	// edit is what changed since the last save began, inflight what the
	// running save takes (edits.go)
	edit, inflight edits
	saveErr        error
	saves          int       // completed saves, for tests and the indicator
	started        time.Time // when the return was started: photos since then come first
	// attaching counts photo copies running for this session: it stays
	// alive (and quitting waits) until their photos are in the protocol.
	attaching int

	// voided says which signatures an edit took off, and why; shown in the
	// status line until the next edit that takes none off.
	voided string
	// lookedUp is the VIN whose handover protocols were looked up;
	// baselineNote what that found when it took none (delivery.go).
	lookedUp, baselineNote string
	// storeMissing is what the last save found that only the store can
	// tell (service.StoreProblems): shown with the open points and on F2.
	storeMissing []string
	// choices are the sealed handover protocols of the VIN when there are
	// several: Stammdaten asks which one (formPage.baselines).
	choices []service.Delivery

	val      inspection.Valuation
	problems inspection.Problems
	missing  []string // what stands between the protocol and signing
}

func newSession(c *Common, id uint64, p *inspection.Protocol, rec *store.Record) *session {
	s := &session{c: c, id: id, p: p, status: store.StatusDraft, rules: inspection.ProfileOf(p, c.Rules), started: c.now()}
	if rec != nil {
		s.revision, s.status, s.started = rec.Revision, rec.Status, rec.CreatedAt
	}
	s.recompute()
	return s
}

// readOnly: a sealed protocol is shown, never changed.
func (s *session) readOnly() bool { return s.status.Immutable() }

// busy: a save is running or waiting.
func (s *session) busy() bool { return s.saving || s.pending || s.attaching > 0 }

func (s *session) recompute() {
	s.val = inspection.Value(s.p, s.rules)
	s.problems = inspection.Validate(s.p, s.rules)
	s.missing = append(openPointsOf(s.p, s.rules), s.storeMissing...)
}

// changed is called after every edit: it takes off every signature the
// edit made void (it attested other content), revalues and saves.
func (s *session) changed() tea.Cmd {
	s.edit.whole = true
	return s.edited()
}

// changedFinding is changed after an edit of the findings is alone, and
// of nothing else but what lies outside the findings: its save names them
// (store.SaveEdit).
func (s *session) changedFinding(is ...int) tea.Cmd {
	for _, i := range is {
		s.edit.finding(i)
	}
	return s.edited()
}

// rejudged adds to the status line which findings an edit had judged anew
// by their measurements (inspection.Rejudge).
func (s *session) rejudged(is []int) {
	if len(is) == 0 {
		return
	}
	nums := make([]string, len(is))
	for k, i := range is {
		nums[k] = strconv.Itoa(i + 1)
	}
	note := "Befund " + strings.Join(nums, ", ") + " nach Messung neu beurteilt (Anzahl auf dem Teil)"
	if s.voided != "" {
		note = s.voided + " · " + note
	}
	s.voided = note
}

// edited: the edit is noted in s.edit; voids, revalues and saves.
func (s *session) edited() tea.Cmd {
	if !s.readOnly() {
		s.voided = ""
		if v := inspection.VoidStale(s.p, s.rules); len(v) > 0 {
			notes := make([]string, len(v))
			for i, x := range v {
				notes[i] = x.Notice()
			}
			s.voided = strings.Join(notes, " · ")
		}
	}
	s.recompute()
	if s.readOnly() {
		return nil
	}
	if s.saving {
		s.pending = true
		return s.lookupBaseline()
	}
	return tea.Batch(s.save(), s.lookupBaseline())
}

// savedMsg reports a finished save of session sess.
type savedMsg struct {
	sess     uint64
	rec      *store.Record
	problems []string // what only the store can tell keeps it from sealing
	err      error
}

func (s *session) save() tea.Cmd {
	s.saving, s.pending = true, false
	s.inflight, s.edit = s.edit, edits{}
	snap := s.p.Clone()
	rev := s.revision
	if snap.ID == "" {
		rev = store.AnyRevision
	}
	findings := s.inflight.named()
	id, w := s.id, s.c.Work
	return func() tea.Msg {
		rec, problems, err := w.SaveEditChecked(snap, rev, findings)
		return savedMsg{sess: id, rec: rec, problems: problems, err: err}
	}
}

// saved takes a save's result; on failure the edit stays in memory and the
// next edit (or ctrl+s) tries again.
func (s *session) saved(msg savedMsg) tea.Cmd {
	s.saving = false
	if msg.err != nil {
		s.saveErr = msg.err
		s.edit.add(s.inflight) // still to be saved
		s.inflight = edits{}
		if errors.As(msg.err, new(*store.LockedError)) && s.c.retryLater != nil {
			// held by another window or a command (a backup): tried again
			// by itself, so that the edit is not left unsaved until ctrl+s
			// after the other is long done (an outside tester)
			return s.c.retryLater(s.id)
		}
		return nil
	}
	s.inflight = edits{}
	s.saveErr = nil
	s.saves++
	s.revision = msg.rec.Revision
	s.storeMissing = msg.problems
	s.recompute()
	if s.p.ID == "" {
		s.p.ID = msg.rec.ID
	}
	if s.pending {
		return s.save()
	}
	return nil
}

// retrySaveMsg: try the failed save of session sess again (Common.retryLater).
type retrySaveMsg struct{ sess uint64 }

// saveRetryAfter is how long a save held off by another window waits
// before it is tried again.
const saveRetryAfter = 2 * time.Second

// retry saves again after a failure.
func (s *session) retry() tea.Cmd {
	if s.saving || s.readOnly() {
		return nil
	}
	return s.save()
}

// indicator is the quiet save state in the header. It says "gespeichert"
// only when what the screen shows is what is stored: unsaved says what the
// pages hold that is not in the protocol yet.
func (s *session) indicator(unsaved string) string {
	st := s.c.Styles
	switch {
	case s.readOnly():
		return st.Muted.Render("versiegelt")
	case s.saveErr != nil:
		return st.Error.Render("! nicht gespeichert")
	case s.busy():
		return st.Unsaved.Render("○ speichert")
	case unsaved != "":
		return st.Unsaved.Render("○ nicht übernommen")
	case s.revision == 0:
		return st.Muted.Render("neu")
	default:
		return st.Saved.Render("● gespeichert")
	}
}

// saveProblem says in German why the last save failed and how to retry
// (the words: service.SaveLine).
func saveProblem(err error) string {
	return service.SaveLine(err, service.SaveKeys{Retry: "ctrl+s", Back: "Esc"})
}
