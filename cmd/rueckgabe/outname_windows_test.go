package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWindowsDeviceNamesAndQuotedData: -o naming a device (CON, lpt1,
// Aux.json, "COM3 .pdf") is refused before anything is written — CON gave
// "Invalid handle", LPT1 "Bad device type" after a temporary file — and
// --data holding a quote (cmd.exe's \" at the end of a quoted path) says
// what to type instead.
func TestWindowsDeviceNamesAndQuotedData(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", "--data", dir, "import", "../../testdata/full-example.json"); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	out := t.TempDir()
	for _, name := range []string{"CON", "lpt1", "Aux.json", "COM3 .pdf"} {
		code, _, errOut := runCLI(t, "", "--data", dir, "report", "--format", "csv", "-o", filepath.Join(out, name))
		if code != exitInvalid || !strings.Contains(errOut, "Gerätename") {
			t.Errorf("-o %s: exit %d, %q", name, code, errOut)
		}
	}
	code, _, errOut := runCLI(t, "", "--data", `C:\Rueck Daten" import x.json`, "list")
	if code != exitInvalid || !strings.Contains(errOut, "Anführungszeichen") {
		t.Errorf("quoted --data: exit %d, %q", code, errOut)
	}
}
