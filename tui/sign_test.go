package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/seal"
	"rueckgabe/store"
)

var signTime = time.Date(2024, 4, 3, 10, 20, 0, 0, time.UTC)

// readyDriver opens a demo protocol with every category done and the
// preconditions confirmed: only the signatures are missing.
func readyDriver(t *testing.T, dir string) *driver {
	d := newDriver(t, dir, 100, 40)
	d.m.c.Now = func() time.Time { return signTime }
	d.press("d", "f4")
	for i := range testRules.Catalogue.Categories {
		id := testRules.Catalogue.Categories[i].ID
		if !d.m.sess.p.CategoryDone(id) {
			d.m.pages[pageWalk].(*walkPage).cat = i
			d.press("k")
		}
	}
	d.press("f3")
	for range 5 {
		d.press("space", "tab")
	}
	checkTyresAndDelivery(d)
	for _, c := range testRules.Catalogue.Categories {
		if !d.m.sess.p.CategoryDone(c.ID) {
			t.Fatalf("category %s still open", c.ID)
		}
	}
	d.press("f7")
	return d
}

func TestCanvasDrawsStrokesInTheBox(t *testing.T) {
	d := readyDriver(t, t.TempDir())
	d.press("enter") // first required signature: customer_condition
	d.mustSee("Unterschrift: Kunde: Einigung über Fahrzeugzustand", "Name: Erika Mustermann (Demo)")
	cv := &d.m.pages[pageSign].(*signPage).dialog.canvas
	if cv.w == 0 {
		t.Fatal("canvas not laid out")
	}
	d.send(tea.MouseClickMsg{X: cv.x, Y: cv.y, Button: tea.MouseLeft})
	d.send(tea.MouseMotionMsg{X: cv.x + cv.w/2, Y: cv.y + cv.h - 1, Button: tea.MouseLeft})
	d.send(tea.MouseMotionMsg{X: cv.x + cv.w - 1, Y: cv.y, Button: tea.MouseLeft})
	d.send(tea.MouseReleaseMsg{X: cv.x + cv.w - 1, Y: cv.y})
	d.send(tea.MouseMotionMsg{X: cv.x + 2, Y: cv.y + 2}) // no button: no drawing
	if len(cv.strokes) != 1 || len(cv.strokes[0]) != 3 {
		t.Fatalf("strokes = %v", cv.strokes)
	}
	for _, p := range cv.strokes[0] {
		if p[0] < 0 || p[0] > 1000 || p[1] < 0 || p[1] > 1000 {
			t.Fatalf("point %v outside the box", p)
		}
	}
	if !strings.ContainsFunc(d.screen(), func(r rune) bool { return r > 0x2800 && r <= 0x28ff }) {
		t.Error("the drawing is not shown (no braille dots on screen)")
	}
	d.press("ctrl+l")
	if len(cv.strokes) != 0 {
		t.Error("ctrl+l did not clear")
	}
	d.send(tea.MouseClickMsg{X: cv.x + 1, Y: cv.y + 1, Button: tea.MouseLeft})
	d.send(tea.MouseMotionMsg{X: cv.x + 5, Y: cv.y + 2, Button: tea.MouseLeft})
	d.press("enter")
	sig, ok := d.m.sess.p.SignatureBy(inspection.RoleCustomerCondition)
	if !ok || sig.Name != "Erika Mustermann (Demo)" || len(sig.Strokes) != 1 || !sig.SignedAt.Equal(signTime) {
		t.Fatalf("signature = %+v", sig)
	}
}

