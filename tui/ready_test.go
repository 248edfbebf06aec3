package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/store"
)

// checkTyresAndDelivery does on F5 what a protocol needs before signing:
// four tread depths and "alles vollständig" for the delivery scope.
func checkTyresAndDelivery(d *driver) {
	d.press("f5", "tab")
	for range 4 {
		d.typ("4")
		d.press("tab")
	}
	d.press("ctrl+l")
}

// Issue 30.3 on F5: a wheel marked not measurable with its reason (ctrl+t,
// and again to take it back), the delivery scope confirmed in one key
// (ctrl+l, and again to take it back), a line short afterwards withdrawing
// the whole-scope confirmation but none of the lines it confirmed.
func TestTyresAndDeliveryConfirmedOnF5(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 100, 40)
	d.press("d", "f5")
	d.mustSee("Profil VL mm                    nicht gemessen", "Fahrzeugschlüssel               nicht geprüft (2 erwartet)")
	p := d.m.sess.p
	d.press("ctrl+t")
	d.mustSee("erst ein Rad wählen")
	d.press("tab", "tab", "ctrl+t") // Profil VR
	d.mustSee("Reifen VR nicht messbar – warum?")
	d.press("enter")
	d.mustSee("Ohne Begründung wird kein Rad als nicht messbar vermerkt.")
	d.typ("Notrad montiert")
	d.press("enter")
	if w := p.Tyres.Wheels[1]; w.NotMeasurable != "Notrad montiert" || w.TreadMm.Valid {
		t.Fatalf("VR = %+v", w)
	}
	d.mustSee("Reifen VR nicht messbar: Notrad montiert")
	d.press("shift+tab")
	d.mustSee("Profil VR mm                    nicht messbar: Notrad montiert")
	d.press("tab")
	if strings.Contains(strings.Join(d.m.sess.missing, "\n"), "VR") {
		t.Errorf("VR still missing: %v", d.m.sess.missing)
	}
	d.press("ctrl+t") // again: to be measured after all
	if p.Tyres.Wheels[1].NotMeasurable != "" {
		t.Fatal("ctrl+t did not take the mark back")
	}
	d.press("tab") // Profil HL: typed straight into the field
	d.typ("nicht messbar: Rad blockiert")
	d.press("tab")
	if w := p.Tyres.Wheels[2]; w.NotMeasurable != "Rad blockiert" {
		t.Fatalf("HL = %+v", w)
	}

	d.press("ctrl+l")
	d.mustSee("Lieferumfang: alles vollständig bestätigt", "✓ Lieferumfang: alles vollständig (bestätigt)", "Fahrzeugschlüssel               2/2")
	if !p.AllDelivered || len(p.Delivery) != 0 {
		t.Fatalf("after ctrl+l: %v %v", p.AllDelivered, p.Delivery)
	}
	d.press("ctrl+l") // again: taken back
	d.mustSee("„alles vollständig“ zurückgenommen", "Fahrzeugschlüssel               nicht geprüft (2 erwartet)")
	d.press("ctrl+l")
	for d.m.pages[pageChecks].(*checksPage).form.focused().label != "Fahrzeugschlüssel" {
		d.press("tab")
	}
	d.press("ctrl+u")
	d.typ("1")
	d.press("tab")
	d.mustSee("„alles vollständig“ zurückgenommen: Fahrzeugschlüssel 1/2 – die übrigen Positionen bleiben bestätigt",
		"Befund vorgeschlagen: Fahrzeugschlüssel – 1 von 2 zurückgegeben")
	if p.AllDelivered || len(p.Delivery) != 8 {
		t.Fatalf("after a short key: %v %v", p.AllDelivered, p.Delivery)
	}
	for _, l := range inspection.DeliveryScope(p, testRules) {
		if !l.Checked {
			t.Errorf("%s unchecked after the withdrawal", l.Item)
		}
	}
	// the store has it
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, stored, err := st.Get(p.ID)
	if err != nil || stored.AllDelivered || len(stored.Delivery) != 8 || stored.Tyres.Wheels[2].NotMeasurable != "Rad blockiert" {
		t.Fatalf("stored %+v %v", stored, err)
	}
}

