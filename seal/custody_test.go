//go:build !windows && !darwin

// Where no operating system key store keeps the device key, a passphrase does
// (keystore_other.go); keystore_windows_test.go tests DPAPI.

package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func answers(pass ...string) (Passphrase, *int) {
	calls := 0
	return func(fresh bool, attempt int) (string, error) {
		calls++
		if len(pass) == 0 {
			return "", nil
		}
		p := pass[0]
		if len(pass) > 1 {
			pass = pass[1:]
		}
		return p, nil
	}, &calls
}

// A new key is never written in clear: the file holds the public key and the
// sealed seed; neither the seed nor the private key is in it.
func TestKeyIsNeverStoredInClear(t *testing.T) {
	dir := t.TempDir()
	ask, _ := answers("Pferdestall 17")
	k, notes, err := Unlock(dir, ask)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "angelegt") {
		t.Errorf("notes: %v", notes)
	}
	data, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	seed := k.Private.Seed()
	for _, clearForm := range [][]byte{seed, []byte(hex.EncodeToString(seed)), []byte(base64.StdEncoding.EncodeToString(seed)), []byte("PRIVATE KEY")} {
		if bytes.Contains(data, clearForm) {
			t.Fatalf("the key file holds the key in clear:\n%s", data)
		}
	}
	// the public part needs no passphrase
	pub, err := LoadPublic(dir)
	if err != nil || pub.ID != k.ID || pub.Private != nil {
		t.Fatalf("public: %+v %v", pub, err)
	}
}

// A copy of the data folder (a stolen laptop's disk, a backup) holds no usable
// key: without the passphrase nothing unlocks, a wrong one is asked three
// times and refused.
func TestCopiedDataFolderCannotSeal(t *testing.T) {
	dir := t.TempDir()
	ask, _ := answers("Pferdestall 17")
	k, _, err := Unlock(dir, ask)
	if err != nil {
		t.Fatal(err)
	}
	stolen := t.TempDir()
	if err := os.CopyFS(stolen, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Unlock(stolen, nil); !errors.As(err, new(*LockedError)) {
		t.Fatalf("no passphrase: %v", err)
	}
	wrong, calls := answers("pferdestall 17", "Pferdestall 18", "Pferdestall17")
	if _, _, err := Unlock(stolen, wrong); !errors.Is(err, ErrWrongPassphrase) || *calls != MaxAttempts {
		t.Fatalf("wrong passphrases: %v after %d asks", err, *calls)
	}
	second, calls := answers("falsch falsch", "Pferdestall 17")
	got, _, err := Unlock(stolen, second)
	if err != nil || got.ID != k.ID || !got.Private.Equal(k.Private) || *calls != 2 {
		t.Fatalf("right on the second try: %v %v (%d asks)", got, err, *calls)
	}
	// the sealed seed cannot be moved under another public key
	data, _ := os.ReadFile(filepath.Join(stolen, KeyFile))
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	swapped := bytes.Replace(data, []byte(base64.StdEncoding.EncodeToString(k.Public)), []byte(base64.StdEncoding.EncodeToString(otherPub)), 1)
	os.WriteFile(filepath.Join(stolen, KeyFile), swapped, 0o600)
	if _, _, err := Unlock(stolen, second); !errors.As(err, new(*BrokenKeyError)) {
		t.Fatalf("swapped public key: %v", err)
	}
}

// A key stored in clear by an older version is protected on first use, with
// a message; it stays the same key (the back office trusts it).
func TestClearKeyIsMigrated(t *testing.T) {
	dir := t.TempDir()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	old := &DeviceKey{Private: priv, Public: pub, ID: KeyID(pub)}
	os.WriteFile(filepath.Join(dir, KeyFile), ClearKeyPEM(old), 0o600)
	if p, err := LoadPublic(dir); err != nil || p.ID != old.ID {
		t.Fatalf("public of a clear key: %v %v", p, err)
	}
	if _, _, err := Unlock(dir, nil); !errors.As(err, new(*LockedError)) {
		t.Fatalf("migration without a new passphrase: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, KeyFile)); !bytes.Contains(data, []byte("PRIVATE KEY")) {
		t.Fatal("a failed migration changed the file")
	}
	short, _ := answers("kurz")
	if _, _, err := Unlock(dir, short); err == nil || !strings.Contains(err.Error(), "weniger als 8 Zeichen") {
		t.Fatalf("short passphrase: %v", err)
	}
	ask, _ := answers("Pferdestall 17")
	k, notes, err := Unlock(dir, ask)
	if err != nil || k.ID != old.ID || len(notes) != 1 || !strings.Contains(notes[0], "ungeschützt") {
		t.Fatalf("migration: %v %v %v", k, notes, err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	if bytes.Contains(data, []byte("PRIVATE KEY")) || !bytes.Contains(data, []byte("RUECKGABE DEVICE KEY")) {
		t.Fatalf("not protected after migration:\n%s", data)
	}
	again, notes, err := Unlock(dir, ask)
	if err != nil || !again.Private.Equal(old.Private) || len(notes) != 0 {
		t.Fatalf("after migration: %v %v", notes, err)
	}
}

// A key file too large to be one is refused before it is read whole.
func TestHugeKeyFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, KeyFile), bytes.Repeat([]byte("A"), 1<<20), 0o600)
	if _, err := LoadPublic(dir); !errors.As(err, new(*BrokenKeyError)) {
		t.Fatalf("huge key file: %v", err)
	}
}
