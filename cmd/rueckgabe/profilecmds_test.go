package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

func TestProfilesListAndCheck(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "profiles"), 0o700); err != nil {
		t.Fatal(err)
	}
	good := `{"format": "rueckgabe/profile@1", "id": "autohaus-nord", "version": "2", "title": "Autohaus Nord \u001b[31m",
	  "catalogue": "bmw-fs-2012@2", "factors": "leaseplan@1", "fees": "akf-servicelease@2", "vat_percent": "19",
	  "damages_taxable": true, "experts": ["DEKRA", "GTÜ"]}`
	bad := `{"format": "rueckgabe/profile@1", "id": "x", "version": "1", "title": "X", "catalogue": "bmw-fs-2012@1",
	  "factors": "leaseplan@1", "vat_percent": "19", "experts": ["DEKRA"]}`
	for name, body := range map[string]string{"nord.json": good, "broken.json": bad} {
		if err := os.WriteFile(filepath.Join(dir, "profiles", name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runCLI(t, "", "--data", dir, "profiles")
	if code != 0 || !strings.Contains(out, "bmw-fs-de@3 (Standard)") || !strings.Contains(out, "leasing-at@1") || !strings.Contains(out, "autohaus-nord@2") || strings.Contains(out, "\x1b") {
		t.Fatalf("profiles: %d\n%s", code, out)
	}
	if !strings.Contains(errOut, "broken.json: catalogue: \"bmw-fs-2012@1\" is not built in") || !strings.Contains(errOut, "broken.json: experts: names 1 experts") {
		t.Errorf("refused file not named with every problem: %s", errOut)
	}
	code, out, _ = runCLI(t, "", "--data", dir, "profiles", "--json")
	var items []profileItem
	if code != 0 || json.Unmarshal([]byte(out), &items) != nil || len(items) != 5 || !items[4].DamagesTaxable || !strings.HasPrefix(items[0].Hash, "sha256:") {
		t.Fatalf("profiles --json: %s", out)
	}
	code, out, errOut = runCLI(t, "", "profiles", "check", filepath.Join(dir, "profiles", "broken.json"))
	if code != 2 || out != "" || strings.Count(errOut, "\n") != 2 || !strings.Contains(errOut, "catalogue:") {
		t.Errorf("check of a broken profile: %d %q %s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, "", "profiles", "check", filepath.Join(dir, "profiles", "nord.json")); code != 0 || !strings.HasPrefix(out, "ok autohaus-nord@2 sha256:") {
		t.Errorf("check of a good profile: %d %s", code, out)
	}

	// a protocol under the dealer's profile is valued by it: damages taxable
	p := fixture.FullExample(t, catalog.MustDefault())
	p.Profile, p.ProfileHash = "autohaus-nord@2", ""
	doc, _ := inspection.Encode(p)
	code, out, errOut = runCLI(t, string(doc), "--data", dir, "quote", "-")
	if code != 0 || !strings.Contains(out, `"profile": "autohaus-nord@2"`) || !strings.Contains(out, `"taxable": "577.27"`) {
		t.Errorf("quote under a dealer profile: %d %s %s", code, errOut, out)
	}
	code, _, errOut = runCLI(t, string(doc), "--data", t.TempDir(), "quote", "-")
	if code != 2 || !strings.Contains(errOut, `profile: profile "autohaus-nord@2" is not known`) {
		t.Errorf("quote on a device without that profile: %d %s", code, errOut)
	}
}

func TestDeviceCommand(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", "--data", dir, "device", "--inspector", "Mx"); code != 2 || !strings.Contains(errOut, "full name") {
		t.Errorf("short name: %d %s", code, errOut)
	}
	code, out, _ := runCLI(t, "", "--data", dir, "device", "--inspector", "Max Prüfer", "--dealership", "Autohaus Beispiel")
	if code != 0 || out != "Prüfer: Max Prüfer\nAutohaus: Autohaus Beispiel\n" {
		t.Fatalf("device: %d %q", code, out)
	}
	// sealing records the device's inspector in the audit, not the OS user
	id := importComplete(t, dir, true)
	if code, _, errOut := runCLI(t, "", "--data", dir, "seal", id); code != 0 {
		t.Fatalf("seal: %s", errOut)
	}
}

// RULES.md §9 through the command: seal names each open proposal on its own line.
func TestSealNamesEveryOpenProposal(t *testing.T) {
	dir := t.TempDir()
	p := fixture.Complete(t, catalog.MustDefault())
	p.Dismissed = nil
	p.Tyres.Wheels[0].TreadMm = decimal.NewNullDecimal(decimal.RequireFromString("1.0")) // the 1.0 mm tyre
	p.Service.HUDue = p.Return.Date
	doc, _ := inspection.Encode(p)
	_, out, _ := runCLI(t, string(doc), "--data", dir, "import", "-")
	id := strings.TrimSpace(strings.TrimPrefix(out, "imported "))
	code, _, errOut := runCLI(t, "", "--data", dir, "seal", id)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != 2 || len(lines) != 3 {
		t.Fatalf("seal with three open proposals: %d\n%s", code, errOut)
	}
	for i, want := range []string{"Reifen VL", "Fahrzeugschlüssel", "HU/AU"} {
		if !strings.Contains(lines[i], id+": Vorschlag offen: "+want) {
			t.Errorf("line %d: %s", i, lines[i])
		}
	}
}

// Issue 9 §5: a disputed protocol's bundle states the dealer surcharge; the
// valuation is signed with the protocol (seal version 2), so altering it is
// caught by verify and import.
func TestBundleCarriesTheCheckedValuation(t *testing.T) {
	dir := t.TempDir()
	rules := catalog.MustDefault()
	p := fixture.Complete(t, rules)
	p.Dispute = inspection.NewDispute(rules)
	p.Dispute.Chosen = p.Dispute.Experts[0]
	p.Dispute.Comment, p.Dispute.ExpertCost = "Kratzer bestritten", decimal.NewNullDecimal(decimal.RequireFromString("481.00"))
	p.Signatures[1].Role = inspection.RoleCustomerExpert
	doc, _ := inspection.Encode(p)
	code, out, errOut := runCLI(t, string(doc), "--data", dir, "import", "-")
	if code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	id := strings.TrimSpace(strings.TrimPrefix(out, "imported "))
	if code, _, errOut := runCLI(t, "", "--data", dir, "seal", id); code != 0 {
		t.Fatalf("seal: %s", errOut)
	}
	bundle := filepath.Join(t.TempDir(), "b.json")
	if code, _, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "bundle", "-o", bundle); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	data, _ := os.ReadFile(bundle)
	for _, want := range []string{`"valuation": {`, `"dealer_surcharge": {`, `"basis": "18500.00"`, `"amount": "925.00"`, `"amount": "240.50"`, `"profile": "bmw-fs-de@1"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("bundle lacks %s", want)
		}
	}
	if code, _, errOut := runCLI(t, "", "--data", dir, "verify", bundle); code != 0 {
		t.Fatalf("verify of the genuine bundle: %s", errOut)
	}
	altered := filepath.Join(t.TempDir(), "altered.json")
	if err := os.WriteFile(altered, []byte(strings.Replace(string(data), `"amount": "925.00"`, `"amount": "92.50"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "", "--data", dir, "verify", altered)
	if code != 1 || !strings.Contains(errOut, "valuation was changed after sealing") {
		t.Errorf("verify of an altered valuation: %d %s", code, errOut)
	}
	office := t.TempDir()
	_, pem, _ := runCLI(t, "", "--data", dir, "key")
	keyFile := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(keyFile, []byte(pem), 0o600); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "", "--data", office, "trust", "add", keyFile)
	if code, _, errOut = runCLI(t, "", "--data", office, "import", altered); code != 1 || !strings.Contains(errOut, "valuation was changed after sealing") {
		t.Errorf("import of an altered valuation: %d %s", code, errOut)
	}
	if code, _, errOut = runCLI(t, "", "--data", office, "import", bundle); code != 0 {
		t.Errorf("import of the genuine bundle: %d %s", code, errOut)
	}
}

