package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/store"
)

// A field that shows a value (a preset, a stored one) takes a value typed
// into it in its place: the first printable key replaces what it shows, a
// cursor key first (end, ←, home, backspace) keeps it to be edited. Before,
// only Marke, the dates and F5's counts did; elsewhere the typed text went
// after the value shown: 13 days of Verwahrung for 3, a tread of 4,55 mm
// for 5, an amount "150,00200".

// The count of a fee per day, preset 1: typing 3 books 3 days, not 13.
func TestFeeCountTypedReplacesThePresetOne(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f6", "g")
	d.typ("verw")
	d.press("enter")
	d.mustSee("Anzahl (je Tag) 1")
	d.typ("3")
	d.mustSee("Anzahl (je Tag) 3")
	d.press("enter")
	if f := d.m.sess.p.Fees; len(f) != 1 || f[0].Quantity != 3 {
		t.Fatalf("typing 3 over the preset 1 booked %+v\n%s", f, d.screen())
	}
	d.mustSee("3 × Verwahrung", "120,00 €")

	// a cursor key first edits the preset count: end, 0 is 10 days
	d.press("g")
	d.typ("verw")
	d.press("enter", "end")
	d.typ("0")
	d.press("enter")
	if f := d.m.sess.p.Fees; len(f) != 2 || f[1].Quantity != 10 {
		t.Fatalf("end, 0 after the preset 1 booked %+v", f)
	}
}

