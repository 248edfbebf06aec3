package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// Ids that would clash as file names on Windows or macOS are refused with
// the reason, exit status 2.
func TestImportRefusesIDsThatClashOnWindowsAndMacOS(t *testing.T) {
	src, err := os.ReadFile("../../testdata/full-example.json")
	if err != nil {
		t.Fatal(err)
	}
	withID := func(id string) string {
		var doc map[string]any
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatal(err)
		}
		doc["id"] = id
		b, _ := json.Marshal(doc)
		return writeBytes(t, "p.json", b)
	}
	dir := t.TempDir()
	if code, out, errOut := runCLI(t, "", "--data", dir, "import", withID("Nord-1")); code != 0 || out != "imported Nord-1\n" {
		t.Fatalf("import Nord-1: %d %q %s", code, out, errOut)
	}
	for id, want := range map[string]string{
		"nord-1":    `differs only in case from "Nord-1"`,
		"CON":       "is a device name on Windows",
		"lpt1.json": "is a device name on Windows",
		"abc.":      "ends in '.'",
	} {
		code, out, errOut := runCLI(t, "", "--data", dir, "import", withID(id))
		if code != 2 || out != "" || !strings.Contains(errOut, want) {
			t.Errorf("import %s: %d %q %q", id, code, out, errOut)
		}
	}
	if code, out, _ := runCLI(t, "", "--data", dir, "list", "--json"); code != 0 || strings.Count(out, `"id"`) != 1 {
		t.Errorf("list after refusals: %s", out)
	}
}