// The TUI's rules are read on a goroutine while the terminal starts (issue
// 26); they are the registry every command uses, the dealer's files with it.
func TestTUIRulesAreTheCommandsRules(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "profiles"), 0o700); err != nil {
		t.Fatal(err)
	}
	nord := `{"format": "rueckgabe/profile@1", "id": "autohaus-nord", "version": "2", "title": "Autohaus Nord",
	  "catalogue": "bmw-fs-2012@2", "factors": "leaseplan@1", "fees": "akf-servicelease@2", "vat_percent": "19",
	  "damages_taxable": true, "experts": ["DEKRA", "GTÜ"]}`
	if err := os.WriteFile(filepath.Join(dir, "profiles", "nord.json"), []byte(nord), 0o600); err != nil {
		t.Fatal(err)
	}
	a := newApp(strings.NewReader(""), io.Discard, io.Discard)
	a.dataDir = dir
	want, err := a.rules()
	if err != nil {
		t.Fatal(err)
	}
	got, err := loadRulesBeside(dir)()
	if err != nil || got.Hash != want.Hash {
		t.Fatalf("TUI rules %v, %v; commands' %s", got, err, want.Hash)
	}
	if _, err := got.Resolve("autohaus-nord@2"); err != nil {
		t.Errorf("the dealer's profile is not in the TUI's registry: %v", err)
	}
}
