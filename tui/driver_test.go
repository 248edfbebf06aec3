package tui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// updating reports -update (the flag is defined by teatest's golden package).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var testRules = catalog.MustDefault()

func fixedToday() inspection.Date { return inspection.NewDate(2024, 4, 3) }

// driver runs the app synchronously: every command is executed and its
// message fed back, the way the Bubble Tea runtime would.
type driver struct {
	t    testing.TB
	m    *Model
	quit bool
	keys int // keystrokes sent, for the keystroke budget
}

func newDriver(t testing.TB, dir string, w, h int) *driver {
	t.Helper()
	m := New(Options{Dir: dir, Inspector: "Test Prüfer", Rules: testRules, Today: fixedToday, NoColor: true})
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
	"left": tea.KeyLeft, "right": tea.KeyRight, "space": tea.KeySpace, "backspace": tea.KeyBackspace,
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

// golden compares the screen with testdata/NAME.golden (-update rewrites it).
func (d *driver) golden(name string) {
	d.t.Helper()
	path := filepath.Join("testdata", name+".golden")
	got := d.screen()
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			d.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			d.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		d.t.Fatalf("%v (run go test ./tui -update)", err)
	}
	if got != string(want) {
		d.t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func formatEuro(d interface{ StringFixed(int32) string }) string {
	s := d.StringFixed(2)
	return strings.Replace(s, ".", ",", 1)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
