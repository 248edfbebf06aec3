package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/service"
)

// Issue 25.2 in the TUI: u on the start screen offers the delivery record
// files of lieferumfang/; the picked one starts a handover protocol with the
// car and its record, whose Stammdaten ask for the handover, not a return.
func TestPickDeliveryRecordStartsAHandover(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "delivery-record.json"))
	if err != nil {
		t.Fatal(err)
	}
	_ = os.MkdirAll(filepath.Join(dir, service.RecordDir), 0o755)
	_ = os.WriteFile(filepath.Join(dir, service.RecordDir, "125i-cabrio.json"), data, 0o644)
	d := newDriver(t, dir, 100, 30)
	d.press("u")
	d.mustSee("ohne Lieferumfang-Datei", "125i-cabrio.json")
	d.press("down", "enter")
	d.mustSee("WBAUL91000VF71552", "Übergabedatum")
	if s := d.screen(); strings.Contains(s, "Abstelldatum") || strings.Contains(s, "Mehr-km-Satz") {
		t.Fatalf("a handover protocol asks for the return:\n%s", s)
	}
	p := d.m.sess.p
	if  !p.IsDelivery() || p.DeliveryRecord == nil || len(p.DeliveryRecord.Equipment) != 7 || p.Tyres.Wheels[0].Tyre != "Michelin Primacy 4 225/45 R17" {
		t.Fatalf("protocol %+v", p)
	}
}
