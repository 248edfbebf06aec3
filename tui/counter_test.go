package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
)

// Issue 23, third pass: the traps a first-timer at the counter fell into.

// toCategory shows the walkthrough at the category with the id.
func toCategory(d *driver, id string) {
	d.t.Helper()
	d.press("f4")
	w := d.m.pages[pageWalk].(*walkPage)
	for i, c := range w.s.rules.Catalogue.Categories {
		if c.ID == id {
			w.cat, w.sel = i, 0
			return
		}
	}
	d.t.Fatalf("no category %s", id)
}

// keyShort leaves the demo protocol with one of two keys returned and the
// key taken over as a finding (ctrl+b).
func keyShort(d *driver) {
	d.t.Helper()
	d.press("f5", "tab", "tab", "tab", "tab", "tab")
	if got := d.m.pages[pageChecks].(*checksPage).form.focused().label; got != "Fahrzeugschlüssel" {
		d.t.Fatalf("focus on %q, want Fahrzeugschlüssel", got)
	}
	d.typ("1")
	d.press("tab", "ctrl+b")
	d.mustSee("Übernommen: 1 Befund")
}

func editorOf(d *driver) *findingEditor { return d.m.pages[pageWalk].(*walkPage).editor }

// Esc leads out of the finding editor one level at a time, everywhere: the
// key finding (no sizes in Lieferumfang) used to send esc back and forth
// between the repair step and the missing size step.
func TestEscLeadsOutOfTheFindingEditor(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d")
	keyShort(d)
	toCategory(d, "lieferumfang")
	d.press("enter") // the key finding, opened on its cost
	if editorOf(d) == nil || editorOf(d).step != stepCost {
		t.Fatalf("the key finding did not open on its cost:\n%s", d.screen())
	}
	d.press("esc")
	if editorOf(d) != nil {
		t.Fatalf("esc on an existing finding's cost did not leave the editor:\n%s", d.screen())
	}
	d.mustSee("Lieferumfang", "Fahrzeugschlüssel")

	// a new finding: esc goes back step by step (no size step here), then out
	d.press("a")
	d.typ("fs")
	d.press("enter", "2") // part, criterion: on to the repair method
	if e := editorOf(d); e == nil || e.step != stepRepair {
		t.Fatalf("not at the repair step:\n%s", d.screen())
	}
	var steps []editStep
	for range 6 {
		if editorOf(d) == nil {
			break
		}
		steps = append(steps, editorOf(d).step)
		d.press("esc")
	}
	if editorOf(d) != nil {
		t.Fatalf("six times esc did not leave the editor (steps %v):\n%s", steps, d.screen())
	}
	// repair → criterion → part → asks to discard → out
	if want := []editStep{stepRepair, stepRule, stepPart, stepPart}; len(steps) != len(want) || steps[0] != want[0] || steps[1] != want[1] || steps[2] != want[2] {
		t.Errorf("esc went through %v, want %v", steps, want)
	}
	if n := len(d.m.sess.p.Findings); n != 2 {
		t.Errorf("%d findings after cancelling a new one, want 2", n)
	}
}

