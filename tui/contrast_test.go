package tui

import (
	"fmt"
	"image/color"
	"math"
	"reflect"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// luminance is WCAG 2's relative luminance of a colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v>>8) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2's contrast ratio of two colours (1 to 21).
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func hex(s string) color.Color { return lipgloss.Color(s) }

// xterm's 16 colours; lipgloss reports the VGA ones (#800000 …). A terminal
// with 16 colours shows one or the other (or near them): both must read.
var xterm16 = []string{"#000000", "#CD0000", "#00CD00", "#CDCD00", "#0000EE", "#CD00CD", "#00CDCD", "#E5E5E5",
	"#7F7F7F", "#FF0000", "#00FF00", "#FFFF00", "#5C5CFF", "#FF00FF", "#00FFFF", "#FFFFFF"}

// renderings are the RGB values a palette colour may take on a terminal.
func renderings(c color.Color, ansi16 bool) []color.Color {
	if !ansi16 {
		return []color.Color{c}
	}
	for i := range 16 {
		if reflect.DeepEqual(c, lipgloss.Color(fmt.Sprint(i))) {
			return []color.Color{c, hex(xterm16[i])}
		}
	}
	return []color.Color{c}
}

// Issue 23: every text colour reads at 4.5:1 or better on the background it
// is for — the help's descriptions were 2.37:1 and its separators 1.90:1 on
// black, the warnings and "gespeichert" 1.7:1 on white.
func TestPaletteContrast(t *testing.T) {
	for _, tc := range []struct {
		name         string
		dark, ansi16 bool
		backgrounds  []string
	}{
		{"dunkel", true, false, []string{"#000000", "#1E1E1E"}},
		{"hell", false, false, []string{"#FFFFFF", "#F5F5F5"}},
		{"dunkel, 16 Farben", true, true, []string{"#000000"}},
		{"hell, 16 Farben", false, true, []string{"#FFFFFF"}},
	} {
		pal := paletteFor(tc.dark, tc.ansi16)
		v := reflect.ValueOf(pal)
		for i := range v.NumField() {
			name, col := v.Type().Field(i).Name, v.Field(i).Interface().(color.Color)
			for _, bg := range tc.backgrounds {
				for _, shown := range renderings(col, tc.ansi16) {
					if r := contrast(shown, hex(bg)); r < 4.5 {
						r1, g1, b1, _ := shown.RGBA()
						t.Errorf("%s: %s #%02X%02X%02X on %s is %.2f:1, want ≥ 4.5:1", tc.name, name, r1>>8, g1>>8, b1>>8, bg, r)
					}
				}
			}
			if tc.ansi16 {
				// nothing black on black (nor white on white): 8 is near black on many terminals
				bad := map[bool][]string{true: {"0", "8"}, false: {"7", "8", "15"}}[tc.dark]
				for _, b := range bad {
					if reflect.DeepEqual(col, lipgloss.Color(b)) {
						t.Errorf("%s: %s is ANSI %s", tc.name, name, b)
					}
				}
			}
		}
	}
	for _, bg := range []string{"#000000", "#FFFFFF"} { // an input's example, on either
		if r := contrast(placeholderGrey, hex(bg)); r < 4.5 {
			t.Errorf("placeholder on %s: %.2f:1", bg, r)
		}
	}
}

// The styles follow the terminal's answer: its background (light or dark)
// and its colours (16: the 16-colour palette), the key help included.
func TestStylesFollowTheTerminal(t *testing.T) {
	m := New(Options{Dir: t.TempDir(), Rules: testRules, Today: fixedToday})
	fg := func(s lipgloss.Style) color.Color { return s.GetForeground() }
	if !reflect.DeepEqual(fg(m.c.Styles.Muted), paletteDark.Muted) || !reflect.DeepEqual(fg(m.help.Styles.ShortDesc), paletteDark.HelpDesc) {
		t.Fatalf("before any answer: not the dark palette")
	}
	m.Update(tea.BackgroundColorMsg{Color: hex("#FFFFFF")})
	if !reflect.DeepEqual(fg(m.c.Styles.Warn), paletteLight.Warn) || !reflect.DeepEqual(fg(m.help.Styles.ShortSeparator), paletteLight.HelpSep) {
		t.Errorf("a white background does not get the light palette")
	}
	m.Update(tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	if !reflect.DeepEqual(fg(m.c.Styles.Saved), paletteLight16.OK) || !reflect.DeepEqual(fg(m.help.Styles.ShortKey), paletteLight16.HelpKey) {
		t.Errorf("a 16-colour light terminal does not get its palette")
	}
	m.Update(tea.BackgroundColorMsg{Color: hex("#101010")})
	if !reflect.DeepEqual(fg(m.c.Styles.Title), paletteDark16.Title) {
		t.Errorf("a 16-colour dark terminal does not get its palette")
	}
	n := New(Options{Dir: t.TempDir(), Rules: testRules, Today: fixedToday, NoColor: true})
	n.Update(tea.BackgroundColorMsg{Color: hex("#FFFFFF")})
	if c := fg(n.c.Styles.Muted); c != nil && !reflect.DeepEqual(c, lipgloss.NoColor{}) {
		t.Errorf("NO_COLOR: muted text has colour %v", c)
	}
}
