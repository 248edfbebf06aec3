package tui

import (
	"fmt"
	"rueckgabe/inspection"
	"rueckgabe/store"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// No window size makes the app panic: every screen is resized to widths
// and heights around the smallest it draws and far below it (1 column,
// 1 row), laid out and drawn; below the smallest it says so.
func TestNoWindowSizePanics(t *testing.T) {
	screens := []struct {
		name string
		keys []string
	}{
		{"start", nil},
		{"stammdaten", []string{"d"}},
		{"voraussetzungen", []string{"d", "f3"}},
		{"rundgang leer", []string{"d", "f4", "right", "right", "right", "right", "right"}},
		{"rundgang", []string{"d", "f4", "right"}},
		{"diagramm", []string{"d", "f4", "o"}},
		{"befund", []string{"d", "f4", "a"}},
		{"reifen", []string{"d", "f5"}},
		{"summe", []string{"d", "f6"}},
		{"unterschrift", []string{"d", "f7"}},
		{"hilfe", []string{"d", "f1"}},
	}
	var sizes [][2]int
	for _, w := range []int{1, 2, 5, 20, minWidth - 1, minWidth, minWidth + 1, minWidth + 7, 80} {
		for _, h := range []int{1, 2, 4, 5, 6, minHeight - 1, minHeight, minHeight + 1, minHeight + 4, 24} {
			sizes = append(sizes, [2]int{w, h})
		}
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			d := newDriver(t, t.TempDir(), 80, 24)
			d.press(sc.keys...)
			for _, s := range sizes {
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Fatalf("%d×%d: panic %v", s[0], s[1], r)
						}
					}()
					d.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
					d.press("down") // an update and its layout pass at this size
					d.press("up")
					screen := d.screen()
					if s[0] < minWidth || s[1] < minHeight {
						if !strings.Contains(screen, "klein") && s[0] >= 12 && s[1] >= 2 {
							t.Errorf("%d×%d: does not say the window is too small:\n%s", s[0], s[1], screen)
						}
					}
				}()
			}
		})
	}
}

// The start list fills the screen and scrolls with the cursor: at 80×24
// with 30 protocols every one is reached and shown, and enter opens the
// one the cursor is on, as shown.
func TestStartListScrollsWithTheCursor(t *testing.T) {
	dir := t.TempDir()
	err := store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
		for i := range 30 {
			p := inspection.NewDraft(testRules, "t", "")
			p.ID = fmt.Sprintf("T-%02d", i)
			p.Vehicle.Plate = fmt.Sprintf("M-X %d", i)
			if _, _, err := s.Import(p, "t"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, dir, 80, 24)
	d.settle()
	rows := strings.Count(d.screen(), "M-X ")
	if rows < 18 {
		t.Fatalf("%d of 30 protocols shown at 80×24:\n%s", rows, d.screen())
	}
	seen := map[string]bool{}
	for range 30 {
		line := ""
		for _, l := range strings.Split(d.screen(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "Entwurf") && d.m.start.cursor < len(d.m.start.recs) && strings.Contains(l, d.m.start.recs[d.m.start.cursor].Summary.Plate+" ") {
				line = l
			}
		}
		if line == "" {
			t.Fatalf("the cursor's row (%d) is not on screen:\n%s", d.m.start.cursor, d.screen())
		}
		seen[d.m.start.recs[d.m.start.cursor].ID] = true
		d.press("down")
	}
	if len(seen) != 30 {
		t.Fatalf("reached %d of 30", len(seen))
	}
	want := d.m.start.recs[d.m.start.cursor]
	d.press("enter")
	d.settle()
	if d.m.sess == nil || d.m.sess.p.ID != want.ID {
		t.Fatalf("enter opened another protocol than the one shown under the cursor")
	}
}

// Each section of the finding's details is one block: a section's name
// never comes back after another's (tester: two "Merkmale").
func TestFindingDetailsSectionsAreContiguous(t *testing.T) {
	for _, pointed := range []bool{false, true} {
		d := newDriver(t, t.TempDir(), 100, 30)
		if pointed {
			d.press("d", "f4", "right", "o", "2", "r")
		} else {
			d.press("d", "f4", "a")
		}
		e := d.walk().editor
		if e == nil {
			t.Fatal("no editor")
		}
		seen := map[string]bool{}
		last := ""
		for _, f := range e.detailFields() {
			if f.section != last {
				if seen[f.section] {
					t.Errorf("located %t: section %q comes twice", pointed, f.section)
				}
				seen[f.section], last = true, f.section
			}
		}
	}
}

// A search kept with enter is cleared with esc (tester: "keine Treffer"
// stayed until / and esc).
func TestEscClearsAKeptSearch(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d") // a demo protocol in the list
	d.press("esc")
	d.settle()
	d.press("/")
	d.typ("zzzz")
	d.press("enter")
	d.settle()
	d.mustSee("keine Treffer")
	d.press("esc")
	d.settle()
	if strings.Contains(d.screen(), "keine Treffer") || d.m.start.filter.Value() != "" {
		t.Fatalf("the search stays:\n%s", d.screen())
	}
	d.mustSee("M-DE 2024")
}

// From 110 columns the sidebar grows: at 120 no category name but the
// longest wraps, and a click on a row still picks the category drawn there.
func TestWideSidebarKeepsNamesWholeAndClicksRight(t *testing.T) {
	d := newDriver(t, t.TempDir(), 120, 40)
	d.press("d", "f4")
	d.mustSee(" Verglasung / Beleuchtung ", " Reifen / Felgen / Radkappen ", " Mechanik / Elektrik ")
	lines := strings.Split(d.screen(), "\n")
	for y, l := range lines {
		if strings.Contains(l, "Mechanik / Elektrik") {
			d.send(tea.MouseClickMsg{X: 3, Y: y, Button: tea.MouseLeft})
			break
		}
	}
	if got := testRules.Catalogue.Categories[d.walk().cat].Name; got != "Mechanik / Elektrik" {
		t.Fatalf("the click picked %q", got)
	}
}
