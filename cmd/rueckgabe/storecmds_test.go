package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/store"
)

func TestImportListExportCheckBackup(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, "", "--data", dir, "import", "../../testdata/spec-example.json", "../../testdata/full-example.json")
	if code != 0 || strings.Count(out, "imported ") != 2 {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, "", "--data", dir, "list", "--json")
	var items []listItem
	if code != 0 || json.Unmarshal([]byte(out), &items) != nil || len(items) != 2 {
		t.Fatalf("list --json: %d %s", code, out)
	}
	if items[0].Gross != "633.81" || items[1].Gross != "484.81" { // newest first
		t.Errorf("list order/totals: %+v", items)
	}
	if code, out, _ = runCLI(t, "", "--data", dir, "list"); code != 0 || !strings.Contains(out, "633,81 €") || !strings.Contains(out, "Entwurf") {
		t.Errorf("list: %s", out)
	}
	if code, out, _ = runCLI(t, "", "--data", dir, "list", "--search", "muster", "--status", "draft"); code != 0 || strings.Count(out, "Mustermann") != 2 {
		t.Errorf("list --search: %s", out)
	}
	if code, _, errOut = runCLI(t, "", "--data", dir, "list", "--status", "done"); code != 2 || !strings.Contains(errOut, "use draft, sealed or exported") {
		t.Errorf("bad --status: %d %s", code, errOut)
	}

	exported := filepath.Join(t.TempDir(), "out.json")
	if code, _, errOut = runCLI(t, "", "--data", dir, "export", items[1].ID, "--format", "json", "-o", exported); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	// the export is the interchange format: quote gives the same totals
	if code, out, _ = runCLI(t, "", "quote", exported); code != 0 || !strings.Contains(out, `"gross": "484.81"`) {
		t.Errorf("quote of export: %s", out)
	}
	// importing it again changes nothing
	if code, out, _ = runCLI(t, "", "--data", dir, "import", exported); code != 0 || out != "unchanged "+items[1].ID+"\n" {
		t.Errorf("re-import: %d %q", code, out)
	}
	if code, out, errOut = runCLI(t, "", "--data", dir, "export", items[1].ID, "--format", "pdf"); code != 0 || !strings.HasPrefix(out, "%PDF-") {
		t.Errorf("export pdf of a draft: %d %.20q %s", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, "", "--data", dir, "export", items[1].ID, "--format", "bundle"); code != 2 || !strings.Contains(errOut, "ist nicht versiegelt") {
		t.Errorf("bundle of a draft: %d %s", code, errOut)
	}
	if code, _, errOut = runCLI(t, "", "--data", dir, "export", items[1].ID, "--format", "xml"); code != 2 || !strings.Contains(errOut, "use json, bundle, pdf or archive") {
		t.Errorf("unknown format: %d %s", code, errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", dir, "check"); code != 0 || !strings.HasPrefix(out, "ok: 2 Protokolle") {
		t.Errorf("check: %d %s", code, out)
	}
	backup := filepath.Join(t.TempDir(), store.FileName)
	if code, _, errOut = runCLI(t, "", "--data", dir, "backup", backup); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", filepath.Dir(backup), "list", "--json"); code != 0 || strings.Count(out, `"id"`) != 2 {
		t.Errorf("list of backup: %s", out)
	}
}

func TestImportInvalidAndSealed(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, "", "--data", dir, "import", "testdata/invalid.json")
	if code != 2 || out != "" || !strings.Contains(errOut, `testdata/invalid.json: findings[2].costs.parts: "12,5x" is not an amount`) {
		t.Fatalf("invalid import: %d %q %q", code, out, errOut)
	}
	data, _ := os.ReadFile("../../testdata/spec-example.json")
	withID := strings.Replace(string(data), `"format": "rueckgabe/protocol@1",`, `"format": "rueckgabe/protocol@1", "id": "BO-4711",`, 1)
	if code, out, _ = runCLI(t, withID, "--data", dir, "import", "-"); code != 0 || out != "imported BO-4711\n" {
		t.Fatalf("import with id: %d %q", code, out)
	}
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	noSeal := func(*inspection.Protocol, string) (json.RawMessage, string, error) {
		return json.RawMessage(`{}`), "", nil
	}
	if _, err := s.SealChained("BO-4711", store.AnyRevision, "test", noSeal); err != nil {
		t.Fatal(err)
	}
	s.Close()
	changed := strings.Replace(withID, "Halle 2", "Halle 9", 1)
	code, out, errOut = runCLI(t, changed, "--data", dir, "import", "-")
	if code != 1 || out != "" || !strings.Contains(errOut, "BO-4711 ist versiegelt und wird nicht überschrieben") {
		t.Errorf("import over sealed: %d %q %q", code, out, errOut)
	}
}

