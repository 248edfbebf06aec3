package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// powershellOut is what Windows PowerShell 5.1's `>` writes: UTF-16LE with
// a byte order mark, lines ending in CRLF.
func powershellOut(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(strings.ReplaceAll(s, "\n", "\r\n"))) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

func writeBytes(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// `rueckgabe key > geraet.pem` in PowerShell 5.1 gives a UTF-16LE file;
// trust add and verify --trust take it.
func TestTrustAddTakesPowerShellsUTF16(t *testing.T) {
	bundle, keyFile, _ := sealedBundle(t)
	pem, err := os.ReadFile(keyFile) // what `rueckgabe key` printed
	if err != nil || !strings.Contains(string(pem), "-----BEGIN PUBLIC KEY-----") {
		t.Fatalf("key: %q %v", pem, err)
	}
	file := writeBytes(t, "geraet.pem", powershellOut(string(pem)))
	if b, _ := os.ReadFile(file); b[0] != 0xFF || b[1] != 0xFE || b[2] != pem[0] || b[3] != 0 {
		t.Fatalf("not UTF-16LE: % x", b[:4])
	}
	office := t.TempDir()
	code, out, errOut := runCLI(t, "", "--data", office, "trust", "add", file, "--name", "Gerät 3")
	if code != 0 || !strings.HasPrefix(out, "trusted ") {
		t.Fatalf("trust add of a UTF-16LE PEM: %d %q %s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "--data", t.TempDir(), "verify", "--trust", file, bundle); code != 0 {
		t.Errorf("verify --trust with a UTF-16LE PEM: %d %q %s", code, out, errOut)
	}
}

// quote, import and profiles check read JSON with a UTF-8 byte order mark
// (Notepad) and in UTF-16LE (PowerShell's >).
func TestJSONWithBOMOrUTF16IsRead(t *testing.T) {
	spec, err := os.ReadFile("../../testdata/spec-example.json")
	if err != nil {
		t.Fatal(err)
	}
	_, want, _ := runCLI(t, "", "quote", "../../testdata/spec-example.json")
	for name, b := range map[string][]byte{
		"bom.json":   append([]byte{0xEF, 0xBB, 0xBF}, spec...),
		"utf16.json": powershellOut(string(spec)),
	} {
		f := writeBytes(t, name, b)
		if code, out, errOut := runCLI(t, "", "quote", f); code != 0 || out != want {
			t.Errorf("quote %s: %d %s", name, code, errOut)
		}
		if code, out, errOut := runCLI(t, string(b), "quote", "-"); code != 0 || out != want {
			t.Errorf("quote - < %s: %d %s", name, code, errOut)
		}
	}
	full, err := os.ReadFile("../../testdata/full-example.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := writeBytes(t, "protokoll.json", powershellOut(string(full)))
	if code, out, errOut := runCLI(t, "", "--data", dir, "import", f); code != 0 || !strings.HasPrefix(out, "imported ") {
		t.Errorf("import of UTF-16LE: %d %q %s", code, out, errOut)
	}
	profile := `{"format": "rueckgabe/profile@1", "id": "autohaus-nord", "version": "2", "title": "Autohaus Nord",
	  "catalogue": "bmw-fs-2012@2", "factors": "leaseplan@1", "fees": "akf-servicelease@2", "vat_percent": "19",
	  "damages_taxable": true, "experts": ["DEKRA", "GTÜ"]}`
	pf := writeBytes(t, "nord.json", append([]byte{0xEF, 0xBB, 0xBF}, profile...))
	if code, out, errOut := runCLI(t, "", "profiles", "check", pf); code != 0 {
		t.Errorf("profiles check with BOM: %d %q %s", code, out, errOut)
	}
	// a profile in the data directory, saved by PowerShell
	if err := os.MkdirAll(filepath.Join(dir, "profiles"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "profiles", "nord.json"), powershellOut(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI(t, "", "--data", dir, "profiles"); code != 0 || !strings.Contains(out, "autohaus-nord@2") || errOut != "" {
		t.Errorf("profiles with a UTF-16LE file: %d %q %s", code, out, errOut)
	}
}

// key -o writes what key prints, UTF-8, whatever the shell would do with >.
func TestKeyToAFile(t *testing.T) {
	dir := t.TempDir()
	_, pem, _ := runCLI(t, "", "--data", dir, "key")
	file := filepath.Join(t.TempDir(), "geraet.pem")
	if code, out, errOut := runCLI(t, "", "--data", dir, "key", "-o", file); code != 0 || out != "" {
		t.Fatalf("key -o: %d %q %s", code, out, errOut)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != pem || !strings.Contains(pem, "BEGIN PUBLIC KEY") {
		t.Errorf("key -o wrote %q (%v), key printed %q", b, err, pem)
	}
	// -o - is standard output, as everywhere
	if code, out, errOut := runCLI(t, "", "--data", dir, "key", "-o", "-"); code != 0 || out != pem || errOut != "" {
		t.Errorf("key -o -: %d %q %s", code, out, errOut)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error("key -o - wrote a file named -")
	}
}
