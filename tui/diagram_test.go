package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/store"
)

// walk is the walkthrough page of a driver.
func (d *driver) walk() *walkPage { return d.m.pages[pageWalk].(*walkPage) }

// clickPanel clicks the middle of a panel of the diagram on screen, by the
// raster the drawing was made of.
func (d *driver) clickPanel(id string) {
	d.t.Helper()
	dg := d.walk().diagram
	v := dg.current()
	for i := range v.Panels {
		if v.Panels[i].ID != id {
			continue
		}
		d.screen() // lays the diagram out
		x, y := dg.r.cellOf(v.Panels[i].Centre())
		d.send(tea.MouseClickMsg{X: dg.left + x, Y: 1 + dg.top + y, Button: tea.MouseLeft})
		return
	}
	d.t.Fatalf("no panel %s in view %s", id, v.ID)
}

func TestDiagramPointsAtThePartAndOffersItsCriteria(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f4", "right") // Lackierung
	d.press("o")
	d.mustSee("Ort am Fahrzeug", "[1 Oben]", "Oben (Front links)")
	d.press("2") // the left side
	d.mustSee("[2 Links]", "Links (Fahrerseite)")
	d.press("r") // Tür hinten links
	e := d.walk().editor
	if e == nil || d.walk().diagram != nil {
		t.Fatal("choosing a panel did not open the finding editor")
	}
	f := e.f()
	if f.Part != "Tür hinten links" || f.Category != "lackierung" || e.step != stepRule || f.Location == nil || f.Location.View != "left" || f.Location.Panel != "tuer_hl" || f.Location.X != nil {
		t.Fatalf("finding %+v at %+v, step %d", f, f.Location, e.step)
	}
	d.mustSee("Neuer Befund · Lackierung", "Tür hinten links", "Kriterium")
	d.press("7", "1", "enter") // lackierung.x1, first size, first repair
	d.typ("180")
	d.press("enter")
	p := d.m.sess.p
	if n := len(p.Findings); n == 0 || p.Findings[n-1].Location == nil || p.Findings[n-1].Rule != "lackierung.x1" {
		t.Fatalf("finding not taken with its place: %+v", p.Findings)
	}
	num := len(p.Findings)

	if got := onPanel(p, "tuer_hl"); !strings.Contains(got, fmt.Sprint(num)) {
		t.Errorf("the panel's findings: %q lacks %d", got, num)
	}
	// the marker: numbered, ✗ for not acceptable — readable without colour
	d.press("o", "2")
	d.mustSee(fmt.Sprintf("✗%d", num))

	// a click on the windscreen in the front view: the panel and the point
	d.press("4")
	d.clickPanel("frontscheibe")
	e = d.walk().editor
	if e == nil {
		t.Fatal("click did not choose")
	}
	f = e.f()
	if f.Part != "Frontscheibe" || f.Category != "verglasung_beleuchtung" || f.Location.Panel != "frontscheibe" || f.Location.X == nil || f.Location.Y == nil {
		t.Fatalf("click chose %+v at %+v", f, f.Location)
	}
	if pn, _ := inspection.Outline(p).Panel("front", "frontscheibe"); !pn.Contains(float64(*f.Location.X), float64(*f.Location.Y)) {
		t.Errorf("the clicked point %d,%d is not on the windscreen", *f.Location.X, *f.Location.Y)
	}
}

func TestDiagramArrowsMoveBetweenNeighbours(t *testing.T) {
	o, _ := catalog.OutlineFor(catalog.BodyLimousine)
	v, _ := o.View(catalog.ViewLeft)
	idx := func(id string) int {
		for i := range v.Panels {
			if v.Panels[i].ID == id {
				return i
			}
		}
		t.Fatalf("no %s", id)
		return -1
	}
	for _, c := range []struct{ from, dir, to string }{
		{"tuer_vl", "right", "tuer_hl"},
		{"tuer_hl", "left", "tuer_vl"},
		{"tuer_vl", "up", "seitenscheibe_vl"},
		{"tuer_vl", "down", "schweller_links"},
		{"seitenwand_hl", "left", "tuer_hl"},
		{"tuer_hl", "right", "rad_hl"},
	} {
		if got := neighbour(v, idx(c.from), c.dir); v.Panels[got].ID != c.to {
			t.Errorf("%s %s → %s, want %s", c.from, c.dir, v.Panels[got].ID, c.to)
		}
	}
}

