package catalog

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pinnedHashes are the built-in profiles' content hashes. Protocols record
// them and seals cover them, so a built-in's content may change only with a
// new version: when this test fails, bump the version of the changed file and
// of the profiles that use it, keep the old one if protocols were sealed with
// it, and pin the new hash.
var pinnedHashes = map[string]string{
	"bmw-fs-de@1":  "sha256:be5daa6eefb6d77953f9d7fa3a02f1d089318b7f564e1b947f826fa17829de9b",
	"bmw-fs-de@2":  "sha256:ffea367387ec395e9c6eddd67b439b2201534f810b8393bd3fc5bb3cbd8a825c", // + missing_item_fees
	"bmw-fs-de@3":  "sha256:e7e600c7147f6be29797fc792c0475e44a9e0729047eff0056867ca2ed87d5f7", // + measures
	"leasing-at@1": "sha256:0893b28fa91f17aaa6e4106ad8ec04786ce2c31639888072c3db34f545b56751",
}

func TestBuiltinProfilesArePinned(t *testing.T) {
	reg, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, r := range reg.List() {
		refs = append(refs, r.Ref())
		if want := pinnedHashes[r.Ref()]; r.Hash != want {
			t.Errorf("%s: hash %s, pinned %s", r.Ref(), r.Hash, want)
		}
	}
	if strings.Join(refs, " ") != "bmw-fs-de@2 bmw-fs-de@3 bmw-fs-de@1 leasing-at@1" {
		t.Errorf("built-in profiles = %v", refs)
	}
	if reg.Default().Ref() != "bmw-fs-de@3" || MustDefault().Ref() != "bmw-fs-de@3" {
		t.Errorf("default = %s", reg.Default().Ref())
	}
}

