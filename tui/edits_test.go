package tui

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/editcheck"
	"rueckgabe/store"
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

// TestTakingAFindingRejudgesItsPanel: with a profile that judges stone
// chips by how many lie on one panel, a chip of five on the bonnet changed
// into a scratch leaves four, which the profile calls wear: the other
// chips are judged anew when the finding is taken (an outside tester found
// them left "not acceptable" without a reason, which the app's own export
// could then not import), the save names them, and the status line says so.
func TestTakingAFindingRejudgesItsPanel(t *testing.T) {
	s, p, dealer := chipsOnTheBonnet(t, "Steinschlag", "Steinschlag", "Steinschlag", "Steinschlag", "Steinschlag")
	if p.Findings[1].Acceptable {
		t.Fatal("five chips on the bonnet are not wear in the test profile")
	}
	cat, _ := dealer.Catalogue.Category("lackierung")
	e := newFindingEditor(s.c, s, cat, 0)
	e.f().Damage = "Kratzer"
	if _, done := e.commit(); !done {
		t.Fatalf("not taken: %s", e.err)
	}
	for i := 1; i < 5; i++ {
		if !p.Findings[i].Acceptable {
			t.Errorf("chip %d stays not acceptable (%s)", i+1, p.Findings[i].Rule)
		}
	}
	if probs := inspection.Validate(p, dealer); len(probs.At("findings")) > 0 {
		t.Errorf("open problems after the edit: %v", probs.At("findings"))
	}
	if got := s.inflight.named(); !slices.Equal(got, []int{0, 1, 2, 3, 4}) {
		t.Errorf("the save names %v, want every finding it changed", got)
	}
	if !strings.Contains(s.voided, "Befund 2, 3, 4, 5 nach Messung neu beurteilt") {
		t.Errorf("status line %q", s.voided)
	}
}

// TestLookingAtATakenFindingChangesNothing: a finding taken with "120" as
// its cost, opened again and left with tab (the cost field shows 120,00)
// is not an edit: the header stays "● gespeichert" (an outside tester saw
// "○ nicht übernommen").
func TestLookingAtATakenFindingChangesNothing(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d", "f4")
	addFinding(d, "tvl", "2", "4", "120")
	d.press("enter", "tab", "tab")
	if e := d.m.pages[pageWalk].(*walkPage).editor; e == nil || e.changed() {
		t.Fatal("the finding counts as changed after looking at it")
	}
	d.mustSee("● gespeichert")
}

// TestTypedDamageJudgesTheFindingAnew: the damage typed over another is
// read by the measures as a measurement is — a fifth stone chip made so on
// the bonnet is judged as one of five at once, not after the next
// measurement typed (an outside tester saw the header keep its old verdict
// and taking the finding refused).
func TestTypedDamageJudgesTheFindingAnew(t *testing.T) {
	s, _, dealer := chipsOnTheBonnet(t, "Steinschlag", "Steinschlag", "Steinschlag", "Steinschlag", "Kratzer")
	cat, _ := dealer.Catalogue.Category("lackierung")
	e := newFindingEditor(s.c, s, cat, 4)
	for _, fd := range e.detailFields() {
		if fd.label == "Schadenart" {
			if err := fd.set(e.work, "Steinschlag"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if f := e.f(); f.Rule != "lackierung.x5" || f.Acceptable {
		t.Fatalf("the fifth chip is judged %s (acceptable %v), want lackierung.x5", f.Rule, f.Acceptable)
	}
}

// chipsOnTheBonnet is a session under the test dealer profile, whose
// measures judge stone chips by how many lie on one panel, with one
// finding per damage given on the bonnet, each judged by its measurement.
func chipsOnTheBonnet(t *testing.T, damages ...string) (*session, *inspection.Protocol, *catalog.Rules) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "inspection", "testdata", "profile-bvrla-test.json"))
	if err != nil {
		t.Fatal(err)
	}
	dealer, err := catalog.ParseProfile("profile-bvrla-test.json", raw)
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, t.TempDir(), 100, 30)
	p := inspection.NewDraft(dealer, "Test Prüfer", "Autohaus Test")
	p.ID = "P1"
	for _, damage := range damages {
		p.Findings = append(p.Findings, inspection.Finding{Category: "lackierung", Part: "Motorhaube", Damage: damage,
			Size: "bis 1cm", Repair: inspection.RepairPaint, Cost: decimal.NewNullDecimal(decimal.New(40, 0)),
			Location: &inspection.Location{View: "top", Panel: "motorhaube"}, Measurements: &inspection.Measurements{DiameterMm: decimal.NewNullDecimal(decimal.New(3, 0))}})
	}
	for i := range p.Findings {
		inspection.ApplyMeasuredRule(p, i, dealer)
	}
	s := newSession(d.m.c, 99, p, &store.Record{Revision: 1, Status: store.StatusDraft})
	s.rules = dealer
	return s, p, dealer
}
