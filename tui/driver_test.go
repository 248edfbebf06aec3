package tui

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/service"
)

var testRules = catalog.MustDefault()

func fixedToday() inspection.Date { return inspection.NewDate(2024, 4, 3) }

// driver runs the app synchronously: every command is executed and its
// message fed back, the way the Bubble Tea runtime would. With hold set it
// keeps commands back instead, so a test can let the user move on before a
// reply arrives (resolve runs them, deliver hands their replies over in any
// order) — the orderings a synchronous driver cannot show.
type driver struct {
	t     testing.TB
	m     *Model
	quit  bool
	keys  int // keystrokes sent, for the keystroke budget
	hold  bool
	held  []tea.Cmd // commands not run yet
	inbox []tea.Msg // replies of run commands, not delivered yet
}

// resolve runs every held command (their I/O happens now) and keeps their
// replies in the inbox.
func (d *driver) resolve() {
	for len(d.held) > 0 {
		c := d.held[0]
		d.held = d.held[1:]
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			d.held = append(d.held, msg...)
		default:
			d.inbox = append(d.inbox, msg)
		}
	}
}

// deliver hands over the inbox's replies that match, in inbox order.
func (d *driver) deliver(match func(tea.Msg) bool) int {
	var now, rest []tea.Msg
	for _, msg := range d.inbox {
		if match(msg) {
			now = append(now, msg)
		} else {
			rest = append(rest, msg)
		}
	}
	d.inbox = rest
	for _, msg := range now {
		d.send(msg)
	}
	return len(now)
}

// settle stops holding and runs and delivers everything outstanding.
func (d *driver) settle() {
	d.hold = false
	for len(d.held) > 0 || len(d.inbox) > 0 {
		d.resolve()
		msgs := d.inbox
		d.inbox = nil
		for _, m := range msgs {
			d.send(m)
		}
	}
}

func newDriver(t testing.TB, dir string, w, h int) *driver {
	t.Helper()
	// the store is released a moment after each operation, so that the
	// tests' own reads of it do not wait for the real idle time
	m := New(Options{Dir: dir, Device: service.Device{Inspector: "Test Prüfer", Dealership: "Autohaus Test"}, Rules: testRules, Today: fixedToday, NoColor: true, StoreIdle: time.Millisecond})
	m.c.jobs.ticker = func() tea.Cmd { return nil }      // a real tick would sleep and tick on: the tests send jobTickMsg themselves
	m.c.retryLater = func(uint64) tea.Cmd { return nil } // likewise: the tests send retrySaveMsg
	d := &driver{t: t, m: m}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(m.Init())
	return d
}

func (d *driver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if d.hold {
		d.held = append(d.held, cmd)
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case tea.QuitMsg:
		d.quit = true
	default:
		d.send(msg)
	}
}

// press sends named keys ("enter", "tab", "f4", "ctrl+b", "space") or single characters.
func (d *driver) press(names ...string) {
	for _, n := range names {
		d.keys++
		d.send(keyMsg(n))
	}
}

// typ types text, one keystroke per character.
func (d *driver) typ(s string) {
	for _, r := range s {
		d.keys++
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

var namedKeys = map[string]rune{
	"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
	"left": tea.KeyLeft, "right": tea.KeyRight, "end": tea.KeyEnd, "home": tea.KeyHome, "space": tea.KeySpace, "backspace": tea.KeyBackspace,
	"f2": tea.KeyF2, "f3": tea.KeyF3, "f4": tea.KeyF4, "f5": tea.KeyF5, "f6": tea.KeyF6,
}

func keyMsg(name string) tea.KeyPressMsg {
	mod := tea.KeyMod(0)
	for _, p := range []struct {
		prefix string
		m      tea.KeyMod
	}{{"ctrl+", tea.ModCtrl}, {"shift+", tea.ModShift}} {
		if rest, ok := strings.CutPrefix(name, p.prefix); ok && len(rest) > 0 {
			mod |= p.m
			name = rest
		}
	}
	if code, ok := namedKeys[name]; ok {
		k := tea.KeyPressMsg{Code: code, Mod: mod}
		if code == tea.KeySpace && mod == 0 {
			k.Text = " "
		}
		return k
	}
	r, _ := utf8.DecodeRuneInString(name)
	k := tea.KeyPressMsg{Code: r, Mod: mod}
	if mod == 0 {
		k.Text = name
	}
	return k
}

// screen is the stripped view, trailing spaces removed.
func (d *driver) screen() string {
	lines := strings.Split(ansi.Strip(d.m.View().Content), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

func (d *driver) mustSee(want ...string) {
	d.t.Helper()
	s := d.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			d.t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

func formatEuro(d interface{ StringFixed(int32) string }) string {
	s := d.StringFixed(2)
	return strings.Replace(s, ".", ",", 1)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