// Measure first in the editor: a measurement decides the criterion.
func TestMeasurementsInTheEditorDecideTheCriterion(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f4", "o", "4", "f") // the windscreen, front view
	e := d.walk().editor
	if e == nil || e.f().Part != "Frontscheibe" {
		t.Fatal("no windscreen finding")
	}
	e.f().Damage = "Steinschlag"
	var driverView, diameter *field
	for _, fd := range e.detailFields() {
		switch {
		case strings.HasSuffix(fd.path, ".measurements.driver_view"):
			driverView = fd
		case strings.HasSuffix(fd.path, ".measurements.diameter_mm"):
			diameter = fd
		}
	}
	if driverView == nil || diameter == nil {
		t.Fatal("no measurement fields on the details step")
	}
	if err := diameter.set(e.work, "1,5"); err != nil {
		t.Fatal(err)
	}
	if err := driverView.set(e.work, "nein"); err != nil {
		t.Fatal(err)
	}
	if f := e.f(); f.Rule != "verglasung_beleuchtung.ok1" || !f.Acceptable {
		t.Errorf("pinhead outside the view: %s acceptable=%t", f.Rule, f.Acceptable)
	}
	if err := driverView.set(e.work, "ja"); err != nil {
		t.Fatal(err)
	}
	if f := e.f(); f.Rule != "verglasung_beleuchtung.x3" || f.Acceptable || !f.SafetyRelevant {
		t.Errorf("in the driver's view: %s acceptable=%t safety=%t", f.Rule, f.Acceptable, f.SafetyRelevant)
	}
	if err := diameter.set(e.work, "1,5 mm"); err == nil {
		t.Error("a diameter with a unit was taken")
	}
	if got := diameter.get(e.work); got != "1,5" {
		t.Errorf("diameter shows %q", got)
	}
}

// The diagram at three sizes: the outline with its letters, a panel
// chosen, and the summary with every finding's marker.
func TestGoldenDiagram(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			d := newDriver(t, t.TempDir(), w, h)
			shot := func(name string) {
				t.Run(name, func(t *testing.T) {
					screen := d.screen()
					for i, l := range strings.Split(screen, "\n") {
						if n := ansi.StringWidth(l); n > w {
							t.Errorf("line %d is %d wide: %q", i, n, l)
						}
					}
					golden.RequireEqual(t, screen)
				})
			}
			d.press("d", "f4")
			p := d.m.sess.p
			at := func(view, panel string) *inspection.Location {
				return &inspection.Location{View: view, Panel: panel}
			}
			// the tried return's findings, placed
			p.Findings = append(p.Findings,
				inspection.Finding{Category: "lackierung", Rule: "lackierung.x1", Part: "Tür hinten links", Damage: "Kratzer", Location: at("left", "tuer_hl")},
				inspection.Finding{Category: "stossfaenger", Rule: "stossfaenger.x1", Part: "Stoßfänger vorn", Damage: "Riss", Location: at("front", "stossfaenger_vorn")},
				inspection.Finding{Category: "verglasung_beleuchtung", Rule: "verglasung_beleuchtung.x3", Part: "Frontscheibe", Damage: "Steinschlag", SafetyRelevant: true, Location: at("front", "frontscheibe")},
				inspection.Finding{Category: "interieur", Rule: "interieur.ok3", Part: "Fahrersitz", Acceptable: true, Location: at("interior", "fahrersitz")},
				inspection.Finding{Category: "reifen_felgen_radkappen", Rule: "reifen_felgen_radkappen.x1", Part: "Reifen HL", SafetyRelevant: true, Location: at("left", "rad_hl")},
			)
			d.m.sess.recompute()
			d.press("o")
			shot("oben")
			d.press("2", "right", "right")
			shot("links_gewaehlt")
			d.press("4")
			shot("vorn")
			d.press("esc", "f6")
			for range 60 {
				d.press("down")
			}
			shot("uebersicht_diagramm")
		})
	}
}

