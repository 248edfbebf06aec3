package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rueckgabe/store"
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

// TestOutputIntoAMissingFolderSaysWhich: -o (or backup's FILE) into a
// folder that is not there names the folder, before any work, not the
// temporary file beside the target ("open …/.x.pdf.tmp-844670357: Path not
// found"; an outside tester). An archive of a draft is refused as such, not
// as a failed write.
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
		{"backup", filepath.Join(missing, "b.db")},
	} {
		code, _, errOut := runCLI(t, "", append([]string{"--data", dir}, args...)...)
		if code != exitInvalid || !strings.Contains(errOut, "den Ordner "+missing+" gibt es nicht") || strings.Contains(errOut, ".tmp-") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	zip := filepath.Join(dir, "x.zip")
	code, _, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "archive", "-o", zip)
	if _, err := os.Stat(zip); code != exitInvalid || !strings.Contains(errOut, "ist nicht versiegelt") || strings.Contains(errOut, "write") || err == nil {
		t.Errorf("archive of a draft: exit %d, %q", code, errOut)
	}
}

// lockProbe is standard input that, when first read, tries to open the
// store as another window would: import reads it before taking the lock.
type lockProbe struct {
	dir    string
	data   io.Reader
	probed bool
	locked bool
}

func (r *lockProbe) Read(p []byte) (int, error) {
	if !r.probed {
		r.probed = true
		s, err := store.Open(r.dir, store.Options{LockTimeout: 200 * time.Millisecond})
		if err != nil {
			r.locked = true
		} else {
			s.Close()
		}
	}
	return r.data.Read(p)
}

// TestImportFromStdinReadsBeforeItLocks: `import -` fed by a slow pipe
// kept the store locked while it waited, and another window's `list` gave
// up after 3 s (an outside tester): the input is read first.
func TestImportFromStdinReadsBeforeItLocks(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", "--data", dir, "list"); code != 0 { // the store exists
		t.Fatalf("list: %s", errOut)
	}
	doc, err := os.ReadFile("../../testdata/full-example.json")
	if err != nil {
		t.Fatal(err)
	}
	in := &lockProbe{dir: dir, data: bytes.NewReader(doc)}
	var out, errOut bytes.Buffer
	if code := newApp(in, &out, &errOut).execute([]string{"--data", dir, "import", "-"}); code != 0 {
		t.Fatalf("import -: %d %s", code, errOut.String())
	}
	if in.locked || !strings.HasPrefix(out.String(), "imported ") {
		t.Fatalf("locked while reading stdin: %v; %q", in.locked, out.String())
	}
}

// TestCompactOfASmallStoreSaysWhyItGrew: a small store's compacted copy is
// laid out in bbolt's fixed steps and may be larger; compact says so
// instead of reporting growth alone (an outside tester).
func TestCompactOfASmallStoreSaysWhyItGrew(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", "--data", dir, "import", "../../testdata/full-example.json"); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	code, out, errOut := runCLI(t, "", "--data", dir, "compact")
	if code != 0 {
		t.Fatalf("compact: %d %s", code, errOut)
	}
	var before, after int64
	if _, err := fmt.Sscanf(out, "compacted: %d → %d bytes", &before, &after); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	if grew := after > before; grew != strings.Contains(out, "nichts verloren") {
		t.Errorf("%d → %d bytes: %q", before, after, out)
	}
}
