package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/service"
)

// Issue 9 §4: a new protocol asks for the profile (last used preselected),
// records it with its hash, shows it in the header, and the choice is
// remembered for the next protocol.
func TestNewProtocolAsksForTheProfile(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, 80, 24)
	d.press("n")
	d.mustSee("Leasinggeber-Profil", "BMW Financial Services Deutschland (bmw-fs-de@3)", "(leasing-at@1)")
	d.typ("österreich")
	d.press("enter")
	p := d.m.sess.p
	if p.Profile != "leasing-at@1" || p.ProfileHash == "" || p.Catalogue != "bmw-fs-2012@2" || p.Dealership != "Autohaus Test" || p.Inspector != "Test Prüfer" {
		t.Fatalf("new protocol: profile %q hash %q catalogue %q dealership %q inspector %q", p.Profile, p.ProfileHash, p.Catalogue, p.Dealership, p.Inspector)
	}
	if k := p.Contract.KmRules; k.ToleranceMode != inspection.ToleranceAllowance || k.SurchargePercent.Decimal.String() != "40" {
		t.Errorf("km preset of leasing-at not applied: %+v", k)
	}
	if head := strings.SplitN(d.screen(), "\n", 2)[0]; !strings.HasPrefix(head, "neu AT F2") || !strings.Contains(head, "F7 Unt.") {
		t.Errorf("at 80 columns the header names a profile that is not the default by its short label, all steps still shown: %q", head)
	}
	if dev, _ := service.LoadDevice(dir); dev.LastProfile != "leasing-at" || dev.Inspector != "Test Prüfer" {
		t.Errorf("last profile not remembered: %+v", dev)
	}
	d.press("esc", "esc")
	d.press("n")
	if !strings.Contains(selectedLine(d.screen()), "leasing-at@1") {
		t.Errorf("the last profile is not preselected:\n%s", d.screen())
	}
	d.press("esc")
	if d.m.sess != nil && d.m.current != pageStart {
		t.Error("esc in the profile list should not create a protocol")
	}
}

func selectedLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "›") {
			return l
		}
	}
	return ""
}

// Issue 9 §7: the first start asks who inspects where; the answer is stored
// in the data directory and goes into new protocols; never the OS user.
func TestFirstStartAsksForInspectorAndDealership(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("RUECKGABE_INSPECTOR", "")
	m := New(Options{Dir: dir, Rules: testRules, Today: fixedToday, NoColor: true, StoreIdle: time.Millisecond})
	d := &driver{t: t, m: m}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.run(m.Init())
	d.mustSee("Willkommen – wer prüft mit diesem Gerät?", "Prüfer", "Autohaus")
	// issue 23: the footer offers the dialog's keys, not the start screen's
	d.mustSee("enter speichern")
	if s := d.screen(); strings.Contains(s, "neues Protokoll") || strings.Contains(s, "Demo-Protokoll") || strings.Contains(s, "esc abbrechen") {
		t.Errorf("the first-start dialog's footer offers keys that do nothing there:\n%s", s)
	}
	d.press("esc") // does not skip the question on the first start
	d.mustSee("wer prüft mit diesem Gerät?")
	d.typ("Jo")
	d.press("enter", "enter")
	d.mustSee("vollständigen Namen des Prüfers")
	d.typ("chen Prüfer") // the cursor is back in the name (it stayed on Autohaus)
	d.press("tab")
	d.typ("Autohaus Süd, Halle 3")
	d.press("enter")
	d.mustSee("Willkommen bei rueckgabe.")
	dev, err := service.LoadDevice(dir)
	if err != nil || dev.Inspector != "Jochen Prüfer" || dev.Dealership != "Autohaus Süd, Halle 3" {
		t.Fatalf("stored: %+v %v", dev, err)
	}
	d.press("d")
	if p := d.m.sess.p; p.Inspector != "Jochen Prüfer" || p.Dealership != "Autohaus Süd, Halle 3" {
		t.Errorf("demo protocol: %q %q", p.Inspector, p.Dealership)
	}
	d.press("esc")
	d.press("e")
	d.mustSee("Einstellungen dieses Geräts")
	d.press("esc")
	d.mustSee("Entwurf")
}

// RULES.md §9 in the TUI: a proposal is dismissed only with a reason; it then
// no longer stands between the protocol and signing.
func TestProposalIsDismissedWithAReason(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 40)
	d.press("d", "f5", "tab", "tab", "tab")
	d.typ("1,2")
	d.press("tab")
	d.mustSee("Befund vorgeschlagen: Reifen HL")
	d.press("ctrl+r")
	d.mustSee("Welchen Vorschlag verwerfen?")
	d.press("enter")
	d.press("enter") // no reason yet
	d.mustSee("Ohne Begründung wird kein Vorschlag verworfen.")
	if len(d.m.sess.p.Dismissed) != 0 {
		t.Fatal("dismissed without a reason")
	}
	d.typ("Reifen werden vom Leasinggeber gestellt")
	d.press("enter")
	d.mustSee("✗ verworfen: Reifen HL – Reifen werden vom Leasinggeber gestellt")
	if x := d.m.sess.p.Dismissed; len(x) != 1 || x[0].Rule != "reifen_felgen_radkappen.x1" || x[0].Part != "Reifen HL" {
		t.Fatalf("dismissed: %+v", x)
	}
	for _, m := range inspection.Missing(d.m.sess.p, testRules) {
		if strings.Contains(m, "Reifen HL") {
			t.Errorf("still open: %s", m)
		}
	}
	d.press("ctrl+b")
	if n := len(d.m.sess.p.Findings); n != 1 {
		t.Errorf("ctrl+b took a dismissed proposal over: %d findings", n)
	}
	d.press("ctrl+r")
	d.mustSee("(verworfen, wieder öffnen) Reifen HL")
	d.press("enter")
	d.mustSee("Vorschlag wieder offen: Reifen HL", "Befund vorgeschlagen: Reifen HL")
	if len(d.m.sess.p.Dismissed) != 0 {
		t.Fatal("the dismissal was not undone")
	}
}

// A device file that cannot be written says so and asks again: the names
// are not taken as if stored.
func TestDeviceSettingsThatCannotBeSavedAreAskedAgain(t *testing.T) {
	t.Setenv("RUECKGABE_INSPECTOR", "")
	dir := t.TempDir()
	m := New(Options{Dir: dir, Rules: testRules, Today: fixedToday, NoColor: true, StoreIdle: time.Millisecond})
	d := &driver{t: t, m: m}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.run(m.Init())
	if err := os.Mkdir(filepath.Join(dir, service.DeviceFile), 0o700); err != nil { // a directory where the file goes
		t.Fatal(err)
	}
	d.typ("Anna Prüferin")
	d.press("enter", "enter")
	d.mustSee("Einstellungen nicht gespeichert", "wer prüft mit diesem Gerät?")
	if m.c.Device.Inspector != "" {
		t.Errorf("inspector taken over although not stored: %q", m.c.Device.Inspector)
	}
	if got := m.start.device.inputs[0].Value(); got != "Anna Prüferin" {
		t.Errorf("the typed name was lost: %q", got)
	}
	if err := os.Remove(filepath.Join(dir, service.DeviceFile)); err != nil {
		t.Fatal(err)
	}
	d.press("ctrl+s") // saves from any field
	d.mustSee("Willkommen bei rueckgabe.")
	if m.c.Device.Inspector != "Anna Prüferin" {
		t.Errorf("after a successful save: %q", m.c.Device.Inspector)
	}
}