// A click chooses the panel drawn under the pointer: every panel of every
// view, at 80×24 and 120×40, clicked on a cell the drawing shows it in.
func TestDiagramClickHitsThePanelDrawn(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		d := newDriver(t, t.TempDir(), size[0], size[1])
		d.press("d", "f4", "o")
		dg := d.walk().diagram
		for vi := range dg.outline.Views {
			d.press(fmt.Sprint(vi + 1))
			d.screen()
			v, r := dg.current(), dg.r
			for i := range v.Panels {
				cell := -1
				for c, pi := range r.panel {
					if int(pi) == i {
						cell = c
						break
					}
				}
				if cell < 0 {
					t.Errorf("%dx%d %s: panel %s is not drawn", size[0], size[1], v.ID, v.Panels[i].ID)
					continue
				}
				ch, done := dg.update(tea.MouseClickMsg{X: dg.left + cell%r.w, Y: 1 + dg.top + cell/r.w, Button: tea.MouseLeft})
				if !done || ch == nil || ch.panel != &v.Panels[i] {
					got := "nothing"
					if ch != nil {
						got = ch.panel.ID
					}
					t.Errorf("%dx%d %s: click on %s chose %s", size[0], size[1], v.ID, v.Panels[i].ID, got)
				}
			}
		}
	}
}

// BenchmarkDiagramKey: Update + View for one key in the diagram at 80×24,
// protocol with 100 findings placed on the car.
func BenchmarkDiagramKey(b *testing.B) {
	d := benchDriver(b)
	o := inspection.Outline(d.m.sess.p)
	for i := range d.m.sess.p.Findings {
		v := &o.Views[i%len(o.Views)]
		d.m.sess.p.Findings[i].Location = &inspection.Location{View: v.ID, Panel: v.Panels[i%len(v.Panels)].ID}
	}
	d.m.sess.recompute()
	d.press("f4", "o", "2")
	b.Run("arrows", func(b *testing.B) { benchKeys(b, d, "right", "down", "left", "up") })
	b.Run("views", func(b *testing.B) { benchKeys(b, d, "1", "2", "3", "4", "5", "6") })
	b.Run("views uncached", func(b *testing.B) { // as after a resize: every view drawn anew
		msgs := []tea.KeyPressMsg{keyMsg("1"), keyMsg("2"), keyMsg("3"), keyMsg("4"), keyMsg("5"), keyMsg("6")}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			rasterMu.Lock()
			clear(rasterCache)
			rasterMu.Unlock()
			_, _ = d.m.Update(msgs[i%len(msgs)])
			_ = d.m.View()
			i++
		}
	})
}

// BenchmarkDiagramRaster: drawing a view into its raster, uncached (once per
// view and terminal size).
func BenchmarkDiagramRaster(b *testing.B) {
	o, _ := catalog.OutlineFor(catalog.BodyLimousine)
	v, _ := o.View(catalog.ViewLeft)
	bw, bh := fitBox(v, 80, 19)
	b.ReportAllocs()
	for b.Loop() {
		rasterize(v, bw, bh)
	}
}