// Issue 30.3 in the finding editor: a not-acceptable finding at 0 € is open
// until it has a cost or "ohne Berechnung" with its reason; a factor below a
// safety-relevant criterion's 100 % is not taken without a reason.
func TestFindingEditorNoChargeAndFactorReason(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 40)
	d.press("d", "f4")
	d.press("a")
	d.typ("tvl")
	d.press("enter", "2", "4", "enter") // dent, Smart Repair: the cost step
	d.mustSee("nicht akzeptabel zu 0 €: Kosten eintragen oder tab → „ohne Berechnung, weil“")
	d.press("enter") // taken without a cost: open before signing
	p := d.m.sess.p
	n := len(p.Findings)
	want := fmt.Sprintf("Befund %d (Tür vorn links): nicht akzeptabel zu 0,00 €", n)
	if !strings.Contains(strings.Join(d.m.sess.missing, "\n"), want) {
		t.Fatalf("missing lacks %q: %v", want, d.m.sess.missing)
	}
	d.press("enter", "tab") // open it again, the details
	for d.m.pages[pageWalk].(*walkPage).editor.details.focused().label != "ohne Berechnung, weil" {
		d.press("tab")
	}
	d.typ("Delle bei Übergabe vermerkt")
	d.press("ctrl+s")
	if f := p.Findings[n-1]; f.NoChargeReason != "Delle bei Übergabe vermerkt" {
		t.Fatalf("finding %+v", f)
	}
	if strings.Contains(strings.Join(d.m.sess.missing, "\n"), "Tür vorn links") {
		t.Errorf("still missing: %v", d.m.sess.missing)
	}
	d.press("f6")
	d.mustSee("ohne Berechnung: Delle bei Übergabe vermerkt")

	// the windscreen chip in the driver's view: safety-relevant, 100 %
	cat := slices.IndexFunc(testRules.Catalogue.Categories, func(c catalog.Category) bool { return c.ID == "verglasung_beleuchtung" })
	crit := slices.IndexFunc(testRules.Catalogue.Categories[cat].Criteria, func(r catalog.Criterion) bool { return r.ID == "verglasung_beleuchtung.x3" })
	d.press("f4")
	d.m.pages[pageWalk].(*walkPage).cat = cat
	d.press("a", "enter", fmt.Sprint((crit+1)%10))
	for d.m.pages[pageWalk].(*walkPage).editor.step != stepCost {
		d.press("enter")
	}
	d.typ("100")
	d.press("tab", "tab", "tab") // Faktor
	d.typ("50")
	d.press("ctrl+s")
	d.mustSee("Befund nicht übernommen: Begründung fehlt: Faktor 50 % unter 100 % (sicherheitsrelevant)")
	d.press("shift+tab") // Begründung
	d.typ("Steinschlag am Rand, Scheibe bleibt zulässig")
	d.press("ctrl+s")
	f := p.Findings[len(p.Findings)-1]
	if f.Rule != "verglasung_beleuchtung.x3" || f.OverrideReason != "Steinschlag am Rand, Scheibe bleibt zulässig" || !f.FactorPercent.Valid {
		t.Fatalf("windscreen %+v", f)
	}
	d.press("f6")
	d.mustSee("Faktor vom Prüfer gesetzt: 50 % statt 100 % (sicherheitsrelevant)", "Abweichung vom Katalog: Steinschlag am Rand")
}

func TestOpenPointsNameTheItems(t *testing.T) {
	if got := openPoints("Versiegeln – es ", []string{"Reifen VL: Profiltiefe fehlt"}, "(F6 Übersicht)", 0); got != "Versiegeln – es fehlt noch 1 Punkt: Reifen VL: Profiltiefe fehlt (F6 Übersicht)" {
		t.Errorf("one: %q", got)
	}
	got := openPoints("⚠ vor der Unterschrift ", []string{"Kategorie Interieur: weder Befunde noch „keine Befunde“", "Lieferumfang nicht geprüft: Serviceheft"}, "(Liste ↓)", 60)
	if !strings.HasPrefix(got, "⚠ vor der Unterschrift fehlen noch 2 Punkte: Kate") || !strings.HasSuffix(got, "… (Liste ↓)") || lipgloss.Width(got) != 60 {
		t.Errorf("two at 60: %q (%d cells)", got, lipgloss.Width(got))
	}
}
