package tui

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"rueckgabe/inspection"
	"rueckgabe/internal/editcheck"
)

// TestFindingEditSavesTheFindingNamed: a finding taken in the walkthrough
// is saved naming it (store.SaveEdit), so the store compares no other
// finding; what is stored is what the screen shows — TestMain fails the
// run if a save named fewer findings than it changed. Edits made while a
// save runs are named together in the next one.
func TestFindingEditSavesTheFindingNamed(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 100, 30)
	d.m.work.Idle = time.Hour             // the store stays open between saves, as at the car
	d.press("d", "f4")                    // the demo: one finding in Lackierung (index 0)
	addFinding(d, "tvl", "2", "4", "120") // Karosserie: index 1, a new finding, saved whole
	edit := func(cost string) {
		t.Helper()
		d.press("enter")
		if d.m.pages[pageWalk].(*walkPage).editor == nil {
			t.Fatal("no finding editor")
		}
		d.typ(cost)
		d.press("enter")
	}
	before := editcheck.Named()
	edit("150") // finding 1
	d.press("right")
	edit("99") // finding 0, in Lackierung
	if got := editcheck.Named() - before; got != 2 {
		t.Fatalf("%d of 2 finding edits were saved naming their finding", got)
	}
	// a save running: the next two edits wait for it, and are saved together
	d.hold = true
	edit("98")
	d.press("left")
	edit("151")
	edit("152")
	if s := d.m.sess; !s.saving || !slices.Equal(s.edit.findings, []int{1}) || s.edit.whole {
		t.Fatalf("while saving: saving %v, edits waiting %+v", s.saving, s.edit)
	}
	d.settle()
	if got := editcheck.Named() - before; got != 4 {
		t.Fatalf("%d saves named their findings, want 4", got)
	}
	d.mustSee("● gespeichert", "152,00")
	want, err := inspection.EncodeCompact(d.m.sess.p)
	if err != nil {
		t.Fatal(err)
	}
	d.m.work.Release()
	for _, p := range storedProtocols(t, dir) {
		got, _ := inspection.EncodeCompact(p)
		if !bytes.Equal(got, want) {
			t.Fatalf("stored\n%s\nscreen\n%s", got, want)
		}
		if p.Findings[0].Cost.Decimal.String() != "98" || p.Findings[1].Cost.Decimal.String() != "152" {
			t.Fatalf("stored costs %v and %v", p.Findings[0].Cost, p.Findings[1].Cost)
		}
	}
}

// TestFailedSaveKeepsItsEditsNamed: a save that fails leaves its edits to
// the next one, together with those made since; anything but a finding
// taken has the next save compare every finding.
func TestFailedSaveKeepsItsEditsNamed(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d")
	s := d.m.sess
	s.changedFinding(2) // its save begins (the command is not run)
	if !s.saving || !slices.Equal(s.inflight.findings, []int{2}) {
		t.Fatalf("saving %v, the save takes %+v", s.saving, s.inflight)
	}
	s.changedFinding(0) // waits for it
	s.saved(savedMsg{sess: s.id, err: errors.New("Datenträger voll")})
	if got := s.edit.named(); !slices.Equal(got, []int{0, 2}) {
		t.Fatalf("after a failed save the next names %v, want [0 2]", got)
	}
	s.edit.whole = true
	if s.edit.named() != nil {
		t.Fatal("a change outside a finding editor names findings")
	}
}
