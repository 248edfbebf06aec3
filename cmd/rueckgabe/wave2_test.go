package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/seal"
)

// testdata/wave2 was written by the program as it was before this wave
// (commit bcf8e3e): a store of schema 4 with a key in clear, a protocol
// imported without a profile and sealed (seal version 1; its lost key at the
// schedule's 50 €), its bundle, its archive and the report line it gave. What is sealed stays as it was: the
// bundle and archive verify, also in a back office whose newest bmw-fs-de is
// a later version; the old store opens (migrated), checks sound and reports
// the same figures; its key is protected on first use and keeps sealing as
// the same key.
func TestWave2RecordsStayValid(t *testing.T) {
	src := filepath.Join("testdata", "wave2")
	key := filepath.Join(src, "key.pem")
	oldCSV := strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join(src, "report.csv")))), "\n")

	office := t.TempDir()
	os.MkdirAll(filepath.Join(office, "profiles"), 0o700)
	os.WriteFile(filepath.Join(office, "profiles", "bmw-fs-de-4.json"), profileV3(t), 0o600)
	for _, f := range []string{"WAVE2-1.bundle.json", "WAVE2-1.zip"} {
		if code, out, errOut := runCLI(t, "", "--data", office, "verify", "--trust", key, filepath.Join(src, f)); code != 0 {
			t.Errorf("verify %s beside bmw-fs-de@4: %d %s%s", f, code, out, errOut)
		}
	}
	runCLI(t, "", "--data", office, "trust", "add", key)
	if code, _, errOut := runCLI(t, "", "--data", office, "import", filepath.Join(src, "WAVE2-1.zip")); code != 0 {
		t.Fatalf("import of the wave-2 archive: %s", errOut)
	}
	sameFigures := func(where, csv string) {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(csv), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], oldCSV[0]+",") || !strings.HasPrefix(lines[1], oldCSV[1]+",") {
			t.Errorf("%s: the figures moved:\nbefore:\n%s\nnow:\n%s", where, strings.Join(oldCSV, "\n"), csv)
		}
	}
	_, csv, _ := runCLI(t, "", "--data", office, "report", "--csv")
	sameFigures("back office with bmw-fs-de@4", csv)

	// the device's own store, opened by this version — on a device that had
	// installed bmw-fs-de@4 (a lost key dearer) after sealing, before the
	// upgrade: the protocol stays valued as sealed
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "profiles"), 0o700)
	os.WriteFile(filepath.Join(dir, "profiles", "bmw-fs-de-4.json"), profileV3(t), 0o600)
	for from, to := range map[string]string{"store.db": "rueckgabe.db", "device-key.pem": seal.KeyFile} {
		if err := os.WriteFile(filepath.Join(dir, to), readFile(t, filepath.Join(src, from)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errOut := runCLI(t, "", "--data", dir, "check"); code != 0 {
		t.Fatalf("check of the wave-2 store: %d %s%s", code, out, errOut)
	}
	_, csv, _ = runCLI(t, "", "--data", dir, "report", "--csv")
	sameFigures("the migrated store", csv)
	bundle := filepath.Join(t.TempDir(), "b.json")
	if code, _, errOut := runCLI(t, "", "--data", dir, "export", "WAVE2-1", "--format", "bundle", "-o", bundle); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := runCLI(t, "", "--data", office, "verify", bundle); code != 0 {
		t.Errorf("the re-exported wave-2 bundle: %s", errOut)
	}
	// the key in clear is protected on its first use and seals on as the same key
	id := importComplete(t, dir, true)
	code, out, errOut := runCLI(t, "", "--data", dir, "seal", id)
	if code != 0 || !strings.Contains(errOut, "lag ungeschützt") || !strings.Contains(out, "(key "+strings.Split(oldCSV[1], ",")[1]+")") {
		t.Fatalf("first seal after the upgrade: %d %q %s", code, out, errOut)
	}
	if data := readFile(t, filepath.Join(dir, seal.KeyFile)); strings.Contains(string(data), "PRIVATE KEY") {
		t.Fatal("the key is still in clear")
	}
	if code, out, errOut := runCLI(t, "", "--data", dir, "check"); code != 0 {
		t.Errorf("check after the first new seal (the chain goes on): %d %s%s", code, out, errOut)
	}
}
