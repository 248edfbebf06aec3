package service

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/seal"
)

// registryWithV3 is a back office's profiles: the built-ins plus a published
// bmw-fs-de@4 whose lost key costs 60 € — the newest bmw-fs-de.
func registryWithV3(t *testing.T) *catalog.Registry {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "catalog", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	fees := bytes.Replace(read("fees-akf.json"), []byte(`"version": "2"`), []byte(`"version": "3"`), 1)
	fees = bytes.Replace(fees, []byte(`"amount": "50.00", "taxable": true }`), []byte(`"amount": "60.00", "taxable": true }`), 1)
	prof := bytes.Replace(read("profile-bmw-fs-de-2.json"), []byte(`"version": "2"`), []byte(`"version": "4"`), 1)
	prof = bytes.Replace(prof, []byte(`"fees": "akf-servicelease@2"`), append([]byte(`"fees": `), fees...), 1)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, catalog.ProfileDir), 0o700)
	os.WriteFile(filepath.Join(dir, catalog.ProfileDir, "v3.json"), prof, 0o600)
	reg, err := catalog.LoadDir(dir)
	if err != nil || len(reg.Refused) > 0 {
		t.Fatalf("%v %v", err, reg.Refused)
	}
	if reg.Default().Ref() != "bmw-fs-de@4" {
		t.Fatalf("newest is %s", reg.Default().Ref())
	}
	return reg
}

// A bundle sealed before profiles were pinned (seal version 1, a protocol
// naming no profile version) is valued by the version its valuation names —
// what it was valued with when sealed — also where a newer one is installed:
// its verification does not depend on what was published since.
func TestVersion1BundleKeepsItsFiguresWhenANewProfileIsInstalled(t *testing.T) {
	v2, err := catalog.MustDefault().Resolve("bmw-fs-de@2")
	if err != nil {
		t.Fatal(err)
	}
	p := complete(t)
	p.Profile, p.ProfileHash = "bmw-fs-de", "" // as a wave-2 import left it
	p.Fees[0].Amount = decimal.NullDecimal{}   // the schedule's price
	val := inspection.Value(p, v2)
	val.Profile = v2.Ref() // wave 2's newest: an unversioned profile was valued by it
	quote, _ := inspection.QuoteJSON(p, &val)
	key, _ := seal.LoadOrCreateKey(t.TempDir())
	s, canon, err := seal.Make(p, key, "", sealTime, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := seal.EncodeBundle(canon, s, quote, nil)
	b, _, err := seal.Check(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckValuation(b, rules); err != nil {
		t.Fatalf("on the device that sealed it: %v", err)
	}
	office := registryWithV3(t)
	if err := CheckValuation(b, office.Default()); err != nil {
		t.Fatalf("in a back office whose newest profile is @4: %v", err)
	}
	prof, _, err := BundleProfile(b, office.Default())
	if err != nil || prof.Ref() != "bmw-fs-de@2" {
		t.Fatalf("valued by %v (%v)", prof, err)
	}
	// a bundle naming a profile version nobody has is an error naming it
	gone := bytes.Replace(data, []byte(`"profile": "bmw-fs-de@2"`), []byte(`"profile": "bmw-fs-de@9"`), 1)
	bg, _, _ := seal.Check(gone)
	if err := CheckValuation(bg, rules); err == nil || !strings.Contains(err.Error(), "bmw-fs-de@9") {
		t.Fatalf("missing profile: %v", err)
	}
}

// A version 2 bundle carries its profile's data: a back office that never had
// the profile values it with exactly that data; data that does not match the
// signed profile_hash is refused.
func TestBundleCarriesItsPinnedProfile(t *testing.T) {
	office := registryWithV3(t)
	v3 := office.Default()
	p := complete(t)
	p.Profile, p.ProfileHash = v3.Ref(), v3.Hash
	p.Fees[0].Amount = decimal.NullDecimal{}
	val := inspection.Value(p, v3)
	quote, _ := inspection.QuoteJSON(p, &val)
	if !strings.Contains(string(quote), `"unit_amount": "60.00"`) {
		t.Fatalf("test data: %s", quote)
	}
	pinned, _ := v3.Pinned()
	key, _ := seal.LoadOrCreateKey(t.TempDir())
	s, canon, _ := seal.Make(p, key, "", sealTime, quote)
	data, _ := seal.EncodeBundle(canon, s, quote, pinned)
	b, _, err := seal.Check(data)
	if err != nil {
		t.Fatal(err)
	}
	device := catalog.MustDefault() // knows only the built-ins: no @4
	if _, err := device.Resolve("bmw-fs-de@4"); err == nil {
		t.Fatal("test setup: the built-ins know @4")
	}
	if err := CheckValuation(b, device); err != nil {
		t.Fatalf("a device without @4: %v", err)
	}
	other := bytes.Replace(pinned, []byte(`"60.00"`), []byte(`"70.00"`), 1)
	b.Profile = other
	if err := CheckValuation(b, device); err == nil {
		t.Fatal("profile data that is not what profile_hash names was taken")
	}
}
