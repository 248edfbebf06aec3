package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// Issue 23 "every width": at 80×24 nothing a decision needs is cut — the
// open points of the seal row, each signer's name and time, the F5 hint, the
// late-return explanation, F4's notice on a sealed protocol.
func TestNothingADecisionNeedsIsCutAt80x24(t *testing.T) {
	d := readyDriver(t, t.TempDir())
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	uncut := func(where string) {
		t.Helper()
		for _, l := range strings.Split(d.screen(), "\n") {
			if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
				t.Errorf("%s: a line is cut: %q", where, l)
			}
		}
	}
	d.press("f5", "tab")
	if !strings.Contains(d.screen(), "z. B. 1 oder 1/2 · ") || !strings.Contains(d.screen(), " erwartet\n") {
		t.Errorf("F5: the delivery hint is not whole:\n%s", d.screen())
	}
	s := d.m.sess // a long part: the F6 row wraps, whole
	s.p.Findings[0].Part = "Tür hinten links, Falz und Einstiegsleiste unten bis zur C-Säule"
	s.recompute()
	d.press("f6")
	d.mustSee("Lackierung · Tür hinten links, Falz", "bis zur C-Säule")
	d.mustSee("3 Tage nach Vertragsende (31.03.2024): 349,93 € × 3 / 30 = 34,99 €")
	uncut("F6")
	d.press("f7")
	d.mustSee("Versiegeln – es fehlen noch 3 Punkte", "• Unterschrift fehlt: Prüfer", "• Unterschrift fehlt: Kunde: Einigung über Minderwerte")
	uncut("F7 before signing")
	for range 3 { // the three signatures of the agreement path
		d.press("enter", "enter", "down")
	}
	d.mustSee("Mustermann (Demo) 03.04.2024 12:20 CEST", "Prüfer: Test Prüfer 03.04.2024 12:20 CEST")
	uncut("F7 signed")
	d.press("enter", "enter")
	d.mustSee("versiegelt · SHA-256")
	d.press("f4", "k")
	d.mustSee("versiegelt – Änderungen nur als Nachtrag", "(rueckgabe amend "+d.m.sess.p.ID+")")
}

// Issue 23: the finding editor's head — the verdict and the table row that
// sets the share — wraps at 80×24 instead of being cut.
func TestFindingEditorHeadIsWholeAt80x24(t *testing.T) {
	d := readyDriver(t, t.TempDir())
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	s := d.m.sess
	s.p.Findings[0].Part = "Tür hinten links, Falz und Einstiegsleiste unten bis zur C-Säule"
	s.recompute()
	for i, c := range testRules.Catalogue.Categories {
		if c.ID == s.p.Findings[0].Category {
			d.m.pages[pageWalk].(*walkPage).cat = i
		}
	}
	d.press("f4", "enter")
	d.mustSee("Befund bearbeiten", "✗ nicht akzeptabel", "50.001–100.000 km →")
	for _, l := range strings.Split(d.screen(), "\n")[:4] {
		if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
			t.Errorf("the editor's head is cut: %q", l)
		}
	}
}
