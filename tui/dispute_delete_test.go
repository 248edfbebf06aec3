package tui

import (
	"slices"
	"strings"
	"testing"

	"rueckgabe/inspection"
	"rueckgabe/store"
)

// TestDeletingAFindingKeepsTheDisputeOnItsDamage: the dispute names its
// findings by index. Deleting a finding before a disputed one keeps the
// mark on the same damage (an outside tester saw it move to the next
// finding, or point at none and block sealing); a disputed finding itself
// is not deleted until its mark is taken off in F7.
func TestDeletingAFindingKeepsTheDisputeOnItsDamage(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 100, 30)
	d.press("d", "f4")                    // the demo: one finding in Lackierung (index 0)
	addFinding(d, "tvl", "2", "4", "120") // Karosserie: index 1
	addFinding(d, "tvr", "2", "4", "130") // index 2
	p := d.m.sess.p
	disputed := p.Findings[1].Part
	p.Dispute = inspection.NewDispute(d.m.sess.rules)
	p.Dispute.Findings = []int{1}
	d.run(d.m.sess.changed())

	d.mustSee("bestritten ✗ Tür vorn links") // F4 shows the mark
	// the disputed finding: not deleted
	d.press("x", "x")
	if len(p.Findings) != 3 || !slices.Equal(p.Dispute.Findings, []int{1}) {
		t.Fatalf("x on the disputed finding: %d findings, disputed %v", len(p.Findings), p.Dispute.Findings)
	}
	d.mustSee("erst in F7 die Markierung aufheben")

	d.press("right") // Lackierung: the demo's finding, before the disputed one
	d.press("x", "x")
	if len(p.Findings) != 2 {
		t.Fatalf("%d findings after deleting one of 3", len(p.Findings))
	}
	if !slices.Equal(p.Dispute.Findings, []int{0}) || p.Findings[0].Part != disputed {
		t.Fatalf("disputed %v, finding 0 %q; want the mark on %q", p.Dispute.Findings, p.Findings[0].Part, disputed)
	}
	d.m.work.Release()
	for _, sp := range storedProtocols(t, dir) {
		if sp.Dispute == nil || !slices.Equal(sp.Dispute.Findings, []int{0}) || sp.Findings[0].Part != disputed {
			t.Fatalf("stored: dispute %+v, finding 0 %q", sp.Dispute, sp.Findings[0].Part)
		}
	}
}

// TestDeleteFindingMovesTheDisputedIndexes: indexes after the deleted
// finding move down, the deleted one leaves the list, an empty list (all
// disputed) stays empty.
func TestDeleteFindingMovesTheDisputedIndexes(t *testing.T) {
	p := &inspection.Protocol{Findings: make([]inspection.Finding, 5), Dispute: &inspection.Dispute{Findings: []int{0, 2, 4}}}
	p.DeleteFinding(2)
	if len(p.Findings) != 4 || !slices.Equal(p.Dispute.Findings, []int{0, 3}) {
		t.Fatalf("after deleting 2: %d findings, disputed %v", len(p.Findings), p.Dispute.Findings)
	}
	p.DeleteFinding(1)
	if !slices.Equal(p.Dispute.Findings, []int{0, 2}) {
		t.Fatalf("after deleting 1: disputed %v", p.Dispute.Findings)
	}
	p.Dispute.Findings = nil
	p.DeleteFinding(0)
	if len(p.Dispute.Findings) != 0 || len(p.Findings) != 2 {
		t.Fatalf("all disputed: %v, %d findings", p.Dispute.Findings, len(p.Findings))
	}
}

// TestStaleDisputeMarkGoesWithTheNextToggle: a mark of no finding (kept
// past a deletion by an older version) has no row to take it off; the next
// mark set or taken off drops it, and sealing is no longer blocked by it.
func TestStaleDisputeMarkGoesWithTheNextToggle(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d")
	p := d.m.sess.p
	p.Dispute = inspection.NewDispute(d.m.sess.rules)
	p.Dispute.Findings = []int{len(p.Findings) + 3}
	d.run(d.m.pages[pageSign].(*signPage).toggleDisputed(0))
	if !slices.Equal(p.Dispute.Findings, []int{0}) {
		t.Fatalf("disputed %v, want [0]", p.Dispute.Findings)
	}
}

// TestDisputeRowsNameTheirFinding: F7's rows for marking disputed findings
// give the number F4 gives, the damage and the amount — four rows
// "bestritten: Motorhaube" could not be told apart (an outside tester) —
// and say once, while none is marked, that all are disputed.
func TestDisputeRowsNameTheirFinding(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d", "f4")
	addFinding(d, "tvl", "2", "4", "120")
	p := d.m.sess.p
	p.Dispute = inspection.NewDispute(d.m.sess.rules)
	d.run(d.m.sess.changed())
	d.press("f7")
	f0, f1 := p.Findings[0], p.Findings[1]
	d.mustSee("bestritten: 1 "+f0.Part+" · "+f0.Damage+" – ", "bestritten: 2 "+f1.Part+" – 60,00 €")
	if n := strings.Count(d.screen(), "keiner markiert: alle bestritten"); n != 1 {
		t.Errorf("the all-disputed hint shows %d times", n)
	}
	p.Dispute.Findings = []int{1}
	d.run(d.m.sess.changed())
	if strings.Contains(d.screen(), "keiner markiert") {
		t.Error("the all-disputed hint shows with a finding marked")
	}
}

// TestSealedSigningOffersNoEdit: F7 of a sealed protocol does not offer
// "e: Angaben", which changes nothing there (an outside tester); a draft
// does.
func TestSealedSigningOffersNoEdit(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d")
	d.m.sess.p.Dispute = inspection.NewDispute(d.m.sess.rules)
	d.run(d.m.sess.changed())
	d.press("f7")
	d.mustSee("(e: Angaben)")
	d.m.sess.status = store.StatusSealed
	d.press("down") // redraw
	if strings.Contains(d.screen(), "(e: Angaben)") {
		t.Error("a sealed protocol's F7 offers e: Angaben")
	}
}
