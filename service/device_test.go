package service

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/internal/fixture"
)

func TestDeviceSettingsRoundTripAndNeverTheOSUser(t *testing.T) {
	t.Setenv("RUECKGABE_INSPECTOR", "")
	dir := t.TempDir()
	d, err := LoadDevice(dir)
	if err != nil || d.Complete() || d.Inspector != "" {
		t.Fatalf("first start: %+v %v", d, err)
	}
	if !strings.HasPrefix(d.By(), "unbekannt") {
		t.Errorf("audit name without inspector: %q", d.By())
	}
	want := Device{Inspector: "Max Prüfer", Dealership: "Autohaus Beispiel GmbH", LastProfile: "leasing-at"}
	if err := SaveDevice(dir, want); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadDevice(dir); err != nil || got != want {
		t.Fatalf("reload: %+v %v", got, err)
	}
	fixture.CheckOwnerOnly(t, filepath.Join(dir, DeviceFile))
	if err := os.WriteFile(filepath.Join(dir, DeviceFile), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDevice(dir); err == nil || !strings.Contains(err.Error(), "rueckgabe device --inspector") {
		t.Errorf("damaged file: %v", err)
	}
}

func TestDeviceTakesTheOldConfigsInspector(t *testing.T) {
	t.Setenv("RUECKGABE_INSPECTOR", "")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"inspector": "Alt Prüfer"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if d, _ := LoadDevice(dir); d.Inspector != "Alt Prüfer" {
		t.Errorf("old config: %+v", d)
	}
}
