package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/internal/s3test"
)

// trust revoke KEYID --since TIME (issue 29 §2): the inbox takes a revoked
// key's archives only when the object store recorded them before TIME (its
// Last-Modified, which the device cannot set); what was imported before
// stays known; a bundle given by hand is refused whatever its sealed_at;
// trust list shows time and reason. The times are far from now on either
// side, so the test depends on no clock.
func TestRevokedKeyCountsOnlyForWhatTheServerRecordedBefore(t *testing.T) {
	srv := s3test.Start(t, "returns")
	device := t.TempDir()
	sealWithPhotos(t, device, 1, 2)
	if code, _, errOut := runCLI(t, "", "--data", device, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 {
		t.Fatalf("sync: %s", errOut)
	}
	pem := devicePEM(t, device)
	keyID := strings.Fields(mustRead(t, pem))[3]
	inbox := func(office string) (int, string, string) {
		return runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	}
	newOffice := func() string {
		office := t.TempDir()
		if code, _, errOut := runCLI(t, "", "--data", office, "trust", "add", pem, "--name", "Nord 1"); code != 0 {
			t.Fatal(errOut)
		}
		return office
	}

	// revoked since long ago: the server recorded both archives later
	late := newOffice()
	code, out, errOut := runCLI(t, "", "--data", late, "trust", "revoke", keyID, "--since", "2001-01-01T00:00:00Z", "--reason", "Laptop gestohlen")
	if code != 0 || !strings.HasPrefix(out, "revoked "+keyID+" (Nord 1) since 2001-01-01T00:00:00Z") {
		t.Fatalf("revoke: %d %q %s", code, out, errOut)
	}
	code, out, errOut = inbox(late)
	if code != 1 || !strings.Contains(out, "0 imported, 0 known already, 2 not imported") || strings.Count(errOut, "REVOKED: signed by key "+keyID+", revoked since 2001-01-01T00:00:00Z (Laptop gestohlen)") != 2 {
		t.Fatalf("inbox after the revocation: %d %q %s", code, out, errOut)
	}
	_, list, _ := runCLI(t, "", "--data", late, "trust", "list")
	if !strings.Contains(list, "WIDERRUFEN") || !strings.Contains(list, "seit 2001-01-01T00:00:00Z: Laptop gestohlen") {
		t.Fatalf("list: %s", list)
	}

	// revoked from a time after the uploads: they were recorded before it
	early := newOffice()
	runCLI(t, "", "--data", early, "trust", "revoke", keyID, "--since", "2999-01-01")
	if code, out, errOut = inbox(early); code != 0 || !strings.Contains(out, "2 imported") {
		t.Fatalf("archives recorded before the revocation: %d %q %s", code, out, errOut)
	}

	// imported before the revocation: stays, and is known to the next inbox
	before := newOffice()
	if code, out, _ = inbox(before); code != 0 || !strings.Contains(out, "2 imported") {
		t.Fatalf("first inbox: %d %q", code, out)
	}
	runCLI(t, "", "--data", before, "trust", "revoke", keyID, "--since", "now")
	if code, out, errOut = inbox(before); code != 0 || !strings.Contains(out, "0 imported, 2 known already, 0 not imported") {
		t.Fatalf("inbox after revoking what was imported: %d %q %s", code, out, errOut)
	}

	// by hand: refused, also with --trust, whatever the bundle says of itself
	bundle := sealedBundleFrom(t, device)
	for _, args := range [][]string{{"verify", bundle}, {"import", bundle}} {
		code, _, errOut := runCLI(t, "", append([]string{"--data", early}, args...)...)
		if code != 1 || !strings.Contains(errOut, "REVOKED") {
			t.Errorf("%s of a revoked key's bundle: %d %s", args[0], code, errOut)
		}
	}
	if code, _, errOut := runCLI(t, "", "--data", early, "verify", bundle, "--trust", pem); code != 2 || !strings.Contains(errOut, "revoked") {
		t.Errorf("verify --trust of a revoked key: %d %s", code, errOut)
	}
	// and it is not trusted again by trust add
	if code, _, errOut := runCLI(t, "", "--data", early, "trust", "add", pem); code != 2 || !strings.Contains(errOut, "revoked since") {
		t.Errorf("trust add of a revoked key: %d %s", code, errOut)
	}
	for _, bad := range [][]string{
		{"trust", "revoke", keyID, "--since", "gestern"},
		{"trust", "revoke", "0000000000000000", "--since", "now"},
		{"trust", "revoke", keyID},
	} {
		if code, _, errOut := runCLI(t, "", append([]string{"--data", early}, bad...)...); code != 2 || errOut == "" {
			t.Errorf("%v: %d %s", bad, code, errOut)
		}
	}
	if code, _, errOut := runCLI(t, "", "--data", device, "trust", "revoke", keyID, "--since", "now"); code != 2 || !strings.Contains(errOut, "immer") {
		t.Errorf("revoking the own key: %d %s", code, errOut)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sealedBundleFrom exports the bundle of the first protocol of dir.
func sealedBundleFrom(t *testing.T, dir string) string {
	t.Helper()
	_, out, _ := runCLI(t, "", "--data", dir, "list", "--json")
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) == 0 {
		t.Fatalf("list: %v %s", err, out)
	}
	bundle := filepath.Join(t.TempDir(), "p.bundle.json")
	if code, _, errOut := runCLI(t, "", "--data", dir, "export", list[0].ID, "--format", "bundle", "-o", bundle); code != 0 {
		t.Fatalf("export %s: %s", list[0].ID, errOut)
	}
	return bundle
}