// TestBuiltinProfilesAsRULES checks each built-in against RULES.md §8's table.
func TestBuiltinProfilesAsRULES(t *testing.T) {
	reg, _ := Builtin()
	de, _ := reg.Resolve("bmw-fs-de")
	at, _ := reg.Resolve("leasing-at@1")
	cases := []struct {
		name, got, want string
	}{
		{"de catalogue", de.Catalogue.Ref(), "bmw-fs-2012@2"},
		{"de factors", de.Factors.ID, "leaseplan"},
		{"de fees", de.Fees.ID, "akf-servicelease"},
		{"de vat", de.VATPercent.String(), "19"},
		{"de damages taxable", boolText(de.DamagesTaxable), "false"},
		{"de tolerance", presetText(de.KmPreset), "2500 threshold cap 10000"},
		{"de surcharge", de.DealerSurchargePercent.String(), "5"},
		{"de experts", strings.Join(de.Experts, "|"), "DEKRA|TÜV Süd"},
		{"at catalogue", at.Catalogue.Ref(), "bmw-fs-2012@2"},
		{"at fees", at.Fees.ID + itoa(len(at.Fees.Fees)), "0"},
		{"at vat", at.VATPercent.String(), "20"},
		{"at damages taxable", boolText(at.DamagesTaxable), "false"},
		{"at preset", presetText(at.KmPreset), "2500 allowance capPct 10 void 180000 above 10 +40"},
		{"at min tread", at.MinTreadMm.String(), "1.6"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if len(de.DeliveryItems) != len(de.Catalogue.DeliveryItems) {
		t.Errorf("delivery items default to the catalogue's")
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func itoa(n int) string { return strconv.Itoa(n) }

func presetText(k KmPreset) string {
	var parts []string
	if k.ToleranceKm != nil {
		parts = append(parts, itoa64(*k.ToleranceKm), k.ToleranceMode)
	}
	if k.ReducedCapKm != nil {
		parts = append(parts, "cap", itoa64(*k.ReducedCapKm))
	}
	if k.ReducedCapPercent.Valid {
		parts = append(parts, "capPct", k.ReducedCapPercent.Decimal.String())
	}
	if k.ReducedVoidAboveKm != nil {
		parts = append(parts, "void", itoa64(*k.ReducedVoidAboveKm))
	}
	if k.SurchargeAbovePercent.Valid {
		parts = append(parts, "above", k.SurchargeAbovePercent.Decimal.String(), "+"+k.SurchargePercent.Decimal.String())
	}
	return strings.Join(parts, " ")
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// TestMarksAsDecided pins the marks docs/rules.md decides with a reason.
func TestMarksAsDecided(t *testing.T) {
	c := MustDefault().Catalogue
	full := "mechanik_elektrik.x1 mechanik_elektrik.x4 lieferumfang.x1 lieferumfang.x2 lieferumfang.x3"
	safety := "verglasung_beleuchtung.x1 verglasung_beleuchtung.x2 verglasung_beleuchtung.x3 verglasung_beleuchtung.x5 " +
		"reifen_felgen_radkappen.x1 reifen_felgen_radkappen.x3 reifen_felgen_radkappen.x5 reifen_felgen_radkappen.x7 interieur.x2"
	var gotFull, gotSafety, gotAccident []string
	for _, cat := range c.Categories {
		for _, r := range cat.Criteria {
			if r.FullCharge {
				gotFull = append(gotFull, r.ID)
			}
			if r.SafetyRelevant {
				gotSafety = append(gotSafety, r.ID)
			}
			if r.Accident {
				gotAccident = append(gotAccident, r.ID)
			}
		}
	}
	if g := strings.Join(gotFull, " "); g != full {
		t.Errorf("full charge = %s", g)
	}
	if g := strings.Join(gotSafety, " "); g != safety {
		t.Errorf("safety = %s", g)
	}
	if g := strings.Join(gotAccident, " "); g != "karosserie.x3" {
		t.Errorf("accident = %s", g)
	}
}

const dealerProfile = `{
  "format": "rueckgabe/profile@1", "id": "autohaus-test", "version": "3", "title": "Autohaus Test",
  "catalogue": "bmw-fs-2012@2", "factors": "leaseplan@1", "fees": null,
  "vat_percent": "19", "experts": ["A", "B"]
}`

func TestProfileProblemsAreAllNamedWithTheirPath(t *testing.T) {
	data := `{"format": "rueckgabe/profile@1", "id": "x", "version": "1",
	  "catalogue": "bmw-fs-2012@9",
	  "factors": {"format": "rueckgabe/factors@1", "id": "t", "version": "1", "rows": [{"months": [0, 12], "km": [0, null], "percent": "120"}]},
	  "fees": "akf-servicelease@2",
	  "km_preset": {"tolerance_mode": "both", "tolerance_km": -1, "reduced_cap_percent": "200"},
	  "vat_percent": "119", "experts": ["DEKRA"], "min_tread_mm": "-1",
	  "delivery_items": [{"item": "", "expected": 1}],
	  "missing_item_fees": {"Fahrzeugschlüssel": "key_lost", "Serviceheft": "paper_invoice"}}`
	_, err := ParseProfile("dealer.json", []byte(data))
	ps, ok := AsProblems(err)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	assertProblems(t, ps, []string{
		"dealer.json: title: is empty",
		"dealer.json: catalogue: \"bmw-fs-2012@9\" is not built in (built in: bmw-fs-2012@2)",
		"dealer.json: factors.rows[0].percent: share 120% is outside 0–100",
		"dealer.json: vat_percent: share 119% is outside 0–100",
		"dealer.json: experts: names 1 experts; a dispute offers exactly two",
		"dealer.json: min_tread_mm: -1 mm is outside 0–20",
		"dealer.json: km_preset.tolerance_mode: is \"both\"",
		"dealer.json: km_preset.tolerance_km: -1 is negative",
		"dealer.json: km_preset.reduced_cap_percent: share 200% is outside 0–100",
		"dealer.json: delivery_items[0]: needs an item name",
		"dealer.json: missing_item_fees.Fahrzeugschlüssel: \"key_lost\" is not a fee of schedule",
	})
	if _, err := ParseProfile("d.json", []byte(`{"format": "rueckgabe/profile@1", "vat": "19"}`)); err == nil || !strings.Contains(err.Error(), `unknown field "vat"`) {
		t.Errorf("unknown field: %v", err)
	}
}

func TestDealerProfilesLoadBesideTheBuiltins(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ProfileDir), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, ProfileDir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("a.json", dealerProfile)
	write("b.json", strings.Replace(dealerProfile, `"version": "3"`, `"version": "10"`, 1))
	write("broken.json", `{"format": "rueckgabe/profile@1", "id": "bmw-fs-de", "version": "1", "title": "fake",
	  "catalogue": "bmw-fs-2012@2", "factors": "leaseplan@1", "vat_percent": "19", "experts": ["A", "B"]}`)
	reg, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Refused) != 1 || !strings.Contains(reg.Refused[0].Error(), "bmw-fs-de@1 is already defined") {
		t.Errorf("refused = %v", reg.Refused)
	}
	if r, err := reg.Resolve("autohaus-test"); err != nil || r.Version != "10" {
		t.Errorf("newest by number: %v %v", r, err)
	}
	three, err := reg.Resolve("autohaus-test@3")
	if err != nil || three.Hash == "" || three.Registry() != reg {
		t.Fatalf("exact version: %v %v", three, err)
	}
	if r, err := three.Resolve("bmw-fs-de@1"); err != nil || r.VATPercent.String() != "19" {
		t.Errorf("a dealer profile resolves the built-ins: %v %v", r, err)
	}
	if _, err := reg.Resolve("autohaus-test@2"); err == nil || !strings.Contains(err.Error(), "newest: autohaus-test@10") {
		t.Errorf("missing version: %v", err)
	}
	if _, err := reg.Resolve("nobody"); err == nil || !strings.Contains(err.Error(), "known: bmw-fs-de@2, bmw-fs-de@3, bmw-fs-de@1, leasing-at@1, autohaus-test@3, autohaus-test@10") {
		t.Errorf("unknown: %v", err)
	}
	if def, _ := Builtin(); def.Default() == reg.Default() {
		t.Error("a loaded registry must not share profile values with the built-in one")
	}
}

func TestProfileHashFollowsContentNotFormatting(t *testing.T) {
	a, err := ParseProfile("a.json", []byte(dealerProfile))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ParseProfile("b.json", []byte(strings.ReplaceAll(dealerProfile, "\n", "\n\n  ")))
	c, _ := ParseProfile("c.json", []byte(strings.Replace(dealerProfile, `"19"`, `"19.0"`, 1)))
	if a.Hash != b.Hash {
		t.Error("reformatting changed the hash")
	}
	if a.Hash == c.Hash {
		t.Error("a changed value kept the hash")
	}
}

func TestProfileShortLabelFitsTheHeader(t *testing.T) {
	data := strings.Replace(dealerProfile, `"title": "Autohaus Test",`, `"title": "Autohaus Test", "short": "NORD-1X",`, 1)
	if _, err := ParseProfile("d.json", []byte(data)); err == nil || !strings.Contains(err.Error(), `short: "NORD-1X" has 7 characters`) {
		t.Errorf("long short label: %v", err)
	}
}

// A profile's numbers lie in sane ranges (docs/rules.md, "Profile"), and
// its id and version name a file inside profiles/ and nowhere else.
func TestProfileBounds(t *testing.T) {
	for _, c := range []struct{ name, from, to, want string }{
		{"path in the id", `"id": "autohaus-test"`, `"id": "../../../pwned/x"`, `id: "../../../pwned/x": use 1–64 characters a-z, 0-9 and -`},
		{"upper case id", `"id": "autohaus-test"`, `"id": "Autohaus"`, `id: "Autohaus": use`},
		{"backslash id", `"id": "autohaus-test"`, `"id": "a\\b"`, `id: "a\\b": use`},
		{"long id", `"id": "autohaus-test"`, `"id": "` + strings.Repeat("a", 65) + `"`, `id: "aaaa`},
		{"dotted version", `"version": "3"`, `"version": "1.0"`, `version: "1.0": use 1–9 digits`},
		{"path version", `"version": "3"`, `"version": "../x"`, `version: "../x": use`},
		{"VAT 0", `"vat_percent": "19"`, `"vat_percent": "0"`, "vat_percent: 0% is outside 5–30 %"},
		{"VAT 31", `"vat_percent": "19"`, `"vat_percent": "31"`, "vat_percent: 31% is outside 5–30 %"},
		{"tolerance 1,000,000 km", `"vat_percent": "19"`, `"vat_percent": "19", "km_preset": {"tolerance_km": 1000000}`, "km_preset.tolerance_km: 1000000 km is above 50000 km"},
		{"cap", `"vat_percent": "19"`, `"vat_percent": "19", "km_preset": {"reduced_cap_km": 50001}`, "km_preset.reduced_cap_km: 50001 km is above 50000 km"},
		{"void above", `"vat_percent": "19"`, `"vat_percent": "19", "km_preset": {"reduced_void_above_km": 1000001}`, "km_preset.reduced_void_above_km: 1000001 km is above 1000000 km"},
		{"rate 6 €/km", `"vat_percent": "19"`, `"vat_percent": "19", "km_preset": {"extra_rate": "6"}`, "km_preset.extra_rate: 6 €/km is above 5 €/km"},
		{"reduced rate", `"vat_percent": "19"`, `"vat_percent": "19", "km_preset": {"reduced_rate": "5.01"}`, "km_preset.reduced_rate: 5.01 €/km is above 5 €/km"},
		{"km surcharge 101 %", `"vat_percent": "19"`, `"vat_percent": "19", "km_preset": {"surcharge_percent": "101"}`, "km_preset.surcharge_percent: 101% is outside 0–100 %"},
		{"dealer surcharge 101 %", `"vat_percent": "19"`, `"vat_percent": "19", "dealer_surcharge_percent": "101"`, "dealer_surcharge_percent: share 101% is outside 0–100"},
		{"tread 11 mm", `"vat_percent": "19"`, `"vat_percent": "19", "min_tread_mm": "11"`, "min_tread_mm: 11 mm is outside 0–10"},
		{"100 keys expected", `"vat_percent": "19"`, `"vat_percent": "19", "delivery_items": [{"item": "Schlüssel", "expected": 100}]`, "delivery_items[0].expected: 100 is above 99"},
		{"fee 10,000.01 €", `"fees": null`, `"fees": {"format": "rueckgabe/fees@1", "id": "f", "version": "1", "fees": [{"code": "a", "label": "A", "amount": "10000.01"}]}`, "fees.fees[0].amount: 10000.01 € is above 10000 €"},
		{"long title", `"title": "Autohaus Test"`, `"title": "` + strings.Repeat("x", 121) + `"`, "title: has 121 characters; at most 120"},
	} {
		data := strings.Replace(dealerProfile, c.from, c.to, 1)
		if data == dealerProfile {
			t.Fatalf("%s: nothing replaced", c.name)
		}
		_, err := ParseProfile("d.json", []byte(data))
		ps, ok := AsProblems(err)
		if !ok || len(ps) != 1 || !strings.Contains(ps[0].Error(), c.want) {
			t.Errorf("%s: got %v, want one problem %q", c.name, err, c.want)
		}
	}
	// the edges themselves are in range
	for _, edge := range []string{
		`"vat_percent": "5"`, `"vat_percent": "30"`,
		`"vat_percent": "19", "km_preset": {"tolerance_km": 50000, "reduced_cap_km": 50000, "reduced_void_above_km": 1000000, "extra_rate": "5", "reduced_rate": "0", "surcharge_percent": "100"}`,
		`"vat_percent": "19", "min_tread_mm": "10", "dealer_surcharge_percent": "100", "delivery_items": [{"item": "Schlüssel", "expected": 99}]`,
	} {
		data := strings.Replace(dealerProfile, `"vat_percent": "19"`, edge, 1)
		if _, err := ParseProfile("d.json", []byte(data)); err != nil {
			t.Errorf("%s: %v", edge, err)
		}
	}
	for _, id := range []string{"a", "bmw-fs-de", "0-9", strings.Repeat("z", 64)} {
		if !ValidRef(id + "@12") {
			t.Errorf("%s@12 refused", id)
		}
	}
	for _, ref := range []string{"a", "a@", "@1", "a@1@2", "a@1.0", "../a@1", "a@1/2", "a@1234567890"} {
		if ValidRef(ref) {
			t.Errorf("%s accepted", ref)
		}
	}
}

// A sealed protocol's pinned profile is history: it reads under the rules
// it was sealed with, even when later bounds would refuse it as a new one.
func TestPinnedProfileIsNotHeldToLaterBounds(t *testing.T) {
	reg, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(strings.Replace(dealerProfile, `"vat_percent": "19"`, `"vat_percent": "0"`, 1), `"id": "autohaus-test"`, `"id": "Autohaus_Test"`, 1)
	r, err := parseSealedProfile("p.json", []byte(old), reg.parts)
	if err != nil {
		t.Fatalf("pinned profile with VAT 0 and an old-style id: %v", err)
	}
	pinned, err := r.Pinned()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParsePinned(pinned); err != nil {
		t.Fatalf("ParsePinned: %v", err)
	}
	if _, err := ParseProfile("p.json", []byte(old)); err == nil {
		t.Fatal("the same profile as a new one was accepted")
	}
}
