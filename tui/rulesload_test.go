package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/catalog"
	"rueckgabe/service"
)

// Issue 26: the program starts Bubble Tea before the profile data are
// parsed; the app takes them in Init, which Bubble Tea calls after it has
// started its frame clock and before any update or View. New must not ask
// for them (the first frame would wait), Init must (nothing works without).
func TestRulesComeInInitNotInNew(t *testing.T) {
	calls := 0
	m := New(Options{Dir: t.TempDir(), Device: service.Device{Inspector: "Test Prüfer", Dealership: "Autohaus Test"},
		Today: fixedToday, NoColor: true, StoreIdle: time.Millisecond,
		LoadRules: func() (*catalog.Rules, error) { calls++; return testRules, nil }})
	if calls != 0 || m.c.Hints != nil {
		t.Fatalf("New loaded the rules (%d calls) or the hints (%v): the first frame waits for them", calls, m.c.Hints != nil)
	}
	m.c.jobs.ticker = func() tea.Cmd { return nil }
	d := &driver{t: t, m: m}
	d.run(m.Init())
	if calls != 1 || m.c.Rules != testRules || m.c.Hints == nil || len(m.c.Hints.ProfileMakes) == 0 || m.c.Work == nil || m.c.Work.Rules != testRules || m.c.Work.Options.Rules != testRules {
		t.Fatalf("after Init: %d calls, rules %p, workspace %+v", calls, m.c.Rules, m.c.Work)
	}
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	d.mustSee("Willkommen bei rueckgabe.") // the start screen of an empty store
	d.press("n")
	if strings.Contains(d.screen(), "Leasinggeber-Profil") {
		d.press("enter") // the picklist of the loaded rules' registry
	}
	if d.m.sess == nil || d.m.sess.rules != testRules {
		t.Fatalf("a new protocol without the loaded rules: %+v", d.m.sess)
	}
	d.run(m.Init()) // a second Init (none comes) would not load again
	if calls != 1 {
		t.Fatalf("rules loaded %d times", calls)
	}
}

// A failure to load them ends the program before anything is drawn; the
// caller says why.
func TestRulesThatDoNotLoadEndTheProgram(t *testing.T) {
	broken := errors.New("profile data broken")
	m := New(Options{Dir: t.TempDir(), NoColor: true,
		LoadRules: func() (*catalog.Rules, error) { return nil, broken }})
	cmd := m.Init()
	if cmd == nil {
		t.Fatal("Init goes on without rules")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("Init does not quit without rules")
	}
	if v := m.View(); v.Content != "" || v.AltScreen {
		t.Fatalf("drawn without rules: %+v", v)
	}
	if !errors.Is(m.RulesErr(), broken) {
		t.Fatalf("RulesErr = %v", m.RulesErr())
	}
}
