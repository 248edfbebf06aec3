package tui

import (
	"strings"
	"testing"
)

// TestLongFieldTextTakesTheRow: a focused field whose text is longer than
// the input's usual width shows it across the row instead of scrolling it
// in 28 cells (a tyre's make and size, an address); its hint goes under it.
func TestLongFieldTextTakesTheRow(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d") // the demo on Stammdaten, the plate focused
	for range 20 {
		if strings.Contains(d.screen(), "› Name") {
			break
		}
		d.press("tab")
	}
	d.press("end")
	d.typ(" und Max Mustermann-Lüdenscheidt")
	d.mustSee("Erika Mustermann (Demo) und Max Mustermann-Lüdenscheidt")
}
