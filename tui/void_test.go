package tui

import (
	"strings"
	"testing"

	"rueckgabe/inspection"
)

// The case from the keyboard: the customer signs both agreements,
// then F4, the door's cost → 900, enter: the valuation signature is gone, the
// status line says which and why, and F7 asks for it again.
func TestChangedCostTakesTheValuationSignatureOff(t *testing.T) {
	d := readyDriver(t, t.TempDir())
	for range 3 {
		d.press("enter", "enter", "down")
	}
	if m := inspection.MissingSignatures(d.m.sess.p); len(m) > 0 {
		t.Fatalf("still missing: %v", m)
	}
	d.press("f4")
	for i, c := range testRules.Catalogue.Categories {
		if c.ID == "lackierung" {
			d.m.pages[pageWalk].(*walkPage).cat = i
		}
	}
	d.press("enter", "ctrl+u")
	d.typ("900")
	d.press("enter")
	if got := d.m.sess.p.Findings[0].RepairCost().String(); got != "900" {
		t.Fatalf("cost = %s\n%s", got, d.screen())
	}
	d.mustSee("Unterschrift entfernt – Kunde: Einigung über Minderwerte: Beträge seit der Unterschrift geändert")
	if _, ok := d.m.sess.p.SignatureBy(inspection.RoleCustomerValuation); ok {
		t.Fatal("the valuation signature survived the change of the amount")
	}
	if _, ok := d.m.sess.p.SignatureBy(inspection.RoleCustomerCondition); !ok {
		t.Fatal("the condition signature went too: the findings did not change")
	}
	d.press("f7")
	d.mustSee("○ Kunde: Einigung über Minderwerte – enter: unterschreiben")
	// signing again shows the new figures above the box
	d.press("up", "up", "up", "up", "up", "down", "enter")
	d.mustSee("Sie bestätigen die Beträge:", "Gesamt brutto")
	if !strings.Contains(d.screen(), "Unterschrift: Kunde: Einigung über Minderwerte") {
		t.Fatal(d.screen())
	}
}

// Switching to "Kunde verweigert Unterschrift" after the customer signed
// takes the customer's signatures off; the witness is not the inspector.
func TestRefusalTakesTheAgreementOffAndNeedsAnotherWitness(t *testing.T) {
	d := readyDriver(t, t.TempDir())
	d.press("enter", "enter", "down", "enter", "enter")
	d.press("m") // it would take a signature off: asked first
	d.mustSee("m erneut: Ablauf wechseln – 2 Unterschriften werden entfernt")
	if d.m.sess.p.Refusal != nil {
		t.Fatal("one m switched to the refusal and took the signature off")
	}
	d.press("m")
	d.mustSee("Unterschrift entfernt – Kunde: Einigung über Fahrzeugzustand")
	for _, s := range d.m.sess.p.Signatures {
		if strings.HasPrefix(s.Role, "customer") {
			t.Fatalf("a refusal carries the customer's %s", s.Role)
		}
	}
	d.press("enter", "enter") // inspector, name prefilled
	d.press("down", "enter")
	d.typ(strings.ToUpper(d.m.c.Device.Inspector))
	d.press("enter")
	d.mustSee("der Zeuge ist eine andere Person als Prüfer und Kunde")
	if _, ok := d.m.sess.p.SignatureBy(inspection.RoleWitness); ok {
		t.Fatal("the inspector witnessed his own protocol")
	}
}

// Dispute: the customer signs the choice of TÜV Süd; the choice becomes DEKRA:
// the signature is void.
func TestChangedExpertTakesTheChoiceOff(t *testing.T) {
	d := readyDriver(t, t.TempDir())
	d.press("m", "m", "e", "tab", "tab", "tab", "space", "space", "esc")
	if d.m.sess.p.Dispute.Chosen != "TÜV Süd" {
		t.Fatalf("chosen %q", d.m.sess.p.Dispute.Chosen)
	}
	d.press("down", "enter")
	d.mustSee("Sie wählen als Sachverständigen: TÜV Süd")
	d.press("enter")
	if _, ok := d.m.sess.p.SignatureBy(inspection.RoleCustomerExpert); !ok {
		t.Fatal("not signed")
	}
	d.press("e", "tab", "tab", "tab", "space", "esc")
	if d.m.sess.p.Dispute.Chosen != "DEKRA" {
		t.Fatalf("chosen %q", d.m.sess.p.Dispute.Chosen)
	}
	d.mustSee("Unterschrift entfernt – Kunde: Wahl des Sachverständigen")
	if _, ok := d.m.sess.p.SignatureBy(inspection.RoleCustomerExpert); ok {
		t.Fatal("the choice of TÜV Süd still signs for DEKRA")
	}
}

// m on F7 switched the path at once and threw away what was entered for
// the one left — a refusal's note, a dispute's comment and costs — without
// a word. It asks first; a second m switches, any other key stays.
func TestSwitchingPathAsksBeforeDroppingWhatWasEntered(t *testing.T) {
	d := readyDriver(t, t.TempDir())
	d.press("m") // nothing entered, nothing signed: switches at once
	if d.m.sess.p.Refusal == nil {
		t.Fatal("m did not switch to the refusal")
	}
	d.press("e")
	d.typ("Kunde bestreitet die Delle")
	d.press("esc")
	if d.m.sess.p.Refusal == nil || d.m.sess.p.Refusal.Note != "Kunde bestreitet die Delle" {
		t.Fatalf("note %+v", d.m.sess.p.Refusal)
	}
	d.press("m")
	d.mustSee("m erneut: Ablauf wechseln – der Vermerk zur Verweigerung wird verworfen")
	d.press("down") // another key: stays, the note kept
	if r := d.m.sess.p.Refusal; r == nil || r.Note != "Kunde bestreitet die Delle" {
		t.Fatalf("another key after m dropped the note: %+v", r)
	}
	d.press("m", "m") // asked again, then switched: to the dispute
	if d.m.sess.p.Refusal != nil || d.m.sess.p.Dispute == nil {
		t.Fatalf("m m did not switch: refusal %+v dispute %+v", d.m.sess.p.Refusal, d.m.sess.p.Dispute)
	}
	d.m.sess.p.Dispute.Comment = "Gutachten gewünscht"
	d.press("m")
	d.mustSee("die Angaben zum Gutachten werden verworfen")
	if d.m.sess.p.Dispute == nil {
		t.Fatal("one m dropped the dispute")
	}
}
