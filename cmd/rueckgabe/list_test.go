package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestListCutsLongNames: a customer's name of 5,000 characters is cut to
// its column in the list (with "…"), not made every row's width; the id
// stays whole and --json keeps the name whole.
func TestListCutsLongNames(t *testing.T) {
	src, err := os.ReadFile("../../testdata/full-example.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Müller-Lüdenscheidt ", 250)
	doc["customer"].(map[string]any)["name"] = long
	in := filepath.Join(t.TempDir(), "lang.json")
	data, _ := json.Marshal(doc)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if code, out, errOut := runCLI(t, "", "--data", dir, "import", in); code != 0 {
		t.Fatalf("import: %d %q %s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "--data", dir, "import", "../../testdata/full-example.json"); code != 0 {
		t.Fatalf("import: %d %q %s", code, out, errOut)
	}
	_, table, _ := runCLI(t, "", "--data", dir, "list")
	lines := strings.Split(strings.TrimRight(table, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("list:\n%s", table)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 200 {
			t.Errorf("a row of %d cells: %.120q…", w, l)
		}
	}
	if !strings.Contains(table, "Müller-Lüdenscheidt Müller-Lüdenscheidt…") {
		t.Errorf("the long name is not cut with …:\n%s", table)
	}
	_, js, _ := runCLI(t, "", "--data", dir, "list", "--json")
	if !strings.Contains(js, strings.TrimSpace(long)) {
		t.Error("--json does not keep the name whole")
	}
}
