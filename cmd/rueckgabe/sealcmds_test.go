package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

// importComplete imports the full example made complete for sealing, with or
// without its signatures, through the CLI, and returns its id.
func importComplete(t testing.TB, dir string, signed bool) string {
	p := fixture.Complete(t, catalog.MustDefault())
	if !signed {
		p.Signatures = nil
	}
	doc, err := inspection.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, string(doc), "--data", dir, "import", "-")
	if code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	return strings.TrimSpace(strings.TrimPrefix(out, "imported "))
}

func TestSealExportVerifyImport(t *testing.T) {
	dir := t.TempDir()
	id := importComplete(t, dir, false)
	code, _, errOut := runCLI(t, "", "--data", dir, "seal", id)
	if code != 2 || !strings.Contains(errOut, id+": Unterschrift fehlt: Prüfer") || strings.Count(errOut, "\n") != 3 {
		t.Fatalf("seal without signatures: %d\n%s", code, errOut)
	}
	dir = t.TempDir()
	id = importComplete(t, dir, true)
	code, out, errOut := runCLI(t, "", "--data", dir, "seal", id)
	if code != 0 || !strings.HasPrefix(out, "sealed "+id) {
		t.Fatalf("seal: %d %s %s", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, "", "--data", dir, "seal", id); code != 1 || !strings.Contains(errOut, "versiegelt") {
		t.Errorf("second seal: %d %s", code, errOut)
	}
	outDir := t.TempDir()
	if code, out, errOut = runCLI(t, "", "--data", dir, "export", "--pending", "-o", outDir); code != 0 || out != "exported "+id+"\n" {
		t.Fatalf("export --pending: %d %q %s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", dir, "export", "--pending", "-o", outDir); code != 0 || !strings.Contains(out, "nothing pending") {
		t.Errorf("second --pending: %q", out)
	}
	bundle := filepath.Join(outDir, id+".bundle.json")
	if _, err := os.Stat(filepath.Join(outDir, id+".pdf")); err != nil {
		t.Error("no PDF written by --pending")
	}
	if _, err := os.Stat(filepath.Join(outDir, id+".zip")); err != nil {
		t.Error("no archive written by --pending")
	}
	keyFile := filepath.Join(t.TempDir(), "device.pem")
	code, out, _ = runCLI(t, "", "--data", dir, "key")
	if code != 0 || !strings.Contains(out, "BEGIN PUBLIC KEY") {
		t.Fatalf("key: %s", out)
	}
	_ = os.WriteFile(keyFile, []byte(out), 0o644)
	if code, out, errOut = runCLI(t, "", "verify", bundle, "--trust", keyFile); code != 0 || !strings.Contains(out, "valid") {
		t.Fatalf("verify: %d %s %s", code, out, errOut)
	}
	data, _ := os.ReadFile(bundle)
	tampered := filepath.Join(t.TempDir(), "t.json")
	_ = os.WriteFile(tampered, []byte(strings.Replace(string(data), `"50.00"`, `"5.00"`, 1)), 0o644)
	if code, _, errOut = runCLI(t, "", "--data", t.TempDir(), "verify", tampered); code != 1 || !strings.Contains(errOut, "NOT VALID: protocol was changed after sealing") {
		t.Errorf("tampered: %d %s", code, errOut)
	}
	// back office: an unknown device's bundle is refused until its key is trusted
	office := t.TempDir()
	if code, _, errOut = runCLI(t, "", "--data", office, "import", bundle); code != 1 || !strings.Contains(errOut, "NOT TRUSTED") || !strings.Contains(errOut, "rueckgabe trust add") {
		t.Fatalf("import from an untrusted device: %d %s", code, errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", office, "list", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("an untrusted bundle was stored: %s", out)
	}
	if code, out, errOut = runCLI(t, "", "--data", office, "trust", "add", keyFile, "--name", "Autohaus Nord, Gerät 3"); code != 0 || !strings.HasPrefix(out, "trusted ") {
		t.Fatalf("trust add: %d %s %s", code, out, errOut)
	}
	// import verifies, is idempotent, and refuses a tampered bundle
	if code, out, errOut = runCLI(t, "", "--data", office, "import", bundle); code != 0 || out != "imported "+id+" (sealed)\n" {
		t.Fatalf("import bundle: %d %q %s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", office, "import", bundle); code != 0 || out != "unchanged "+id+"\n" {
		t.Errorf("re-import: %d %q", code, out)
	}
	if code, _, errOut = runCLI(t, "", "--data", office, "import", tampered); code != 1 || !strings.Contains(errOut, "NOT VALID") {
		t.Errorf("tampered import: %d %s", code, errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", office, "export", id, "--format", "bundle"); code != 0 || out != string(data) {
		t.Errorf("the back office's export differs from the device's bundle")
	}
	// a correction is an amendment that names the sealed hash; both stay readable
	code, out, errOut = runCLI(t, "", "--data", dir, "amend", id)
	if code != 0 || !strings.Contains(out, "of "+id+" (sealed hash ") {
		t.Fatalf("amend: %d %q %s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", dir, "list", "--json"); code != 0 || !strings.Contains(out, `"amends": "`+id+`"`) || !strings.Contains(out, `"status": "exported"`) {
		t.Errorf("list after amend: %s", out)
	}
}