// The repair methods offered fit the part: no paint job for a key or a
// windscreen, every method for a door.
func TestRepairMethodsFitThePart(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d")
	repairs := func(cat, part, criterion string) string {
		t.Helper()
		toCategory(d, cat)
		d.press("a")
		d.typ(part)
		d.press("enter", criterion)
		if e := editorOf(d); e != nil && e.step == stepSize {
			d.press("1")
		}
		if e := editorOf(d); e == nil || e.step != stepRepair {
			t.Fatalf("%s/%s: not at the repair step:\n%s", cat, part, d.screen())
		}
		s := d.screen()
		for i := 0; editorOf(d) != nil && i < 8; i++ {
			d.press("esc")
		}
		d.m.pages[pageWalk].(*walkPage).editor = nil // esc itself is TestEscLeadsOutOfTheFindingEditor's
		return s
	}
	key := repairs("lieferumfang", "fahrzeugschl", "2")
	for _, no := range []string{"Lackierung", "Smart Repair", "Instandsetzung"} {
		if strings.Contains(key, no) {
			t.Errorf("a key is offered %q:\n%s", no, key)
		}
	}
	if !strings.Contains(key, "Erneuerung") {
		t.Errorf("a key is not offered Erneuerung:\n%s", key)
	}
	screen := repairs("verglasung_beleuchtung", "frontsch", "2")
	if strings.Contains(screen, "Lackierung") || !strings.Contains(screen, "Instandsetzung") {
		t.Errorf("windscreen repairs:\n%s", screen)
	}
	door := repairs("karosserie", "tvl", "2")
	for _, m := range []string{"Smart Repair", "Instandsetzung", "Lackierung", "Erneuerung"} {
		if !strings.Contains(door, m) {
			t.Errorf("a door is not offered %q:\n%s", m, door)
		}
	}
}

// The criterion picked by its digit stays on screen in the editor.
func TestCriterionIsShownAfterThePick(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f4")
	d.press("a")
	d.typ("tvl")
	d.press("enter", "2", "4", "enter")
	d.mustSee("Kriterium: Hagelschäden und alle anderen Blechschäden")
	d.typ("120")
	d.press("tab")
	d.mustSee("Kriterium: Hagelschäden und alle anderen Blechschäden")
}

// A count typed into a delivery line that shows "2/2" replaces it.
func TestDeliveryCountTypedReplacesThePresetCount(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d", "f5", "ctrl+l") // everything confirmed: the key shows 2/2
	for range 5 {
		d.press("tab")
	}
	cp := d.m.pages[pageChecks].(*checksPage)
	if fd := cp.form.focused(); fd.label != "Fahrzeugschlüssel" || fd.input.Value() != "2/2" {
		t.Fatalf("focus on %q = %q", fd.label, fd.input.Value())
	}
	d.typ("1")
	d.press("tab")
	var key *inspection.DeliveryItem
	for i, it := range d.m.sess.p.Delivery {
		if it.Item == "Fahrzeugschlüssel" {
			key = &d.m.sess.p.Delivery[i]
		}
	}
	if key == nil || key.Returned != 1 || key.Expected != 2 {
		t.Fatalf("typing 1 over 2/2 gave %+v, want 1/2\n%s", key, d.screen())
	}
	// a cursor key first edits the count instead of replacing it
	d.press("shift+tab") // back on the key
	if fd := d.m.pages[pageChecks].(*checksPage).form.focused(); fd.label != "Fahrzeugschlüssel" {
		t.Fatalf("focus on %q", fd.label)
	}
	d.press("end", "backspace")
	d.typ("3")
	d.press("tab")
	if key = &d.m.sess.p.Delivery[0]; key.Item != "Fahrzeugschlüssel" || key.Returned != 1 || key.Expected != 3 {
		t.Fatalf("editing 1/2 to 1/3 gave %+v", *key)
	}
}

// A corrected amount loses its error as soon as it reads; while the typed
// text is no amount the preview shows no figure of earlier text.
func TestCorrectedAmountLosesItsError(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f4")
	d.press("a")
	d.typ("tvl")
	d.press("enter", "2", "4", "enter")
	d.typ("1250.50")
	if s := d.screen(); strings.Contains(s, "1.250,00 €") || !strings.Contains(s, "noch kein Betrag") {
		t.Errorf("preview while \"1250.50\" is typed:\n%s", s)
	}
	d.press("enter")
	d.mustSee(`"1250.50" ist kein Betrag`)
	for range 7 {
		d.press("backspace")
	}
	d.typ("1.250,50")
	if s := d.screen(); strings.Contains(s, "ist kein Betrag") || !strings.Contains(s, "1.250,50 €") {
		t.Errorf("the corrected amount still shows the old error:\n%s", s)
	}
}

