package tui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"rueckgabe/store"
)

// TestWholeReturnWithin250Keystrokes plays the return of issue 10 from the
// start screen to the exported archive: master data given (the demo's — the
// goal leaves typed master data out), preconditions, 8 findings with their
// costs across the categories, the others confirmed empty, four tread
// depths, a key short, the rest of the delivery scope confirmed in one key,
// the key taken over with its key-loss fee in one step and priced,
// three signatures, seal, the customer's PDF, export. Every keystroke after
// the master data counts, typed amounts and depths included.
func TestWholeReturnWithin250Keystrokes(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 80, 24)
	d.m.c.Now = func() time.Time { return signTime }
	d.press("d") // master data
	start := d.keys

	d.press("f3")
	for range 5 {
		d.press("space", "tab")
	}
	d.press("f4")                         // Karosserie
	addFinding(d, "tvl", "2", "4", "120") // dent, front left door
	addFinding(d, "mh", "3", "2", "300")  // bonnet
	d.press("right")                      // Lackierung: the demo's finding is there
	addFinding(d, "hk", "7", "3", "250")
	d.press("right") // Stoßfänger
	addFinding(d, "sv", "3", "2", "180")
	d.press("right") // Verglasung / Beleuchtung
	addFinding(d, "fs", "2", "1", "90")
	d.press("right") // Reifen / Felgen / Radkappen
	addFinding(d, "rvl", "6", "1", "150")
	d.press("right") // Interieur
	addFinding(d, "fa", "4", "2", "200")
	d.press("right", "k") // Zubehör: none (k moves on to Mechanik / Elektrik)
	d.press("k")          // Mechanik / Elektrik: none

	d.press("f5", "tab") // tread depths VL … HR
	for _, mm := range []string{"5", "4,5", "3", "3"} {
		d.typ(mm)
		d.press("tab")
	}
	d.typ("1")               // Fahrzeugschlüssel: one of two returned
	d.press("tab", "ctrl+l") // the rest of the delivery scope: "alles vollständig"
	d.mustSee("Lieferumfang bestätigt, außer: Fahrzeugschlüssel 1/2")
	d.press("ctrl+b") // the key as a finding, with its key-loss fee from the schedule
	d.mustSee("Übernommen: 1 Befund + Gebühr Schlüsselverlust 50,00 € – Kosten: F4 Rundgang")

	d.press("f4") // the key in Lieferumfang: open it, price it
	for d.m.pages[pageWalk].(*walkPage).category().ID != "lieferumfang" {
		d.press("right")
	}
	d.press("enter")
	d.typ("280")
	d.press("enter")

	d.press("f7")
	for range 3 {
		d.press("enter", "enter", "down")
	}
	d.press("enter", "enter") // seal, confirmed
	d.mustSee("versiegelt · SHA-256")
	d.press("down", "enter") // the customer's PDF
	d.mustSee("PDF gespeichert:")
	d.press("down", "enter") // export: archive, bundle, PDF
	d.mustSee("1 Protokoll(e) exportiert")
	used := d.keys - start

	p := d.m.sess.p
	if len(p.Findings) != 9 { // the demo's one, seven here, the key
		t.Fatalf("%d findings", len(p.Findings))
	}
	for _, f := range p.Findings {
		if f.RepairCost().IsZero() {
			t.Errorf("finding %s / %s has no cost", f.Category, f.Part)
		}
	}
	if len(p.Fees) != 1 || p.Fees[0].Code != "key_loss" {
		t.Errorf("fees %+v", p.Fees)
	}
	if _, err := os.Stat(filepath.Join(dir, "export", p.ID+".zip")); err != nil {
		t.Errorf("no archive: %v", err)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if rec, _, _ := st.Get(p.ID); rec.Status != store.StatusExported {
		t.Errorf("status %s", rec.Status)
	}
	t.Logf("the whole return took %d keystrokes after the master data", used)
	if used > 250 {
		t.Errorf("%d keystrokes, goal ≤ 250", used)
	}
}