// importFullExample puts testdata/full-example.json into dir as the
// import command does (a draft).
func importFullExample(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "full-example.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, problems := inspection.DecodeDraft(data, testRules)
	if len(problems) > 0 {
		t.Fatalf("full-example.json: %v", problems)
	}
	err = store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
		_, _, err := s.Import(p, "test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A tread depth typed into a wheel that shows one replaces it: 5 is 5 mm,
// never 4,55 (stored without a warning, as a plausible depth).
func TestTreadTypedReplacesTheDepthShown(t *testing.T) {
	dir := t.TempDir()
	importFullExample(t, dir)
	d := newDriver(t, dir, 80, 24)
	d.press("enter", "f5")
	d.mustSee("Profil VL mm")
	cp := d.m.pages[pageChecks].(*checksPage)
	wheels := len(d.m.sess.p.Tyres.Wheels)
	if wheels != 4 {
		t.Fatalf("%d wheels, want full-example.json's 4", wheels)
	}
	var shown []string
	for range wheels {
		d.press("tab")
		fd := cp.form.focused()
		if !strings.HasPrefix(fd.label, "Profil ") || fd.input.Value() == "" {
			t.Fatalf("focus on %q = %q, want a wheel showing its depth", fd.label, fd.input.Value())
		}
		shown = append(shown, fd.input.Value())
		d.typ("5")
	}
	d.press("tab")
	for i, w := range d.m.sess.p.Tyres.Wheels {
		if got := w.TreadMm.Decimal.String(); !w.TreadMm.Valid || got != "5" {
			t.Errorf("wheel %s showed %s, typed 5: stored %s", w.Position, shown[i], got)
		}
	}
	// what is stored, as the export writes it
	err := store.With(dir, store.Options{Rules: testRules}, func(s *store.Store) error {
		rec, _, err := s.Get(d.m.sess.p.ID)
		if err != nil {
			return err
		}
		stored, err := rec.Decode(testRules)
		if err != nil {
			return err
		}
		for _, w := range stored.Tyres.Wheels {
			if got := w.TreadMm.Decimal.String(); got != "5" {
				t.Errorf("stored tread of %s: %s, want 5", w.Position, got)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// a cursor key first edits the depth: →, ",5" makes 5 5,5
	d.press("shift+tab", "right")
	d.typ(",5")
	d.press("tab")
	if w := d.m.sess.p.Tyres.Wheels[wheels-1]; w.TreadMm.Decimal.String() != "5.5" {
		t.Errorf("editing 5 to 5,5 gave %s", w.TreadMm.Decimal)
	}
}

// A recorded finding opens on its cost, shown; an amount typed replaces it:
// "enter, the amount, enter" (docs/tui.md), never "150,00200".
func TestFindingCostTypedReplacesTheAmountShown(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f4", "a")
	d.typ("tvl")
	d.press("enter", "2", "4", "enter")
	d.typ("150")
	d.press("enter") // taken: back in the walkthrough on the finding
	f := len(d.m.sess.p.Findings) - 1
	if c := d.m.sess.p.Findings[f].Cost; !c.Valid || c.Decimal.String() != "150" {
		t.Fatalf("the new finding's cost %v\n%s", c, d.screen())
	}
	w := d.walk()
	for w.editor == nil || w.editor.index != f {
		if w.editor != nil {
			t.Fatalf("enter opened finding %d, want %d", w.editor.index, f)
		}
		d.press("down")
		d.press("enter")
		if w.editor == nil {
			t.Fatalf("no finding opened:\n%s", d.screen())
		}
	}
	d.mustSee("Kosten netto € 150,00")
	d.typ("200")
	d.mustSee("Kosten netto € 200")
	d.press("enter")
	if w.editor != nil {
		t.Fatalf("the corrected amount was not taken:\n%s", d.screen())
	}
	if c := d.m.sess.p.Findings[f].Cost; !c.Valid || c.Decimal.String() != "200" {
		t.Fatalf("typing 200 over 150,00 stored %v", c)
	}

	// a cursor key first edits the amount: home, 1 makes 1200
	d.press("enter")
	if w.editor == nil || w.editor.index != f {
		t.Fatalf("the finding did not open again:\n%s", d.screen())
	}
	d.mustSee("Kosten netto € 200,00")
	d.press("home")
	d.typ("1")
	d.press("enter")
	if c := d.m.sess.p.Findings[f].Cost; !c.Valid || c.Decimal.String() != "1200" {
		t.Fatalf("home, 1 before 200,00 stored %v", c)
	}
}

// The km clause's preset (Toleranz km 2.500 on a new protocol) is typed over
// too, like every field holding one value; free text is added to.
func TestFormFieldsTypedOverExceptFreeText(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 50)
	d.press("n", "enter")
	fp := d.m.pages[pageMaster].(*formPage)
	to := func(label string) {
		t.Helper()
		for range len(fp.form.fields) {
			if fp.form.focused().label == label {
				return
			}
			d.press("tab")
		}
		t.Fatalf("no field %q", label)
	}
	to("Toleranz km")
	d.mustSee("Toleranz km                  2.500")
	d.typ("3.000")
	d.press("tab")
	if k := d.m.sess.p.Contract.KmRules.ToleranceKm; k == nil || *k != 3000 {
		t.Fatalf("3.000 typed over 2.500: tolerance %q", fmtKm(k))
	}
	// a paste into a field showing a value replaces it too
	to("Mehr-km-Satz €/km")
	d.typ("0,0850")
	d.press("tab")
	to("Mehr-km-Satz €/km")
	d.send(tea.PasteMsg{Content: "0,1"})
	d.press("tab")
	if r := d.m.sess.p.Contract.KmRules.ExtraRate.String(); r != "0.1" {
		t.Fatalf("0,1 pasted over 0,0850: rate %s", r)
	}
	// free text (a name, an address, a note) takes what is typed where the
	// cursor is: it is added to, not replaced
	to("Modell")
	d.typ("125i")
	d.press("tab")
	to("Modell")
	d.typ(" Cabrio")
	d.press("tab")
	if m := d.m.sess.p.Vehicle.Model; m != "125i Cabrio" {
		t.Fatalf("model %q, want 125i Cabrio", m)
	}
}

// A value that arrives in the focused, empty field (a baseline's, while the
// inspector is on it) is typed over like one shown at the focus, also after
// a cursor key pressed while the field was empty.
func TestValueFilledIntoTheFocusIsTypedOver(t *testing.T) {
	c := &Common{Keys: DefaultKeys(), Styles: NewStyles(true)}
	f := newForm(c, masterFields())
	p := inspection.NewDraft(testRules, "", "")
	f.load(p)
	for f.focused().label != "km-Stand" {
		f.focusField(f.focus + 1)
	}
	f.update(keyMsg("left"), p) // a key while empty: the focus is no longer fresh
	p.Return.OdometerKm = 62501
	f.fillFocused(p)
	if got := f.focused().input.Value(); got != "62.501" {
		t.Fatalf("filled %q", got)
	}
	for _, r := range "12" {
		f.update(tea.KeyPressMsg{Code: r, Text: string(r)}, p)
	}
	f.update(keyMsg("tab"), p)
	if got := p.Return.OdometerKm; got != 12 {
		t.Fatalf("12 typed over the filled 62.501 stored %d", got)
	}
}