// A form field's error goes once its text is corrected, before leaving it.
func TestCorrectedFieldLosesItsError(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 40)
	d.press("n", "enter")
	for range 6 { // to "Fahrzeugwert netto"
		d.press("tab")
	}
	d.typ("12.50")
	d.press("tab")
	d.mustSee(`"12.50" ist kein Betrag`)
	for range 3 {
		d.press("backspace")
	}
	d.typ(",50")
	if s := d.screen(); strings.Contains(s, "ist kein Betrag") {
		t.Errorf("the corrected field still shows the old error:\n%s", s)
	}
}

// The dealer's net price (residual contracts) is not asked on a km contract.
func TestResidualPriceOnlyOnResidualContracts(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 50)
	d.press("n", "enter")
	if s := d.screen(); strings.Contains(s, "Händler-Netto-VK") {
		t.Fatalf("a km contract asks for the residual price:\n%s", s)
	}
	for range 10 { // to Vertragsart
		d.press("tab")
	}
	d.press("space")
	if d.m.sess.p.Contract.Type != inspection.ContractResidual {
		t.Fatalf("contract type %q", d.m.sess.p.Contract.Type)
	}
	d.mustSee("Händler-Netto-VK (Restwert)", "› Vertragsart")
	d.press("space")
	if s := d.screen(); strings.Contains(s, "Händler-Netto-VK") || !strings.Contains(s, "› Vertragsart") {
		t.Errorf("back on a km contract:\n%s", s)
	}
}

// A fee per day asks for the number of days, not an amount.
func TestPerDayFeeAsksForACount(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d", "f6", "g")
	d.typ("verwahrung")
	d.press("enter")
	d.mustSee("Anzahl (je Tag) 1")
	if s := d.screen(); strings.Contains(s, "Betrag netto €") {
		t.Errorf("the count field is labelled as an amount:\n%s", s)
	}
	d.press("backspace")
	d.typ("3")
	d.press("enter")
	if f := d.m.sess.p.Fees; len(f) != 1 || f[0].Quantity != 3 {
		t.Fatalf("fees %+v", f)
	}
	d.press("g")
	d.typ("abmeldung")
	d.press("enter") // priced, no unit: taken at once
	d.press("g")
	d.typ("Reinigung")
	d.press("enter")
	d.mustSee("Betrag netto €")
}

// A new protocol comes with what an inspector expects filled in: the make
// from the profile, the return date today (the app's clock), the km preset;
// a two-digit year is read and shown back in full.
func TestNewProtocolDefaults(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 50)
	d.press("n", "enter")
	p := d.m.sess.p
	if p.Vehicle.Make != "BMW" || p.Return.Date != fixedToday() {
		t.Fatalf("make %q, return date %s", p.Vehicle.Make, p.Return.Date)
	}
	if k := p.Contract.KmRules; k == nil || k.ToleranceKm == nil || *k.ToleranceKm != 2500 {
		t.Fatalf("km preset %+v", k)
	}
	d.mustSee("Marke                        BMW", "Abstelldatum                 03.04.2024", "Toleranz km                  2.500")
	d.press("tab", "tab") // Marke: typing replaces the prefilled make
	d.typ("MINI")
	d.press("tab", "tab") // Erstzulassung
	d.typ("3.12.26")
	d.press("tab")
	if p.Vehicle.Make != "MINI" || p.Vehicle.FirstRegistration.German() != "03.12.2026" {
		t.Errorf("make %q, first registration %s", p.Vehicle.Make, p.Vehicle.FirstRegistration.German())
	}
	d.mustSee("Erstzulassung                03.12.2026")
	d.press("shift+tab")
	d.typ("19.3.98") // typed over the date shown
	d.press("tab")
	if got := p.Vehicle.FirstRegistration.German(); got != "19.03.1998" {
		t.Errorf("19.3.98 read as %s", got)
	}
	for _, in := range []string{"1.2.3", "31.02.24", "3.12.2026x"} {
		if _, err := parseDate(in); err == nil {
			t.Errorf("%q read as a date", in)
		}
	}
	if m, err := parseMonth("02.26"); err != nil || m.German() != "02.2026" {
		t.Errorf("HU month 02.26: %v %v", m, err)
	}
}

