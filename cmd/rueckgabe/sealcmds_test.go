package main

import (
	"encoding/json"
	"os"
	"os/exec"
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
	code, out, errOut = runCLI(t, "", "--data", dir, "amend", id, "--reason", "Zweitschlüssel nachgereicht")
	if code != 0 || !strings.Contains(out, "of "+id+" (sealed hash ") {
		t.Fatalf("amend: %d %q %s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", dir, "list", "--json"); code != 0 || !strings.Contains(out, `"amends": "`+id+`"`) || !strings.Contains(out, `"status": "exported"`) {
		t.Errorf("list after amend: %s", out)
	}
}

// Issue 30 §5: an amendment names what it amends in its signed content, is
// signed again, prints "Nachtrag zu …", and list and report show it as the
// current record and the original as superseded (not two bills).
func TestAmendmentNamesTheOriginalAndSupersedesIt(t *testing.T) {
	dir := t.TempDir()
	id := importComplete(t, dir, true)
	run := func(args ...string) (int, string, string) {
		return runCLI(t, "", append([]string{"--data", dir}, args...)...)
	}
	if code, _, errOut := run("seal", id); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := run("amend", id); code != 2 || !strings.Contains(errOut, "--reason") {
		t.Fatalf("amend without a reason: %d %s", code, errOut)
	}
	code, out, errOut := run("amend", id, "--reason", "Zweitschlüssel nachgereicht")
	if code != 0 {
		t.Fatal(errOut)
	}
	amendment := strings.Fields(out)[1]
	_, doc, _ := run("export", amendment)
	p, probs := inspection.DecodeDraft([]byte(doc), catalog.MustDefault())
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	_, bundle, _ := run("export", id, "--format", "bundle")
	var b struct {
		Seal struct{ Hash string } `json:"seal"`
	}
	_ = json.Unmarshal([]byte(bundle), &b)
	if a := p.Amends; a == nil || a.ID != id || a.SealHash != b.Seal.Hash || a.Reason != "Zweitschlüssel nachgereicht" {
		t.Fatalf("amends = %+v, original seal %s", p.Amends, b.Seal.Hash)
	}
	if len(p.Signatures) != 0 {
		t.Fatalf("the amendment kept the original's signatures: %+v", p.Signatures)
	}
	if code, _, errOut := run("seal", amendment); code != 2 || !strings.Contains(errOut, "Unterschrift fehlt: Kunde") {
		t.Fatalf("seal of the unsigned amendment: %d %s", code, errOut)
	}
	signAgain(t, dir, amendment)
	if code, _, errOut := run("seal", amendment); code != 0 {
		t.Fatal(errOut)
	}
	// the amendment's bundle signs the reference to the original
	_, bundle2, _ := run("export", amendment, "--format", "bundle")
	if !strings.Contains(bundle2, `"amends":{"id":"`+id+`","reason":"Zweitschlüssel nachgereicht","seal_hash":"`+b.Seal.Hash+`"}`) {
		t.Errorf("the sealed amendment does not name the original: %.300s", bundle2)
	}
	_, list, _ := run("list")
	if !strings.Contains(list, "ersetzt") || !strings.Contains(list, "(Nachtrag)") {
		t.Errorf("list:\n%s", list)
	}
	_, listJSON, _ := run("list", "--json")
	if !strings.Contains(listJSON, `"superseded_by": "`+amendment+`"`) {
		t.Errorf("list --json lacks superseded_by:\n%s", listJSON)
	}
	_, csv, _ := run("report", "--csv")
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], ",amends,superseded_by,review") {
		t.Fatalf("report:\n%s", csv)
	}
	for _, l := range lines[1:] {
		switch {
		case strings.HasPrefix(l, id+","):
			if !strings.HasSuffix(l, ","+amendment+",") {
				t.Errorf("the original is not marked superseded: %s", l)
			}
		case strings.HasPrefix(l, amendment+","):
			if !strings.HasSuffix(l, ","+id+",,") {
				t.Errorf("the amendment does not name the original: %s", l)
			}
		}
	}
	// the original amended already: a second amendment of it would branch
	if code, _, errOut := run("amend", id, "--reason", "noch einmal"); code != 2 || !strings.Contains(errOut, "amended by "+amendment) {
		t.Errorf("amend of an amended protocol: %d %s", code, errOut)
	}
	// the back office, importing both bundles (in either order), knows it too
	office := t.TempDir()
	keyFile := filepath.Join(t.TempDir(), "k.pem")
	_, pem, _ := run("key")
	os.WriteFile(keyFile, []byte(pem), 0o600)
	runCLI(t, "", "--data", office, "trust", "add", keyFile)
	for _, b := range []string{bundle2, bundle} {
		if code, _, errOut := runCLI(t, b, "--data", office, "import", "-"); code != 0 {
			t.Fatalf("office import: %s", errOut)
		}
	}
	if _, officeCSV, _ := runCLI(t, "", "--data", office, "report", "--csv"); !strings.Contains(officeCSV, ","+amendment+",") || !strings.Contains(officeCSV, ","+id+",,") {
		t.Errorf("the back office does not see the amendment:\n%s", officeCSV)
	}
	// an amendment naming a seal that is not the original's is not sealed
	_, doc3, _ := run("export", id)
	forged, _ := inspection.DecodeDraft([]byte(doc3), catalog.MustDefault())
	forged.ID = "NACHTRAG-X"
	forged.Amends = &inspection.Amendment{ID: id, SealHash: strings.Repeat("f", 64), Reason: "erfunden"}
	forged.Signatures = fixture.Complete(t, catalog.MustDefault()).Signatures
	fdoc, _ := inspection.Encode(forged)
	runCLI(t, string(fdoc), "--data", dir, "import", "-")
	if code, _, errOut := run("seal", "NACHTRAG-X"); code != 2 || !strings.Contains(errOut, "hat ein anderes Siegel als das genannte") {
		t.Errorf("seal of a forged amendment: %d %s", code, errOut)
	}

	pdf := filepath.Join(t.TempDir(), "n.pdf")
	if code, _, errOut := run("export", amendment, "--format", "pdf", "-o", pdf); code != 0 {
		t.Fatal(errOut)
	}
	if text := pdfText(t, pdf); text != "" && !strings.Contains(text, "Nachtrag zu Protokoll "+id) {
		t.Errorf("the PDF does not say what it amends:\n%.500s", text)
	}
}

