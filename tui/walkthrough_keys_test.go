package tui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Issue 23: the scripted return of the issue's car — a BMW 320d Touring,
// six findings, two photos, signatures drawn with the mouse, seal, PDF,
// archive — from `n` to the exported archive in at most 300 keystrokes,
// every typed character of the master data counted (the issue's count was
// 407). docs/tui.md records the count.
func TestIssueWalkthroughWithin300Keystrokes(t *testing.T) {
	dir, cam := t.TempDir(), cameraCard(t)
	d := newDriver(t, dir, 80, 24)
	d.m.c.Device.LastPhotoDir = cam

	d.press("n", "enter") // the profile: the preselected one
	// enter goes on to the next field still empty: past the make and the
	// return date (prefilled), the profile's km clause and the choices
	field := func(text string) {
		d.typ(text)
		d.press("enter")
	}
	field("M-RG 3200")         // Kennzeichen
	field("WBA8K31090K123456") // FIN; Marke: BMW from the profile
	field("320d Touring")      // Modell
	field("15.3.21")           // Erstzulassung; km bei Übergabe: 0
	field("21.500")            // Fahrzeugwert netto
	field("Jürgen Müller-Lüdenscheidt")
	field("Hauptstr. 5, 80331 München")
	field("L-2021-0815") // Vertragsnummer; Kilometervertrag
	field("31.3.24")     // Vertragsende
	field("389,50")      // Monatsrate
	field("60.000")      // Vereinbarte km
	field("0,085")       // Mehr-km-Satz
	field("0,0425")      // Minder-km-Satz; tolerance, its kind and cap from the profile
	for range 4 {        // caps and surcharges not in this contract
		d.press("enter")
	}
	field("62.501") // km-Stand (Abstelldatum: today); abgelesen
	if got := d.m.pages[pageMaster].(*formPage).form.focused().label; got != "Ort" {
		t.Fatalf("enter led to %q, not to Ort", got)
	}
	d.typ("Autohaus Süd")
	d.press("ctrl+o", "a", "enter") // the two photos of the car taken since the start
	d.mustSee("2 Fotos zum Fahrzeug angehängt")
	if p := d.m.sess.p; p.Vehicle.Model != "320d Touring" || p.Customer.Name != "Jürgen Müller-Lüdenscheidt" || p.Return.Place != "Autohaus Süd" || len(p.Evidence) != 2 {
		t.Fatalf("master data: %+v %+v %+v, %d photos", p.Vehicle, p.Customer, p.Return, len(p.Evidence))
	}
	master := d.keys

	d.press("f3", "ctrl+l") // the five preconditions met
	d.mustSee("5 Voraussetzungen als erfüllt bestätigt")
	if pc := d.m.sess.p.Preconditions; pc.Cleaned == nil || !*pc.Cleaned || pc.Accessible == nil || !*pc.Accessible {
		t.Fatalf("preconditions %+v", pc)
	}
	d.press("f4")                         // Karosserie
	addFinding(d, "tvl", "2", "4", "120") // a dent, front left door
	d.press("right")                      // Lackierung
	addFinding(d, "hk", "7", "3", "250")  // tailgate
	d.press("right")                      // Stoßfänger
	addFinding(d, "sv", "3", "2", "180")
	d.press("right") // Verglasung / Beleuchtung
	addFinding(d, "fs", "2", "1", "90")
	d.press("right") // Reifen / Felgen / Radkappen
	addFinding(d, "fvl", "5", "1", "150")
	d.press("right") // Interieur
	addFinding(d, "fa", "4", "2", "200")
	d.press("right", "k", "k", "k") // Zubehör, Mechanik / Elektrik, Lieferumfang: none

	d.press("f5", "tab") // tread depths VL … HR
	for _, mm := range []string{"5", "4,5", "3", "3"} {
		d.typ(mm)
		d.press("tab")
	}
	d.press("ctrl+l") // the delivery scope: alles vollständig

	d.m.c.Now = func() time.Time { return signTime }
	d.press("f7")
	for range 3 { // each signature drawn with the mouse in its field, then enter
		d.press("enter")
		cv := &d.m.pages[pageSign].(*signPage).dialog.canvas
		d.send(tea.MouseClickMsg{X: cv.x + 1, Y: cv.y + 1, Button: tea.MouseLeft})
		d.send(tea.MouseMotionMsg{X: cv.x + cv.w/2, Y: cv.y + cv.h - 1, Button: tea.MouseLeft})
		d.send(tea.MouseReleaseMsg{X: cv.x + cv.w/2, Y: cv.y + cv.h - 1})
		d.press("enter", "down")
	}
	d.press("enter", "enter") // seal, confirmed
	d.mustSee("versiegelt · SHA-256")
	d.press("down", "enter") // the customer's PDF
	d.mustSee("PDF gespeichert:")
	d.press("down", "enter") // export: archive, bundle, PDF
	d.mustSee("1 Protokoll(e) exportiert")

	p := d.m.sess.p
	if len(p.Findings) != 6 || len(p.Signatures) != 3 {
		t.Fatalf("%d findings, %d signatures", len(p.Findings), len(p.Signatures))
	}
	for _, s := range p.Signatures {
		if len(s.Strokes) == 0 {
			t.Errorf("signature %s not drawn", s.Role)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "export", p.ID+".zip")); err != nil {
		t.Errorf("no archive: %v", err)
	}
	t.Logf("the issue's return took %d keystrokes: %d for the master data and the car's photos, %d after", d.keys, master, d.keys-master)
	if d.keys > 300 {
		t.Errorf("%d keystrokes, goal ≤ 300", d.keys)
	}
}
