package seal

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestVerifyTrustsNoKeyUnlessTold(t *testing.T) {
	b := bundle(t)
	pub := devicePub(t, string(b))
	var untrusted *UntrustedError
	if _, err := Verify(b, nil); !errors.As(err, &untrusted) || untrusted.KeyID != KeyID(pub) {
		t.Fatalf("no trusted keys: want UntrustedError naming %s, got %v", KeyID(pub), err)
	}
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	if _, err := Verify(b, []ed25519.PublicKey{other}); !errors.As(err, &untrusted) {
		t.Fatalf("another key trusted: %v", err)
	}
	if _, err := Verify(b, []ed25519.PublicKey{other, pub}); err != nil {
		t.Fatalf("trusted key: %v", err)
	}
}

// A forger may claim a trusted key's id: trust follows the key that signed.
func TestTrustIsDecidedOnTheKeyNotTheClaimedID(t *testing.T) {
	b := string(bundle(t))
	trusted := devicePub(t, b)
	_, forgerPriv, _ := ed25519.GenerateKey(rand.Reader)
	forged := resign(t, b, forgerPriv)
	forged = strings.Replace(forged, `"key_id": "`+KeyID(forgerPriv.Public().(ed25519.PublicKey)), `"key_id": "`+KeyID(trusted), 1)
	if _, err := Verify([]byte(forged), []ed25519.PublicKey{trusted}); err == nil {
		t.Fatal("a bundle claiming a trusted key id but signed by another key was accepted")
	}
}

func TestStrictBundleJSON(t *testing.T) {
	b := string(bundle(t))
	cases := map[string]string{
		"duplicate top-level key": strings.Replace(b, `"format": "rueckgabe/bundle@2",`, `"format": "rueckgabe/bundle@2", "format": "rueckgabe/bundle@2",`, 1),
		"duplicate protocol key":  strings.Replace(b, `"protocol": {`, `"protocol": {"vat_percent":"0",`, 1),
		"duplicate seal key":      strings.Replace(b, `"seal": {`, `"seal": {"hash": "00",`, 1),
		"trailing data":           b + `{"format": "rueckgabe/bundle@1"}`,
		"trailing garbage":        b + "x",
	}
	for name, in := range cases {
		if in == b {
			t.Fatalf("%s: nothing changed", name)
		}
		if _, _, err := Check([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, _, err := Check([]byte(b + "\n\n  ")); err != nil {
		t.Errorf("trailing white space: %v", err)
	}
}

func TestTrustStoreAddListRemove(t *testing.T) {
	dir := t.TempDir()
	own, err := LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := LoadTrust(dir)
	if err != nil {
		t.Fatal(err)
	}
	if l := tr.List(); len(l) != 1 || !l[0].Device || l[0].KeyID != own.ID {
		t.Fatalf("a new store trusts its own key only: %+v", l)
	}
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	if _, added, _ := tr.Add(pub, "Autohaus Nord, Gerät 3", "", now); !added {
		t.Fatal("not added")
	}
	if _, added, _ := tr.Add(pub, "", "", now); added {
		t.Fatal("added twice")
	}
	if err := tr.save(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, TrustFile))
	if err != nil {
		t.Fatal(err)
	}
	checkOwnerOnly(t, st)
	again, err := LoadTrust(dir)
	if err != nil {
		t.Fatal(err)
	}
	k, ok := again.Lookup(KeyID(pub))
	if !ok || k.Name != "Autohaus Nord, Gerät 3" || len(again.Keys()) != 2 {
		t.Fatalf("reloaded: %+v %v", k, again.List())
	}
	if _, err := again.Remove(own.ID); !errors.Is(err, ErrOwnKey) {
		t.Fatalf("removing the own key: %v", err)
	}
	if removed, _ := again.Remove(KeyID(pub)); !removed {
		t.Fatal("not removed")
	}
	if len(again.Keys()) != 1 {
		t.Fatal("still trusted")
	}
}

func TestDamagedTrustStoreIsAnError(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, TrustFile), []byte(`{"keys":[{"key_id":"00","public_key":"AAAA"}]}`), 0o600)
	if _, err := LoadTrust(dir); err == nil {
		t.Fatal("a trust store with a bad key loaded")
	}
}

