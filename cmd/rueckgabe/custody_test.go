//go:build !windows && !darwin

// Where no operating system key store keeps the device key, a passphrase does
// (keystore_other.go); keystore_windows_test.go tests DPAPI.

package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/seal"
)

// Issue 29 §1 from the command line: seal asks for the passphrase (here: no
// terminal, so --passphrase-file), `key` needs none, a copy of the data
// folder cannot seal without it, a key kept in clear by an older version is
// protected on first use and stays the same key.
func TestSealNeedsTheUnlockedKey(t *testing.T) {
	t.Setenv(seal.EnvPassphraseVar, "")
	dir := t.TempDir()
	passFile := filepath.Join(t.TempDir(), "pass.txt")
	os.WriteFile(passFile, []byte("Pferdestall 17\n"), 0o600)
	id := importComplete(t, dir, true)
	code, _, errOut := runCLI(t, "", "--data", dir, "seal", id)
	if code != 1 || !strings.Contains(errOut, "--passphrase-file") {
		t.Fatalf("seal without a passphrase: %d %s", code, errOut)
	}
	code, out, errOut := runCLI(t, "", "--data", dir, "--passphrase-file", passFile, "seal", id)
	if code != 0 || !strings.HasPrefix(out, "sealed ") || !strings.Contains(errOut, "angelegt, geschützt durch Passphrase") {
		t.Fatalf("seal with --passphrase-file: %d %q %s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "", "--data", dir, "key"); code != 0 || !strings.Contains(out, "BEGIN PUBLIC KEY") {
		t.Fatalf("key needs no passphrase: %d %s", code, out)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, seal.KeyFile)); strings.Contains(string(data), "PRIVATE KEY") {
		t.Fatalf("the key lies in clear:\n%s", data)
	}

	// the thief's copy
	stolen := t.TempDir()
	if err := os.CopyFS(stolen, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	other := importComplete(t, stolen, true)
	wrong := filepath.Join(t.TempDir(), "guess.txt")
	os.WriteFile(wrong, []byte("Passwort123"), 0o600)
	code, _, errOut = runCLI(t, "", "--data", stolen, "--passphrase-file", wrong, "seal", other)
	if code != 1 || !strings.Contains(errOut, "falsche Passphrase") {
		t.Fatalf("seal with a guessed passphrase: %d %s", code, errOut)
	}
	if code, _, _ := runCLI(t, "", "--data", stolen, "seal", other); code != 1 {
		t.Fatal("the copied folder sealed without a passphrase")
	}

	// an incomplete protocol is refused before anyone is asked for the key
	unsigned := importComplete(t, dir, false)
	if code, _, errOut := runCLI(t, "", "--data", dir, "seal", unsigned); code != 2 || strings.Contains(errOut, "Passphrase") {
		t.Fatalf("incomplete: %d %s", code, errOut)
	}
}

func TestClearKeyOfAnOlderVersionIsProtectedOnFirstSeal(t *testing.T) {
	t.Setenv(seal.EnvPassphraseVar, "")
	dir := t.TempDir()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	old := &seal.DeviceKey{Private: priv, Public: pub, ID: seal.KeyID(pub)}
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, seal.KeyFile), seal.ClearKeyPEM(old), 0o600)
	passFile := filepath.Join(t.TempDir(), "pass.txt")
	os.WriteFile(passFile, []byte("Pferdestall 17"), 0o600)
	id := importComplete(t, dir, true)
	code, out, errOut := runCLI(t, "", "--data", dir, "--passphrase-file", passFile, "seal", id)
	if code != 0 || !strings.Contains(out, "(key "+old.ID+")") || !strings.Contains(errOut, "lag ungeschützt im Datenordner und ist jetzt geschützt") {
		t.Fatalf("seal with a clear key: %d %q %s", code, out, errOut)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, seal.KeyFile)); strings.Contains(string(data), "PRIVATE KEY") {
		t.Fatal("still in clear")
	}
}
