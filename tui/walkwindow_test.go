package tui

import (
	"fmt"
	"strings"
	"testing"

	"rueckgabe/inspection"
)

// A category with more findings than the screen has rows shows a window
// around the selected one: moving down through 60 findings, the "›" line is
// always on screen and names the selected finding; the sidebar counts the
// findings of every category.
func TestWalkthroughKeepsTheSelectedFindingOnScreen(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d")
	cat := testRules.Catalogue.Categories[0]
	for i := range 60 {
		d.m.sess.p.Findings = append(d.m.sess.p.Findings, inspection.Finding{Category: cat.ID, Rule: cat.Criteria[len(cat.Criteria)-1].ID,
			Part: fmt.Sprintf("Teil-%02d", i), Repair: inspection.RepairSmart, Cost: decimalNull{Decimal: dec("10.00"), Valid: true}})
	}
	d.m.sess.recompute()
	d.press("f4")
	n := d.m.sess.p.FindingCount(cat.ID)
	for k := range n {
		screen := d.screen()
		var sel string
		for _, l := range strings.Split(screen, "\n") {
			if strings.Contains(l, "›") {
				sel = l
			}
		}
		idx := d.m.pages[pageWalk].(*walkPage).findings()
		if want := d.m.sess.p.Findings[idx[k]].Part; !strings.Contains(sel, want) {
			t.Fatalf("finding %d of %d selected: the line with › is %q, want it to name %q\n%s", k+1, n, sel, want, screen)
		}
		if !strings.Contains(screen, fmt.Sprintf("%d Bef", n)) {
			t.Fatalf("the sidebar does not count %d findings:\n%s", n, screen)
		}
		d.press("down")
	}
}
