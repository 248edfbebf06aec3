package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A protocol file with a key twice is refused by quote (file and stdin)
// and import with exit 2 and one line naming where: which of the two would
// count depends on the reader ("vat_percent" 19 then 0 quoted VAT 0.00; an
// odometer 62501 then 1 changed the gross). Nothing is stored.
func TestQuoteAndImportRefuseAKeyTwice(t *testing.T) {
	full, err := os.ReadFile("../../testdata/full-example.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ old, new, line string }{
		{`"vat_percent": "19"`, `"vat_percent": "19", "vat_percent": "0"`, "vat_percent: appears twice (a key may appear once)"},
		{`"odometer_km": 62501,`, `"odometer_km": 62501, "odometer_km": 1,`, "return.odometer_km: appears twice (a key may appear once)"},
		{`"category": "stossfaenger",`, `"category": "stossfaenger", "cost": "1.00", "c\u006fst": "900.00",`, "findings[2].cost: appears twice (a key may appear once)"},
	} {
		doc := strings.Replace(string(full), c.old, c.new, 1)
		if doc == string(full) {
			t.Fatalf("%q is not in the example", c.old)
		}
		file := filepath.Join(t.TempDir(), "dup.json")
		if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, out, errOut := runCLI(t, "", "quote", file); code != 2 || out != "" || errOut != c.line+"\n" {
			t.Errorf("quote FILE: exit %d, stdout of %d bytes, stderr %q; want 2 and %q", code, len(out), errOut, c.line)
		}
		if code, out, errOut := runCLI(t, doc, "quote", "-"); code != 2 || out != "" || errOut != c.line+"\n" {
			t.Errorf("quote -: exit %d, stdout of %d bytes, stderr %q; want 2 and %q", code, len(out), errOut, c.line)
		}
		dir := t.TempDir()
		if code, _, errOut := runCLI(t, "", "--data", dir, "import", file); code != 2 || errOut != file+": "+c.line+"\n" {
			t.Errorf("import FILE: exit %d, stderr %q; want 2 and %q", code, errOut, c.line)
		}
		if code, _, errOut := runCLI(t, doc, "--data", dir, "import", "-"); code != 2 || errOut != "-: "+c.line+"\n" {
			t.Errorf("import -: exit %d, stderr %q; want 2 and %q", code, errOut, c.line)
		}
		if code, out, _ := runCLI(t, "", "--data", dir, "list"); code != 0 || strings.Contains(out, "WBA") {
			t.Errorf("something was stored: %d %s", code, out)
		}
	}
}