// The tried return's six findings, recorded by a new inspector pointing at
// the car: the criteria of the scratch, the chip and the tyre follow from
// what was measured, whatever was picked first.
func TestTriedReturnByPointing(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f4")
	before := len(d.m.sess.p.Findings)
	tabs := func(n int) {
		for range n {
			d.press("tab")
		}
	}
	// scratch on the rear left door, primer showing
	d.press("right", "o", "2", "r")
	d.mustSee("Messbar: das Kriterium folgt aus den Maßen")
	d.press("1", "1", "1")
	d.typ("180")
	d.press("tab") // details: a placed finding's measurements come first
	d.mustSee("Länge mm")
	d.typ("25")
	tabs(5) // Durchmesser, Tiefe, Profiltiefe, Anzahl, Grundierung sichtbar
	d.press("space", "space")
	d.press("ctrl+s")
	// cracked front bumper: no measure, the criterion picked
	d.press("o", "4", "t", "3", "1", "1")
	d.typ("420")
	d.press("enter")
	// windscreen chip in the driver's view
	d.press("o", "4", "f", "1", "1", "1")
	d.typ("90")
	d.press("tab", "tab")
	d.typ("1,5")
	tabs(6)
	d.press("space", "space", "ctrl+s")
	// seat wear on the driver's seat, no repair
	d.press("o", "6", "f", "3", "1", "4", "enter") // 4: keine Maßnahme
	// the missing key: not on the car, from the category
	d.press("right", "right", "right", "a")
	d.typ("fahrzeugschl")
	d.press("enter", "2", "1") // Erneuerung
	d.typ("250")
	d.press("enter")
	// the worn rear left tyre
	d.press("o", "2", "h", "6", "1", "1") // x1 (the guide lists the acceptable ones first), leicht, Erneuerung
	d.typ("160")
	d.press("tab")
	tabs(3)
	d.typ("1,4")
	d.press("ctrl+s")

	fs := d.m.sess.p.Findings[before:]
	want := []struct{ rule, panel string }{
		{"lackierung.x1", "tuer_hl"},
		{"stossfaenger.x1", "stossfaenger_vorn"},
		{"verglasung_beleuchtung.x3", "frontscheibe"},
		{"interieur.ok3", "fahrersitz"},
		{"lieferumfang.x1", ""},
		{"reifen_felgen_radkappen.x1", "rad_hl"},
	}
	if len(fs) != len(want) {
		t.Fatalf("%d findings recorded, want %d: %+v", len(fs), len(want), fs)
	}
	for i, w := range want {
		f := fs[i]
		panel := ""
		if f.Location != nil {
			panel = f.Location.Panel
		}
		if f.Rule != w.rule || panel != w.panel {
			t.Errorf("finding %d (%s): rule %s at %q, want %s at %q", i, f.Part, f.Rule, panel, w.rule, w.panel)
		}
	}
	if f := fs[2]; !f.SafetyRelevant || f.Acceptable || f.Measurements == nil || f.Measurements.DriverView == nil || !*f.Measurements.DriverView {
		t.Errorf("windscreen chip: %+v %+v", f, f.Measurements)
	}
	if f := fs[5]; !f.SafetyRelevant || f.Measurements == nil || !f.Measurements.TreadMm.Valid {
		t.Errorf("tyre: %+v", f)
	}
	// the valuation says why: the measurements decided
	v := d.m.sess.val.Findings[before+2]
	if v.Basis != inspection.BasisSafety || !strings.HasPrefix(v.Explanation, "nach Messung (im Sichtbereich des Fahrers)") {
		t.Errorf("chip valued %s: %q", v.Basis, v.Explanation)
	}
	if problems := inspection.Validate(d.m.sess.p, testRules); len(problems) > 0 {
		for _, p := range problems {
			if strings.Contains(p.Path, "findings[") {
				t.Errorf("problem: %v", p)
			}
		}
	}
	// the walkthrough's rows carry the numbers the markers and the PDF show
	toCategory(d, "lackierung")
	d.mustSee("›1 ✗ Tür hinten links · >15c", " 2 ✗ Tür hinten links · bis")
}

// The body style chosen in the Stammdaten is the outline drawn.
func TestBodyStyleChoosesTheOutline(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d", "shift+tab", "shift+tab", "shift+tab", "shift+tab") // Bauform, before the three fields of the delivery record
	d.mustSee("Bauform", "‹ Limousine ›")
	d.press("space")
	d.mustSee("‹ Kombi ›")
	if b := d.m.sess.p.Vehicle.Body; b != "kombi" {
		t.Fatalf("vehicle.body = %q", b)
	}
	d.press("f4", "o", "5")
	d.mustSee("Kombi (Touring) · Hinten")
	if _, ok := d.walk().diagram.current().Panel("heckklappe"); !ok {
		t.Error("the Kombi's rear has no Heckklappe")
	}
	d.press("esc", "f2") // the form kept its focus on Bauform
	d.mustSee("‹ Kombi ›")
	d.press("space", "space")
	if b := d.m.sess.p.Vehicle.Body; b != "" {
		t.Errorf("back to Limousine: vehicle.body = %q, want it unwritten", b)
	}
}

