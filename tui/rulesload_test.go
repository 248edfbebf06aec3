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

func lazyApp(t *testing.T, load func() (*catalog.Rules, error)) *Model {
	m := New(Options{Dir: t.TempDir(), Device: service.Device{Inspector: "Test Prüfer", Dealership: "Autohaus Test"},
		Today: fixedToday, NoColor: true, StoreIdle: time.Millisecond, LoadRules: load})
	m.c.jobs.ticker = func() tea.Cmd { return nil }
	return m
}

// Issue 26: the program starts Bubble Tea while the profile data are parsed
// beside. New and Init do not wait for them, nor does the first frame: it is
// the start screen; the rules come as a message of Init's command and the
// list follows. Loaded once.
func TestRulesComeAfterTheFirstFrame(t *testing.T) {
	calls := 0
	m := lazyApp(t, func() (*catalog.Rules, error) { calls++; return testRules, nil })
	init := m.Init()
	if calls != 0 || m.c.Rules != nil || m.c.Hints != nil {
		t.Fatalf("New or Init loaded the rules (%d calls) or the hints (%v): the first frame waits for them", calls, m.c.Hints != nil)
	}
	d := &driver{t: t, m: m}
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	if calls != 0 {
		t.Fatal("the window size waited for the rules")
	}
	if v := m.View(); !v.AltScreen || !strings.Contains(d.screen(), "Fahrzeugrücknahme") || !strings.Contains(d.screen(), "neues Protokoll") {
		t.Fatalf("the first frame is not the start screen:\n%s", d.screen())
	}
	if strings.Contains(d.screen(), "keine Treffer") {
		t.Fatalf("before the list is read, the start screen says there are no hits:\n%s", d.screen())
	}
	d.run(init) // the rules arrive, the list follows
	if calls != 1 || m.c.Rules != testRules || m.c.Hints == nil || len(m.c.Hints.ProfileMakes) == 0 || m.c.Work == nil ||
		m.c.Work.Rules != testRules || m.c.Work.Options.Rules != testRules {
		t.Fatalf("after the rules came: %d calls, rules %p, workspace %+v", calls, m.c.Rules, m.c.Work)
	}
	d.mustSee("Willkommen bei rueckgabe.") // the start screen of an empty store: the list was read
	d.press("n")
	if strings.Contains(d.screen(), "Leasinggeber-Profil") {
		d.press("enter") // the picklist of the loaded rules' registry
	}
	if d.m.sess == nil || d.m.sess.rules != testRules {
		t.Fatalf("a new protocol without the loaded rules: %+v", d.m.sess)
	}
	if calls != 1 {
		t.Fatalf("rules loaded %d times", calls)
	}
}

// A key before the rules' message waits for them: it works with the rules
// and the list is read; the message that follows changes nothing.
func TestAKeyBeforeTheRulesWaitsForThem(t *testing.T) {
	calls := 0
	m := lazyApp(t, func() (*catalog.Rules, error) { calls++; return testRules, nil })
	init := m.Init()
	d := &driver{t: t, m: m}
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	d.press("n")
	if calls != 1 || m.c.Rules != testRules {
		t.Fatalf("the key did not wait for the rules: %d calls", calls)
	}
	if strings.Contains(d.screen(), "Leasinggeber-Profil") {
		d.press("enter")
	}
	if d.m.sess == nil || d.m.sess.rules != testRules {
		t.Fatalf("a new protocol without the rules: %+v", d.m.sess)
	}
	d.run(init)
	if calls != 1 || d.m.sess == nil {
		t.Fatalf("the late rules message: %d calls, session %v", calls, d.m.sess)
	}
}

// A failure to load them ends the program; the caller says why.
func TestRulesThatDoNotLoadEndTheProgram(t *testing.T) {
	broken := errors.New("profile data broken")
	m := lazyApp(t, func() (*catalog.Rules, error) { return nil, broken })
	d := &driver{t: t, m: m}
	d.run(m.Init())
	if !d.quit {
		t.Fatal("the program goes on without rules")
	}
	if v := m.View(); v.Content != "" || v.AltScreen {
		t.Fatalf("drawn without rules: %+v", v)
	}
	if !errors.Is(m.RulesErr(), broken) {
		t.Fatalf("RulesErr = %v", m.RulesErr())
	}
}
