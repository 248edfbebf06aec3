package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDataPathTypos: --data naming a directory that is not there is a typo
// for a command that only reads — it made a store there and said there
// were no protocols (an outside tester) — and naming the store file itself
// says so (Windows said "mkdir: Path not found"). A writing command still
// creates the directory it is given.
func TestDataPathTypos(t *testing.T) {
	base := t.TempDir()
	typo := filepath.Join(base, "Rücknahmen-tippfehler")
	for _, cmd := range [][]string{{"list"}, {"check"}, {"report", "--format", "csv"}} {
		code, _, errOut := runCLI(t, "", append([]string{"--data", typo}, cmd...)...)
		if code != exitFailure || !strings.Contains(errOut, "gibt es nicht") {
			t.Errorf("%v: exit %d, %q", cmd, code, errOut)
		}
		if _, err := os.Stat(typo); !os.IsNotExist(err) {
			t.Fatalf("%v made %s", cmd, typo)
		}
	}
	if code, _, errOut := runCLI(t, "", "--data", typo, "import", "../../testdata/full-example.json"); code != 0 {
		t.Fatalf("import into a new directory: %d %s", code, errOut)
	}
	file := filepath.Join(typo, "rueckgabe.db")
	for _, cmd := range [][]string{{"list"}, {"import", "../../testdata/full-example.json"}} {
		code, _, errOut := runCLI(t, "", append([]string{"--data", file}, cmd...)...)
		if code != exitFailure || !strings.Contains(errOut, "ist eine Datei, kein Datenverzeichnis") {
			t.Errorf("--data FILE %v: exit %d, %q", cmd, code, errOut)
		}
	}
}

// TestOutputIntoAMissingFolderSaysWhich: -o into a folder that is not
// there names the folder, not the temporary file beside the target
// ("open …/.x.pdf.tmp-844670357: Path not found"; an outside tester).
func TestOutputIntoAMissingFolderSaysWhich(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", "--data", dir, "import", "../../testdata/full-example.json"); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	missing := filepath.Join(dir, "gibtsnicht")
	_, out, _ := runCLI(t, "", "--data", dir, "list", "--json")
	id := out[strings.Index(out, `"id": "`)+7:]
	id = id[:strings.IndexByte(id, '"')]
	for _, args := range [][]string{
		{"export", id, "--format", "json", "-o", filepath.Join(missing, "x.json")},
		{"export", id, "--format", "pdf", "-o", filepath.Join(missing, "x.pdf")},
		{"report", "--format", "csv", "-o", filepath.Join(missing, "r.csv")},
	} {
		code, _, errOut := runCLI(t, "", append([]string{"--data", dir}, args...)...)
		if code != exitFailure || !strings.Contains(errOut, "den Ordner "+missing+" gibt es nicht") || strings.Contains(errOut, ".tmp-") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}