// pdfText is the PDF's text by pdftotext, "" where it is not installed.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed: the PDF's text is not checked")
		return ""
	}
	out, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// An archive piped into verify - is checked as the same file by name is
// (tester: "not a bundle: invalid character 'P'"); a bundle piped in still
// is a bundle, and a cut archive piped in is refused.
func TestVerifyAnArchiveFromStdin(t *testing.T) {
	dir := t.TempDir()
	id := importComplete(t, dir, true)
	if code, _, e := runCLI(t, "", "--data", dir, "seal", id); code != 0 {
		t.Fatalf("seal: %s", e)
	}
	zip := filepath.Join(t.TempDir(), "a.zip")
	if code, _, e := runCLI(t, "", "--data", dir, "export", id, "--format", "archive", "-o", zip); code != 0 {
		t.Fatalf("export: %s", e)
	}
	key := deviceKeyFile(t, dir)
	data, _ := os.ReadFile(zip)
	code, out, e := runCLI(t, string(data), "verify", "-", "--trust", key)
	if code != 0 || !strings.HasPrefix(out, "-: valid") || !strings.Contains(out, "photos intact") {
		t.Fatalf("verify - of an archive: %d %q %q", code, out, e)
	}
	_, bundle, _ := runCLI(t, "", "--data", dir, "export", id, "--format", "bundle")
	if code, out, e := runCLI(t, bundle, "verify", "-", "--trust", key); code != 0 || !strings.HasPrefix(out, "-: valid") {
		t.Fatalf("verify - of a bundle: %d %q %q", code, out, e)
	}
	if code, _, _ := runCLI(t, string(data[:len(data)-100]), "verify", "-", "--trust", key); code == 0 {
		t.Fatal("a cut archive from stdin is valid")
	}
}
