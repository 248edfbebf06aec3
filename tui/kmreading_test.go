package tui

import (
	"strings"
	"testing"
)

// Before the return odometer is entered, the summary settles no km: the
// km line says the reading is missing, and the totals carry no credit for
// every agreed km (the outside tester saw −600,00 € at 80×24 with 0 km).
func TestSummaryWithoutOdometerSettlesNoKm(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d", "f2")
	fp := d.m.pages[pageMaster].(*formPage)
	for range len(fp.form.fields) {
		if fp.form.fields[fp.form.focus].path == "return.odometer_km" {
			break
		}
		d.press("tab")
	}
	if fp.form.fields[fp.form.focus].path != "return.odometer_km" {
		t.Fatal("the odometer field was not reached")
	}
	for range len("62.501") {
		d.press("backspace")
	}
	d.press("tab")
	p := d.m.sess.p
	if p.Return.OdometerKm != 0 {
		t.Fatalf("odometer %d after clearing the field", p.Return.OdometerKm)
	}
	// the demo's contract with a credit that, from 0 km, is 10,000 km at
	// 0,0425 €/km (the cap): −425,00 €
	d.press("f6")
	sp := d.m.pages[pageSummary].(*summaryPage)
	all := strings.Join(func() []string {
		var L []string
		for _, b := range sp.blocks(80) {
			L = append(L, b.draw()...)
		}
		return L
	}(), "\n")
	for _, want := range []string{"km-Stand fehlt", "km-Abrechnung · USt", "km-Stand bei Rückgabe fehlt: keine km-Abrechnung"} {
		if !strings.Contains(all, want) {
			t.Errorf("summary lacks %q:\n%s", want, all)
		}
	}
	for _, not := range []string{"-425,00", "−425,00", "Abweichung", "Minder-km begrenzt"} {
		if strings.Contains(all, not) {
			t.Errorf("summary without odometer settles km (%q):\n%s", not, all)
		}
	}
	if v := d.m.sess.val; !v.Km.Amount.IsZero() {
		t.Errorf("km amount %s without odometer", v.Km.Amount)
	}
	d.mustSee("km-Stand fehlt") // the head line, in the 80×24 window
}