func TestLockedStoreAnswersQuickly(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	code, _, errOut := runCLI(t, "", "--data", dir, "list")
	if code != 1 || !strings.Contains(errOut, "in einem anderen Fenster geöffnet") || !strings.Contains(errOut, "open in another window") {
		t.Errorf("locked: %d %q", code, errOut)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// The table shows a screenful and says there is more; --all and --limit
// choose; --json lists everything (the interchange contract) unless limited.
func TestListPagesTheTable(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := fixture.FullExample(t, catalog.MustDefault())
	for i := range defaultListRows + 5 {
		p.ID = fmt.Sprintf("L-%02d", i)
		if _, _, err := s.Import(p, "t"); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	rows := func(out string) int { return strings.Count(out, "\nEntwurf") }
	_, out, _ := runCLI(t, "", "--data", dir, "list")
	if rows("\n"+out) != defaultListRows || !strings.Contains(out, "--all") {
		t.Fatalf("default table: %d rows\n%s", rows("\n"+out), out)
	}
	if _, out, _ = runCLI(t, "", "--data", dir, "list", "--all"); rows("\n"+out) != defaultListRows+5 || strings.Contains(out, "weitere") {
		t.Fatalf("--all: %d rows", rows("\n"+out))
	}
	if _, out, _ = runCLI(t, "", "--data", dir, "list", "--json"); strings.Count(out, `"id"`) != defaultListRows+5 {
		t.Fatalf("--json: %d", strings.Count(out, `"id"`))
	}
	if _, out, _ = runCLI(t, "", "--data", dir, "list", "--json", "--limit", "3"); strings.Count(out, `"id"`) != 3 {
		t.Fatalf("--json --limit 3: %d", strings.Count(out, `"id"`))
	}
	if code, _, _ := runCLI(t, "", "--data", dir, "list", "--limit", "-1"); code != 2 {
		t.Fatal("negative limit accepted")
	}
}

// Issue 14: `list` lays its table out in terminal cells, whatever the script.
func TestListTableAlignsAnyScript(t *testing.T) {
	dir := t.TempDir()
	p := fixture.FullExample(t, catalog.MustDefault())
	for _, name := range []string{"王小明", "Erika Mustermann", "Łukasz Wałęsa 👍🏽", "Ελένη Παπαδοπούλου"} {
		p.ID, p.Customer.Name = "", name
		doc, _ := inspection.Encode(p)
		if code, _, errOut := runCLI(t, string(doc), "--data", dir, "import", "-"); code != 0 {
			t.Fatal(errOut)
		}
	}
	code, out, _ := runCLI(t, "", "--data", dir, "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 5 {
		t.Fatalf("list: %d\n%s", code, out)
	}
	idCol := -1
	for _, l := range lines[1:] {
		i := strings.LastIndex(l, "  ")
		col := ansi.StringWidth(l[:i+2])
		if idCol == -1 {
			idCol = col
		} else if col != idCol {
			t.Errorf("the id column starts at cell %d, not %d:\n%s", col, idCol, out)
		}
	}
}

// Issue 14: an emoji never fails the PDF; the export names the field.
func TestPDFExportWithEmojiWarns(t *testing.T) {
	dir := t.TempDir()
	p := fixture.FullExample(t, catalog.MustDefault())
	p.Customer.Name = "Zoë 🚗"
	doc, _ := inspection.Encode(p)
	_, out, _ := runCLI(t, string(doc), "--data", dir, "import", "-")
	id := strings.TrimSpace(strings.TrimPrefix(out, "imported "))
	file := filepath.Join(t.TempDir(), "p.pdf")
	code, _, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "pdf", "-o", file)
	if code != 0 || !strings.Contains(errOut, "warning: customer.name: 🚗 (U+1F697): not in the PDF fonts, drawn as □") {
		t.Fatalf("export pdf: %d %s", code, errOut)
	}
	if b, err := os.ReadFile(file); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no PDF written: %v", err)
	}
}
