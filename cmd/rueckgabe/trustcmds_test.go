package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/seal"
)

// sealedBundle seals the complete example on a device store and returns the
// bundle file and the device's public key file.
func sealedBundle(t *testing.T) (bundle, keyFile, id string) {
	t.Helper()
	dir := t.TempDir()
	id = importComplete(t, dir, true)
	if code, _, errOut := runCLI(t, "", "--data", dir, "seal", id); code != 0 {
		t.Fatalf("seal: %s", errOut)
	}
	bundle = filepath.Join(t.TempDir(), id+".bundle.json")
	if code, _, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "bundle", "-o", bundle); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	_, pem, _ := runCLI(t, "", "--data", dir, "key")
	keyFile = filepath.Join(t.TempDir(), "device.pem")
	if err := os.WriteFile(keyFile, []byte(pem), 0o600); err != nil {
		t.Fatal(err)
	}
	return bundle, keyFile, id
}

// forge re-signs a bundle's protocol, changed, with a key of its own — a
// consistent bundle whose only flaw is who signed it.
func forge(t *testing.T, bundle string, change func(p *inspection.Protocol)) (string, *seal.DeviceKey) {
	t.Helper()
	data, _ := os.ReadFile(bundle)
	b, _, err := seal.Check(data)
	if err != nil {
		t.Fatal(err)
	}
	p, probs := inspection.Decode(b.Protocol, catalog.MustDefault())
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	change(p)
	key, err := seal.LoadOrCreateKey(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, canon, err := seal.Make(p, key, "", time.Date(2024, 4, 3, 12, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := seal.EncodeBundle(canon, s, nil, nil)
	path := filepath.Join(t.TempDir(), "forged.bundle.json")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, key
}

func TestForgedBundleIsNeitherVerifiedNorImported(t *testing.T) {
	genuine, keyFile, id := sealedBundle(t)
	forged, forger := forge(t, genuine, func(p *inspection.Protocol) {
		p.Fees = append(p.Fees, inspection.Fee{Code: "x", Label: "Sonstiges", Amount: decimal.NewNullDecimal(decimal.RequireFromString("5000.00"))})
		p.Return.OdometerKm = 99999
	})
	office := t.TempDir()
	runCLI(t, "", "--data", office, "trust", "add", keyFile)

	code, out, errOut := runCLI(t, "", "--data", office, "verify", forged)
	if code != 1 || out != "" || !strings.Contains(errOut, "NOT TRUSTED") || !strings.Contains(errOut, forger.ID) || !strings.Contains(errOut, "rueckgabe trust add") {
		t.Fatalf("verify of a forged bundle: %d %q %s", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, "", "--data", office, "import", forged); code != 1 || !strings.Contains(errOut, "NOT TRUSTED") {
		t.Fatalf("import of a forged bundle: %d %s", code, errOut)
	}
	// nothing of it was stored, and the genuine bundle still takes its id
	if _, out, _ = runCLI(t, "", "--data", office, "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("forged bundle stored: %s", out)
	}
	if code, out, errOut = runCLI(t, "", "--data", office, "import", genuine); code != 0 || out != "imported "+id+" (sealed)\n" {
		t.Fatalf("genuine after forged: %d %q %s", code, out, errOut)
	}
	// --trust admits a key for one call without adding it
	forgerPEM, _ := forger.PublicPEM()
	forgerFile := filepath.Join(t.TempDir(), "forger.pem")
	os.WriteFile(forgerFile, forgerPEM, 0o600)
	if code, _, errOut = runCLI(t, "", "--data", office, "verify", forged, "--trust", forgerFile); code != 0 {
		t.Fatalf("verify --trust: %d %s", code, errOut)
	}
	if code, _, _ = runCLI(t, "", "--data", office, "verify", forged); code != 1 {
		t.Fatal("--trust was remembered")
	}
}

func TestVerifyWithoutTrustStoreTrustsNothing(t *testing.T) {
	genuine, _, _ := sealedBundle(t)
	if code, _, errOut := runCLI(t, "", "--data", t.TempDir(), "verify", genuine); code != 1 || !strings.Contains(errOut, "NOT TRUSTED") {
		t.Fatalf("verify on a fresh installation: %d %s", code, errOut)
	}
}

func TestTrustCommands(t *testing.T) {
	_, keyFile, _ := sealedBundle(t)
	office := t.TempDir()
	code, out, _ := runCLI(t, "", "--data", office, "trust", "list")
	if code != 0 || !strings.Contains(out, "Keine") {
		t.Fatalf("empty list: %d %s", code, out)
	}
	code, out, _ = runCLI(t, "", "--data", office, "trust", "add", keyFile, "--name", "Autohaus Nord, Gerät 3\x1b]0;PWNED\a")
	if code != 0 || strings.ContainsRune(out, '\x1b') {
		t.Fatalf("add: %d %q", code, out)
	}
	keyID := strings.Fields(out)[1]
	if code, out, _ = runCLI(t, "", "--data", office, "trust", "add", keyFile); code != 0 || !strings.HasPrefix(out, "already trusted "+keyID) {
		t.Fatalf("add twice: %q", out)
	}
	code, out, _ = runCLI(t, "", "--data", office, "trust", "list")
	if code != 0 || !strings.Contains(out, keyID) || !strings.Contains(out, "Autohaus Nord, Gerät 3") || strings.ContainsRune(out, '\x1b') {
		t.Fatalf("list: %q", out)
	}
	if code, _, errOut := runCLI(t, "", "--data", office, "trust", "remove", "0000000000000000"); code != 2 || !strings.Contains(errOut, "not a trusted key") {
		t.Fatalf("remove unknown: %d %s", code, errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", office, "trust", "remove", keyID); code != 0 || out != "removed "+keyID+"\n" {
		t.Fatalf("remove: %d %q", code, out)
	}
	// the device's own key is always trusted and cannot be removed
	device := t.TempDir()
	_, pem, _ := runCLI(t, "", "--data", device, "key")
	ownID := strings.Fields(pem)[3]
	if _, out, _ = runCLI(t, "", "--data", device, "trust", "list"); !strings.Contains(out, ownID) || !strings.Contains(out, "dieses Gerät") {
		t.Fatalf("own key not listed: %q", out)
	}
	if code, _, errOut := runCLI(t, "", "--data", device, "trust", "remove", ownID); code != 2 || !strings.Contains(errOut, "immer") {
		t.Fatalf("remove own key: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "--data", office, "trust", "add", "/no/such.pem"); code != 2 || errOut == "" {
		t.Fatalf("add missing file: %d %s", code, errOut)
	}
}

func TestBundleWithDuplicateKeyOrTrailingDataIsRefused(t *testing.T) {
	genuine, keyFile, _ := sealedBundle(t)
	data, _ := os.ReadFile(genuine)
	office := t.TempDir()
	runCLI(t, "", "--data", office, "trust", "add", keyFile)
	for name, bad := range map[string]string{
		"duplicate": strings.Replace(string(data), `"seal": {`, `"seal": {"hash": "0",`, 1),
		"trailing":  string(data) + "{}",
	} {
		f := filepath.Join(t.TempDir(), name+".json")
		os.WriteFile(f, []byte(bad), 0o600)
		if code, _, errOut := runCLI(t, "", "--data", office, "verify", f); code != 1 || !strings.Contains(errOut, "NOT VALID") {
			t.Errorf("%s: verify %d %s", name, code, errOut)
		}
		if code, _, _ := runCLI(t, "", "--data", office, "import", f); code == 0 {
			t.Errorf("%s: imported", name)
		}
	}
}

// A bundle's fields reach the terminal only stripped.
func TestVerifyOutputCarriesNoEscapes(t *testing.T) {
	genuine, _, _ := sealedBundle(t)
	data, _ := os.ReadFile(genuine)
	evil := "\x1b]0;PWNED\a\x1b[2J\u202e"
	for _, field := range []string{`"key_id": "`, `"hash": "`, `"sealed_at": "`} {
		bad := strings.Replace(string(data), field, field+strings.ReplaceAll(strings.ReplaceAll(evil, "\x1b", `\u001b`), "\a", `\u0007`), 1)
		f := filepath.Join(t.TempDir(), "evil.json")
		os.WriteFile(f, []byte(bad), 0o600)
		for _, cmd := range [][]string{{"verify", f}, {"import", f}} {
			_, out, errOut := runCLI(t, "", append([]string{"--data", t.TempDir()}, cmd...)...)
			if strings.ContainsAny(out+errOut, "\x1b\a\u202e") {
				t.Errorf("%s %s: raw control in %q", cmd[0], field, out+errOut)
			}
		}
	}
}

// verify takes many files and directories in one run: one line each, the
// counts at the end, exit 1 when any is not valid.
func TestVerifyManyFilesAndDirectories(t *testing.T) {
	genuine, keyFile, _ := sealedBundle(t)
	data, _ := os.ReadFile(genuine)
	dir := t.TempDir()
	for i := range 3 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.bundle.json", i)), data, 0o600)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a bundle"), 0o600)
	office := t.TempDir()
	runCLI(t, "", "--data", office, "trust", "add", keyFile)
	code, out, errOut := runCLI(t, "", "--data", office, "verify", dir, genuine)
	if code != 0 || strings.Count(out, ": valid") != 4 || !strings.Contains(out, "4 valid, 0 not valid") || errOut != "" {
		t.Fatalf("all valid: %d %q %q", code, out, errOut)
	}
	tampered := filepath.Join(dir, "p1.bundle.json")
	os.WriteFile(tampered, []byte(strings.Replace(string(data), `"235.20"`, `"135.20"`, 1)), 0o600)
	code, out, errOut = runCLI(t, "", "--data", office, "verify", dir)
	if code != 1 || !strings.Contains(out, "2 valid, 1 not valid") || !strings.Contains(errOut, "p1.bundle.json: NOT VALID") {
		t.Fatalf("one tampered: %d %q %q", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, "", "--data", office, "verify", t.TempDir()); code != 2 || !strings.Contains(errOut, "no *.bundle.json") {
		t.Fatalf("empty directory: %d %q", code, errOut)
	}
}

// trust add --role: device by default, publisher when told; list shows it;
// an unknown role is refused; the own key stays a device key.
func TestTrustRolesFromTheCommandLine(t *testing.T) {
	office := t.TempDir()
	dev, pub := devicePEM(t, t.TempDir()), devicePEM(t, t.TempDir())
	if code, out, errOut := runCLI(t, "", "--data", office, "trust", "add", dev, "--name", "Nord 1"); code != 0 || !strings.HasSuffix(out, "(Nord 1), role device\n") {
		t.Fatalf("add: %d %q %s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "--data", office, "trust", "add", pub, "--name", "Backoffice", "--role", "publisher"); code != 0 || !strings.HasSuffix(out, "(Backoffice), role publisher\n") {
		t.Fatalf("add publisher: %d %q %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "", "--data", office, "trust", "add", dev, "--role", "admin"); code != 2 || !strings.Contains(errOut, "device or publisher") {
		t.Fatalf("role admin: %d %s", code, errOut)
	}
	_, out, _ := runCLI(t, "", "--data", office, "trust", "list")
	lines := strings.Split(out, "\n")
	if !strings.Contains(lines[0], "ROLLE") {
		t.Fatalf("list header: %q", out)
	}
	for _, want := range []struct{ name, role string }{{"Nord 1", "device"}, {"Backoffice", "publisher"}} {
		found := false
		for _, l := range lines {
			if strings.Contains(l, want.name) && strings.Contains(l, " "+want.role+" ") {
				found = true
			}
		}
		if !found {
			t.Errorf("list does not show %s as %s:\n%s", want.name, want.role, out)
		}
	}
	data, _ := os.ReadFile(filepath.Join(office, seal.TrustFile))
	if !strings.Contains(string(data), `"role": "publisher"`) || !strings.Contains(string(data), `"role": "device"`) {
		t.Errorf("roles not stored:\n%s", data)
	}
	own := t.TempDir()
	ownPEM := devicePEM(t, own)
	if code, _, errOut := runCLI(t, "", "--data", own, "trust", "add", ownPEM, "--role", "publisher"); code != 2 || !strings.Contains(errOut, "device key") {
		t.Fatalf("own key as publisher: %d %s", code, errOut)
	}
}

// trust add reads a key file of at most 64 KiB: /dev/zero says so instead
// of running out of memory (issue 29); --trust files alike.
func TestTrustAddRefusesHugeInput(t *testing.T) {
	huge := filepath.Join(t.TempDir(), "huge.pem")
	os.WriteFile(huge, make([]byte, 64<<10+1), 0o600)
	inputs := []string{huge}
	if _, err := os.Stat("/dev/zero"); err == nil {
		inputs = append(inputs, "/dev/zero")
	}
	for _, in := range inputs {
		office := t.TempDir()
		if code, _, errOut := runCLI(t, "", "--data", office, "trust", "add", in); code != 2 || !strings.Contains(errOut, "too large") {
			t.Errorf("trust add %s: %d %s", in, code, errOut)
		}
		if code, _, errOut := runCLI(t, "", "--data", office, "verify", huge, "--trust", in); code != 2 || !strings.Contains(errOut, "too large") {
			t.Errorf("verify --trust %s: %d %s", in, code, errOut)
		}
	}
}
