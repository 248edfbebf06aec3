package report

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoHeadingEndsAPage: whatever the length of what comes before, a
// section heading is never the last line of a page, its section on the
// next ("Siegel" stood alone at the bottom of a page). A finding's note
// grows a line at a time, so every heading passes every page's end.
func TestNoHeadingEndsAPage(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (Debian: poppler-utils)")
	}
	headings := []string{"Fahrzeug", "Kunde", "Vertrag und Rückgabe", "Voraussetzungen für eine objektive Beurteilung",
		"Befunde nach Kategorien", "Reifen, Lieferumfang, HU/AU", "Bewertung", "Bewertung (netto)", "Unterschriften", "Siegel"}
	for k := 0; k <= 44; k++ {
		p := example(t)
		p.Findings[0].Note = strings.Repeat("Kratzer an der Kante entlang, ", 3*k)
		pdf, err := PDF(p, rules, sealedMeta)
		if err != nil {
			t.Fatal(err)
		}
		words := pdfWords(t, pdf)
		for page := 1; ; page++ {
			var on []pdfWord
			for _, w := range words {
				if w.page == page {
					on = append(on, w)
				}
			}
			if len(on) == 0 {
				break
			}
			// the page's lines top down, the footer (… Seite N) left out
			slices.SortStableFunc(on, func(a, b pdfWord) int {
				if a.YMin != b.YMin {
					if a.YMin < b.YMin {
						return -1
					}
					return 1
				}
				if a.XMin < b.XMin {
					return -1
				}
				return 1
			})
			var lines []string
			var lastY float64 = -1
			for _, w := range on {
				if lastY < 0 || w.YMin > lastY+2 {
					lines = append(lines, w.Text)
					lastY = w.YMin
				} else {
					lines[len(lines)-1] += " " + w.Text
				}
			}
			if len(lines) > 0 && strings.Contains(lines[len(lines)-1], "Seite") {
				lines = lines[:len(lines)-1]
			}
			if len(lines) > 0 && slices.Contains(headings, lines[len(lines)-1]) {
				t.Errorf("note of %d lines: page %d ends with the heading %q", k, page, lines[len(lines)-1])
			}
		}
	}
}
