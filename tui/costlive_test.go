package tui

import (
	"strings"
	"testing"

	"rueckgabe/money"
)

// A finding priced by cost lines (the demo's): an amount typed over their
// sum is valued live, as enter will take it — the head showed the lines'
// 145,21 € while the field read 444 and the header said "gespeichert" —
// and typing the sum again brings the lines back.
func TestAmountTypedOverCostLinesIsValuedLive(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d", "f4", "right", "enter")
	lines := d.m.sess.p.Findings[0].Costs
	if lines.IsZero() {
		t.Fatal("the demo's finding has no cost lines")
	}
	d.typ("444")
	d.mustSee("berechnet 222,00 € = 444,00 € × 50 %", "○ nicht übernommen")
	for range 3 {
		d.press("backspace")
	}
	d.typ(strings.ReplaceAll(money.German(lines.Sum()), ".", ""))
	d.mustSee("berechnet 145,21 € = 290,42 € × 50 %")
	if e := d.m.pages[pageWalk].(*walkPage).editor; e == nil || e.f().Costs != lines {
		t.Errorf("the lines are not back")
	}
}
