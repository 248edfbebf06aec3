//go:build windows

package seal

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// DPAPI opens what it sealed only with the same entropy (the key id) — and,
// which a test on one machine cannot show, only for the same user account
// on the same computer.
func TestDPAPIRoundTrip(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, 32)
	blob, err := osProtect(seed, []byte("3f9a0c1d2e4b5a68"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(blob, seed) {
		t.Fatal("the blob holds the seed in clear")
	}
	back, err := osUnprotect(blob, []byte("3f9a0c1d2e4b5a68"))
	if err != nil || !bytes.Equal(back, seed) {
		t.Fatalf("round trip: %x %v", back, err)
	}
	if _, err := osUnprotect(blob, []byte("0000000000000000")); err == nil {
		t.Fatal("opened with another key id")
	}
}

// On Windows the key is kept by DPAPI: no passphrase is ever asked, and the
// key file holds no key in clear.
func TestWindowsKeyNeedsNoPassphrase(t *testing.T) {
	dir := t.TempDir()
	k, _, err := Unlock(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	if !strings.Contains(string(data), "Protection: os") || bytes.Contains(data, k.Private.Seed()) {
		t.Fatalf("key file:\n%s", data)
	}
	again, _, err := Unlock(dir, nil)
	if err != nil || !again.Private.Equal(k.Private) {
		t.Fatalf("again: %v", err)
	}
	if need, _, _ := NeedsPassphrase(dir); need {
		t.Fatal("a DPAPI key asks for a passphrase")
	}
}