// Stammdaten take what the guide's protocol has from the delivery record:
// power, list price and the equipment list (code, name).
func TestMasterDataTakesPowerListPriceAndEquipment(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 50)
	d.press("n", "enter", "shift+tab", "shift+tab", "shift+tab") // from the first field back round to the last three
	d.mustSee("Fahrzeug laut Auslieferungsnachweis", "› Leistung kW")
	d.typ("140 kW")
	d.press("tab")
	d.typ("48.900,00")
	d.press("tab")
	d.typ("337: M Sportpaket; 6AC: Intelligenter Notruf;Anhängerkupplung")
	d.press("tab")
	v := d.m.sess.p.Vehicle
	if v.PowerKW == nil || *v.PowerKW != 140 || !v.ListPrice.Valid || v.ListPrice.Decimal.String() != "48900" {
		t.Fatalf("power %v, list price %v", v.PowerKW, v.ListPrice)
	}
	want := []inspection.Equipment{{Code: "337", Name: "M Sportpaket"}, {Code: "6AC", Name: "Intelligenter Notruf"}, {Name: "Anhängerkupplung"}}
	if len(v.Equipment) != len(want) {
		t.Fatalf("equipment %+v", v.Equipment)
	}
	for i := range want {
		if v.Equipment[i] != want[i] {
			t.Errorf("equipment %d = %+v, want %+v", i, v.Equipment[i], want[i])
		}
	}
	d.mustSee("337: M Sportpaket; 6AC: Intelligenter Notruf; Anhängerkupplung")
	d.press("shift+tab", "shift+tab", "shift+tab") // round again to the power
	d.press("end")                                 // edited, not typed over
	d.typ("00")
	d.press("tab")
	d.mustSee(`"14000" ist keine Leistung in kW`)
}

// Issue 23, every width: from 120 columns the master form takes two
// columns, the start list gives its names room, the signature field grows;
// a pick list whose items all fit wrapped shows them whole.
func TestWideScreensUseTheWidth(t *testing.T) {
	d := newDriver(t, t.TempDir(), 120, 40)
	d.press("d")
	d.mustSee("Fahrzeug                                                  │Vertrag")
	d.press("esc")
	d.mustSee("Erika Mustermann (Demo)")
	d = readyDriver(t, t.TempDir())
	d.send(tea.WindowSizeMsg{Width: 160, Height: 50})
	d.press("enter")
	if w := d.m.pages[pageSign].(*signPage).dialog.canvas.w; w < 100 {
		t.Errorf("signature field %d cells wide at 160 columns", w)
	}
	d.press("esc")
	toCategory(d, "lackierung") // the longest criteria
	d.press("a")
	d.typ("tvl")
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	d.press("enter")
	d.mustSee("Farbdifferenzen oder eine deutliche Erhöhung zum Originallack aufweisen")
	for _, l := range strings.Split(d.screen(), "\n") {
		if strings.HasSuffix(l, "…") {
			t.Errorf("a criterion is cut at 100×30: %q", l)
		}
	}
}

// F4 at 80×24: the selected finding's row cuts its description ("Tür
// hinten links · >15cm …"); the description is shown whole under the list.
func TestSelectedFindingIsReadWholeAt80x24(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d")
	toCategory(d, "lackierung")
	d.press("down") // a key, so the page lays itself out
	d.mustSee("Tür hinten links · >15cm - 20cm · Lackierung")
	d.send(tea.WindowSizeMsg{Width: 160, Height: 50})
	if s := d.screen(); strings.Count(s, "Tür hinten links · >15cm - 20cm · Lackierung") != 1 {
		t.Errorf("at 160 columns the row is whole and not repeated:\n%s", s)
	}
}