func TestEmptyKeyFileIsReplacedBrokenOneIsNamed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, KeyFile)
	os.WriteFile(path, nil, 0o600) // left by a key creation that failed
	k, err := LoadOrCreateKey(dir)
	if err != nil || k == nil {
		t.Fatalf("empty key file: %v", err)
	}
	again, err := LoadOrCreateKey(dir)
	if err != nil || again.ID != k.ID {
		t.Fatalf("the new key did not stay: %v", err)
	}
	os.WriteFile(path, []byte("-----BEGIN PRIVATE KEY-----\ngarbage\n"), 0o600)
	_, err = LoadOrCreateKey(dir)
	var broken *BrokenKeyError
	if !errors.As(err, &broken) || !strings.Contains(err.Error(), "beschädigt") {
		t.Fatalf("broken key file: %v", err)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), "garbage") {
		t.Fatal("a broken key file was overwritten: its seals could no longer be explained")
	}
}

// The key id a bundle claims must belong to its public key: otherwise a
// listing by key id would show the bundle under another device.
func TestClaimedKeyIDMustMatchThePublicKey(t *testing.T) {
	b := string(bundle(t))
	pub := devicePub(t, b)
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	tampered := strings.Replace(b, `"key_id": "`+KeyID(pub)+`"`, `"key_id": "`+KeyID(other)+`"`, 1)
	if tampered == b {
		t.Fatal("the key id was not replaced")
	}
	if _, _, err := Check([]byte(tampered)); err == nil || !strings.Contains(err.Error(), "does not belong to the public key") {
		t.Fatalf("a bundle claiming another key id passed: %v", err)
	}
}

func TestStrictJSONNamesWhereAndRefusesTrailingData(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":[{"x":1},{"x":1,"x":2}]}`: `duplicate key "a[1].x"`,
		`{"p":{"q":{"r":1,"r":1}}}`:     `duplicate key "p.q.r"`,
		`{"r":1,"r":2}`:                 `duplicate key "r"`,
		`{"a":1} {"a":1}`:               "data after the end",
		`[1,2] 3`:                       "data after the end",
	} {
		if err := strictJSON([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
	if err := strictJSON([]byte(` {"a":[{"x":1},{"x":2}],"b":{"x":1}} `)); err != nil {
		t.Errorf("valid: %v", err)
	}
}

func TestOwnKeyIsNotAddedTwiceAndUnknownIsNotRemoved(t *testing.T) {
	dir := t.TempDir()
	own, err := LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := LoadTrust(dir)
	if err != nil {
		t.Fatal(err)
	}
	if k, added, err := tr.Add(own.Public, "noch einmal", "", time.Now()); added || !k.Device || err != nil {
		t.Fatalf("own key added to the file: %+v %v", k, added)
	}
	if len(tr.List()) != 1 {
		t.Fatalf("list: %+v", tr.List())
	}
	if removed, err := tr.Remove("0000000000000000"); removed || err != nil {
		t.Fatalf("removing an unknown key: %v %v", removed, err)
	}
}

func TestLoadKeyCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	if k, err := LoadKey(dir); k != nil || err != nil {
		t.Fatalf("no key file: %v %v", k, err)
	}
	os.WriteFile(filepath.Join(dir, KeyFile), []byte("\n"), 0o600)
	if k, err := LoadKey(dir); k != nil || err != nil {
		t.Fatalf("empty key file: %v %v", k, err)
	}
	os.Remove(filepath.Join(dir, KeyFile))
	made, _ := LoadOrCreateKey(dir)
	if k, err := LoadKey(dir); err != nil || k == nil || k.ID != made.ID {
		t.Fatalf("existing key: %v %v", k, err)
	}
}

// On a full disk the key cannot be created, and no key file is left behind
// (an empty one made every later seal fail). Needs a tiny tmpfs: root only.
func TestKeyCreationOnAFullDiskLeavesNoKeyFile(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root on Linux to mount a full file system (a tiny tmpfs)")
	}
	dir := t.TempDir()
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", dir).Run(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { _ = exec.Command("umount", dir).Run() })
	fill, _ := os.Create(filepath.Join(dir, "fill"))
	for {
		if _, err := fill.Write(make([]byte, 512)); err != nil {
			break
		}
	}
	fill.Close()
	if _, err := LoadOrCreateKey(dir); err == nil {
		t.Fatal("a key was created on a full disk")
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a key file was left behind: %v", err)
	}
	os.Remove(filepath.Join(dir, "fill"))
	if _, err := LoadOrCreateKey(dir); err != nil {
		t.Fatalf("after space was freed: %v", err)
	}
}