func TestAgreementSignAndSeal(t *testing.T) {
	dir := t.TempDir()
	d := readyDriver(t, dir)
	d.press("down", "down", "down", "enter") // seal too early
	d.mustSee("noch nicht vollständig (3): Unterschrift fehlt")
	d.press("up", "up", "up")
	for range 3 { // the three required signatures, names prefilled
		d.press("enter", "enter", "down")
	}
	if m := inspection.MissingSignatures(d.m.sess.p); len(m) > 0 {
		t.Fatalf("still missing: %v", m)
	}
	d.press("enter") // on "Versiegeln": it asks once
	d.mustSee("Versiegeln ist endgültig")
	if d.m.sess.readOnly() {
		t.Fatal("sealed without the confirmation")
	}
	d.press("up", "down", "enter") // another key in between disarms it
	d.mustSee("Versiegeln ist endgültig")
	d.press("enter")
	d.mustSee("versiegelt · SHA-256")
	if !d.m.sess.readOnly() {
		t.Fatal("session not read-only after sealing")
	}
	d.press("f4", "a")
	d.mustSee("versiegelt – Änderungen nur als Nachtrag")
	if strings.Contains(d.screen(), "a Befund hinzufügen") {
		t.Error("a sealed protocol's footer offers a")
	}
	d.press("f6")
	d.mustSee("🔒 versiegelt – unveränderlich")
	if strings.Contains(d.screen(), "bereit zur Unterschrift") || strings.Contains(d.screen(), "g Gebühr hinzufügen") {
		t.Errorf("a sealed summary offers signing or fees:\n%s", d.screen())
	}
	d.press("g")
	d.mustSee("versiegelt – Änderungen nur als Nachtrag (rueckgabe amend " + d.m.sess.p.ID + ")")
	if d.m.pages[pageSummary].(*summaryPage).pick != nil {
		t.Error("g opened the fee list on a sealed protocol")
	}
	d.press("f7", "down", "enter") // PDF
	d.mustSee("PDF gespeichert:")
	d.press("down", "enter") // export pending
	d.mustSee("1 Protokoll(e) exportiert")
	bundle, err := os.ReadFile(filepath.Join(dir, "export", d.m.sess.p.ID+".bundle.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seal.Check(bundle); err != nil {
		t.Fatalf("bundle from the TUI: %v", err)
	}
	st, _ := store.Open(dir, store.Options{})
	defer st.Close()
	rec, _, _ := st.Get(d.m.sess.p.ID)
	if rec.Status != store.StatusExported {
		t.Errorf("status after export: %s", rec.Status)
	}
}

func TestRefusalPath(t *testing.T) {
	d := readyDriver(t, t.TempDir())
	d.press("m")
	d.mustSee("Kunde verweigert Unterschrift – Prüfer und Zeuge", "Prüfer – enter: unterschreiben", "Zeuge aus dem Autohaus")
	d.press("e")
	d.typ("Kunde bestreitet alle Schäden")
	d.press("esc")
	if d.m.sess.p.Refusal == nil || d.m.sess.p.Refusal.Note != "Kunde bestreitet alle Schäden" {
		t.Fatalf("refusal = %+v", d.m.sess.p.Refusal)
	}
	d.press("enter", "enter", "down", "enter") // inspector; witness dialog opens empty
	d.press("enter")
	d.mustSee("vollständigen Namen eintippen")
	d.typ("Willi Zeuge")
	d.press("enter")
	if m := inspection.MissingSignatures(d.m.sess.p); len(m) > 0 {
		t.Fatalf("refusal still missing %v", m)
	}
	d.press("down", "enter", "enter")
	d.mustSee("versiegelt · SHA-256")
}

func TestDisputePath(t *testing.T) {
	d := readyDriver(t, t.TempDir())
	d.press("m", "m")
	d.mustSee("Gutachten: DEKRA oder TÜV Süd, gewählt: noch keiner", "Zuschlag an den Händler: 925,00 € (5 % vom Fahrzeugwert 18.500,00 €)")
	// the expert's signature waits for the customer's choice
	d.press("down", "enter")
	d.mustSee("erst wählt der Kunde den Sachverständigen")
	if d.m.active().(*signPage).dialog != nil {
		t.Fatal("the expert signature opened without a choice")
	}
	d.press("up", "e")
	d.typ("Kratzer war bei Übergabe schon da")
	d.press("tab", "tab", "tab", "space", "space", "esc") // choose the second expert
	disp := d.m.sess.p.Dispute
	if disp.Comment != "Kratzer war bei Übergabe schon da" || disp.Chosen != "TÜV Süd" {
		t.Fatalf("dispute = %+v", disp)
	}
	// rows: 3 signatures, then the findings: dispute the first one
	d.press("down", "down", "down", "space")
	if len(disp.Findings) != 1 || disp.Findings[0] != 0 {
		t.Fatalf("disputed findings = %v", disp.Findings)
	}
	d.press("up", "up", "up")
	for range 3 {
		d.press("enter", "enter", "down")
	}
	if m := inspection.MissingSignatures(d.m.sess.p); len(m) > 0 {
		t.Fatalf("dispute still missing %v", m)
	}
	if _, ok := d.m.sess.p.SignatureBy(inspection.RoleCustomerExpert); !ok {
		t.Fatal("the customer's choice of expert is not signed")
	}
}