// A sealed protocol's diagram can be looked at; choosing a panel adds nothing.
func TestSealedDiagramIsForLooking(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f4")
	d.m.sess.status = store.StatusSealed
	n := len(d.m.sess.p.Findings)
	d.mustSee("o Diagramm")
	d.press("o")
	d.mustSee("Ort am Fahrzeug")
	d.press("2", "r")
	d.mustSee("versiegelt – Änderungen nur als Nachtrag")
	if d.walk().editor != nil || len(d.m.sess.p.Findings) != n {
		t.Error("a panel chosen on a sealed protocol opened a finding")
	}
}

// A measurement that decided the criterion and is taken back gives the
// inspector's criterion back (tester: primer "ja" then "—" left ✗ "bis auf
// die Grundlackierung" charged, beside "Grundierung nicht sichtbar").
func TestTakenBackMeasurementRestoresTheCriterion(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f4", "right", "o", "2", "r", "1") // Lackierung, rear left door, ✓ criterion 1
	e := d.walk().editor
	if e == nil || e.f().Rule != "lackierung.ok1" || !e.f().Acceptable {
		t.Fatalf("not at an acceptable paint finding: %+v", e)
	}
	var primer *field
	for _, fd := range e.detailFields() {
		if strings.HasSuffix(fd.path, ".measurements.primer_visible") {
			primer = fd
		}
	}
	if primer == nil {
		t.Fatal("no primer field")
	}
	_ = primer.set(e.work, "ja")
	if f := e.f(); f.Acceptable || f.Rule == "lackierung.ok1" {
		t.Fatalf("primer visible did not decide: %s", f.Rule)
	}
	for _, back := range []string{"—", "nein"} {
		_ = primer.set(e.work, "ja")
		_ = primer.set(e.work, back)
		if f := e.f(); !f.Acceptable {
			t.Errorf("primer %q: still %s, not acceptable", back, f.Rule)
		}
	}
	_ = primer.set(e.work, "—")
	if f := e.f(); f.Rule != "lackierung.ok1" {
		t.Errorf("the inspector's criterion is not back: %s", f.Rule)
	}
}

// The same after the finding was saved and opened again: the criterion the
// measurement decided does not stay when the measurement is taken back —
// the finding asks for its criterion again (tester: it stayed ✗, charged).
func TestTakenBackMeasurementAfterSavingAsksForTheCriterion(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f4", "right", "o", "2", "r", "1")
	e := d.walk().editor
	var primer *field
	for _, fd := range e.detailFields() {
		if strings.HasSuffix(fd.path, ".measurements.primer_visible") {
			primer = fd
		}
	}
	_ = primer.set(e.work, "ja")
	measured := e.f().Rule
	d.press("ctrl+s")
	d.settle()
	idx := len(d.m.sess.p.Findings) - 1
	if d.m.sess.p.Findings[idx].Rule != measured {
		t.Fatalf("saved %s", d.m.sess.p.Findings[idx].Rule)
	}
	e = newFindingEditor(d.m.c, d.m.sess, d.walk().category(), idx)
	for _, fd := range e.detailFields() {
		if strings.HasSuffix(fd.path, ".measurements.primer_visible") {
			primer = fd
		}
	}
	_ = primer.set(e.work, "—")
	if f := e.f(); f.Rule == measured {
		t.Fatalf("the measured criterion %s stays after the measurement was taken back", f.Rule)
	}
	if len(inspection.Missing(e.work, testRules)) == 0 {
		t.Error("a finding without its criterion is not an open point")
	}
}
