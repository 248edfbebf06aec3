package inspection

import (
	"strings"
	"testing"
)

func TestDecodeSpecExampleQuotesAsTheSpecSays(t *testing.T) {
	p, probs := Decode(readFile(t, "testdata/spec-example.json"), rules)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	v := Value(p, rules)
	out, err := QuoteJSON(p, &v)
	if err != nil {
		t.Fatal(err)
	}
	// the spec's fields, exactly as PROTOCOL-JSON.md shows them
	for _, want := range []string{
		`"age_months": 36`, `"cost": "290.42"`, `"percent": "45"`, `"charged": "130.69"`, `"deduction": "159.73"`,
		`"basis": "override"`, `"driven": 62501`, `"agreed": 60000`, `"deviation": 2501`, `"billable_km": 2501`,
		`"rate": "0.0850"`, `"amount": "212.59"`, `"days": 3`, `"amount": "34.99"`, `"net": "50.00"`,
		`"net": "428.27"`,
		// The spec's example prints vat 81.37 / gross 509.64: 19 % on the whole
		// net, damages included. RULES.md §6 (corrected) taxes only km, late
		// return and taxable fees: 19 % of 297.58 (212.59 + 34.99 + 50.00).
		`"taxable": "297.58"`, `"vat": "56.54"`, `"gross": "484.81"`, `"profile": "bmw-fs-de@3"`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("quote lacks %s:\n%s", want, out)
		}
	}
}

func TestDecodeReportsEveryProblemWithPathAndFix(t *testing.T) {
	in := `{
	  "vehicle": {"vin": "WBAUL91OOOVF7155", "first_registration": "2021-13-01", "delivery_odometer_km": 70000, "value": 18500},
	  "contract": {"type": "km", "agreed_km": "60000", "km_rules": {"extra_rate": "0,085", "tolerance_mode": "frei"}},
	  "return": {"date": "2024-04-03", "odometer_km": 62501},
	  "findings": [
	    {"category": "lackierung", "costs": {"parts": "1.5"}},
	    {"category": "dach", "repair": "glue", "factor_percent": "120"},
	    {"category": "lackierung", "rule": "lackierung.x3", "acceptable": true, "costs": {"parts": "12,5x"}},
	    {"category": "karosserie", "rule": "lackierung.x1"},
	    "oops"
	  ],
	  "fees": [{"label": "Schlüssel", "amount": 50}],
	  "vat_percent": "nineteen"
	}`
	_, probs := Decode([]byte(in), rules)
	want := []string{
		`vehicle.first_registration: "2021-13-01" is not a date (use YYYY-MM-DD, e.g. "2024-03-31")`,
		`vehicle.value: is a number, want a string such as "40.00" (JSON numbers lose cents)`,
		`contract.agreed_km: is text, want a whole number such as 62501`,
		`contract.km_rules.extra_rate: "0,085" is not an amount`,
		`contract.km_rules.reduced_rate: is missing (the € per fewer km, e.g. "0.0425")`,
		`findings[2].costs.parts: "12,5x" is not an amount (use "12.50")`,
		`findings[4]: is text, want an object {…}`,
		`fees[0].amount: is a number, want a string such as "40.00"`,
		`vat_percent: "nineteen" is not an amount`,
		`vehicle.vin: has 'O' at position 8; a VIN never uses I, O or Q (did you mean '0'?)`,
		`contract.km_rules.tolerance_mode: "frei" is not a mode (use "threshold" for a Freigrenze or "allowance" for a Freibetrag)`,
		`return.odometer_km: 62501 is below the odometer at delivery (70000 km); check both readings`,
		`findings[1].category: "dach" is not a category (use one of karosserie, lackierung,`,
		`findings[1].repair: "glue" is not a repair method (use one of smart_repair, repair, paint, repair_paint, replace, none)`,
		`findings[1].factor_percent: 120 is outside 0–100`,
		`findings[2].override_reason: is missing: the finding contradicts lackierung.x3 (the catalogue judges it not acceptable) and an override needs a reason`,
		`findings[3].rule: "lackierung.x1" belongs to category "lackierung", not "karosserie"`,
	}
	got := make([]string, len(probs))
	for i, p := range probs {
		got[i] = p.String()
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			if strings.HasPrefix(g, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing problem %q", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
}

func TestDecodeWholeFileProblems(t *testing.T) {
	for in, want := range map[string]string{
		``:                                 "(file): is not valid JSON",
		`{"vehicle": {`:                    "(file): is not valid JSON: the file ends",
		`[1,2]`:                            "(file): is a list, want a protocol object",
		`{} {}`:                            "(file): has more after the protocol object",
		"{\n\"a\": 1,\n}":                  "(file): is not valid JSON: line 3:",
		`{"format": "rueckgabe/bundle@1"}`: `format: is "rueckgabe/bundle@1", want "rueckgabe/protocol@1"`,
	} {
		_, probs := Decode([]byte(in), rules)
		if len(probs) == 0 || !strings.HasPrefix(probs[0].String(), want) {
			t.Errorf("Decode(%q) = %v, want %q…", in, probs, want)
		}
	}
}

func TestDecodeDefaults(t *testing.T) {
	in := `{"vehicle": {"vin": "WBAUL91000VF71552", "first_registration": "2021-03-19"},
	 "contract": {"type": "km", "agreed_km": 60000, "km_rules": {"extra_rate": "0.085", "reduced_rate": "0.04"}},
	 "return": {"date": "2024-04-03", "odometer_km": 62501},
	 "findings": [{"category": "lackierung", "rule": "lackierung.ok6", "cost": "80"}],
	 "fees": [{"code": "dunning", "label": "Mahnkosten", "amount": "2"}],
	 "unknown_future_field": {"x": 1}}`
	p, probs := Decode([]byte(in), rules)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	if !p.Findings[0].Acceptable {
		t.Error("acceptable should default to the criterion's judgement (lackierung.ok6 is acceptable)")
	}
	if p.Contract.KmRules.ToleranceMode != ToleranceThreshold {
		t.Error("tolerance_mode should default to threshold")
	}
	if v := Value(p, rules); v.Fees[0].Taxable || !v.FeesTaxable.IsZero() {
		t.Error("taxable should come from the fee schedule (Mahnkosten are not taxable)")
	}
	if !p.VAT(rules).Equal(d("19")) || p.Catalogue != "bmw-fs-2012@2" || p.VATPercent.Valid {
		t.Errorf("VAT %s, catalogue %q", p.VAT(rules), p.Catalogue)
	}
}

func TestDecodeCostAndCostsMustAgree(t *testing.T) {
	p := baseProtocol()
	p.Findings = []Finding{{Category: "lackierung", Cost: nd("100"), Costs: Costs{Parts: d("60"), Flat: d("40")}}}
	if probs := Validate(p, rules); len(probs) != 0 {
		t.Errorf("agreeing cost and costs: %v", probs)
	}
	p.Findings[0].Cost = nd("99")
	if probs := Validate(p, rules); len(probs) != 1 || probs[0].Path != "findings[0].cost" {
		t.Errorf("disagreeing cost and costs: %v", probs)
	}
}

func TestVINRules(t *testing.T) {
	for vin, want := range map[string]string{
		"WBAUL91000VF71552":      "",
		"":                       "is missing",
		"WBAUL91000VF7155":       "has 16 characters, a VIN has 17",
		"WBAUL91000VF715522":     "has 18 characters",
		"WBAUL91000VF7155I":      "has 'I' at position 17",
		"WBAUL91000VF7155Q":      "has 'Q' at position 17",
		"wbaul91000vf71552":      "has lower-case 'w' at position 1; write it in capitals",
		"WBAUL91000VF7155-":      "has '-' at position 17",
		"WBAUL91000VF7155\u202e": "has '\\u202e' at position 17",
	} {
		got, _ := checkVIN(vin)
		if (want == "") != (got == "") || !strings.HasPrefix(got, want) {
			t.Errorf("checkVIN(%q) = %q, want %q", vin, got, want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(readFile(f, "testdata/spec-example.json"))
	f.Add([]byte(`{"findings":[{"costs":{"parts":1e400}}],"contract":{"agreed_km":-1e30}}`))
	f.Add([]byte(`{"vehicle":{"first_registration":"9999-12-31"},"return":{"date":"0001-01-01","odometer_km":9223372036854775807}}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`))
	f.Add([]byte(`{"vat_percent":"19","findings":[{},{"cost":"1.00","c\u006fst":"2.00"}],"vat_percent":"0"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, probs := Decode(data, rules)
		if p == nil {
			if len(probs) == 0 {
				t.Fatal("nil protocol without a problem")
			}
			return
		}
		v := Value(p, rules) // must not panic on any decodable input, valid or not
		if _, err := QuoteJSON(p, &v); err != nil {
			t.Fatal(err)
		}
		if len(probs) == 0 {
			out, err := Encode(p)
			if err != nil {
				t.Fatal(err)
			}
			if _, again := Decode(out, rules); len(again) > 0 {
				t.Fatalf("re-encoded valid protocol does not decode: %v\n%s", again, out)
			}
		}
	})
}

func TestSingleCostRoundTripsWithoutZeroLines(t *testing.T) {
	p := baseProtocol()
	p.Findings = []Finding{{Category: "karosserie", Cost: nd("120.00")}}
	out, _ := Encode(p)
	if strings.Contains(string(out), `"costs"`) {
		t.Errorf("a single cost should not be written with zero lines:\n%s", out)
	}
	back, probs := Decode(out, rules)
	if len(probs) > 0 || !back.Findings[0].RepairCost().Equal(d("120")) {
		t.Fatalf("round trip: %v", probs)
	}
	// zero lines given explicitly beside a cost are "not given", not a disagreement
	in := strings.Replace(string(out), `"cost": "120.00"`, `"cost": "120.00", "costs": {"parts": "0.00"}`, 1)
	if _, probs := Decode([]byte(in), rules); len(probs) > 0 {
		t.Errorf("zero lines beside a cost: %v", probs)
	}
}

func TestValidationSpeaksGermanToo(t *testing.T) {
	p := baseProtocol()
	p.Vehicle.VIN = "wbaul"
	p.Return.OdometerKm = 0
	p.Contract.Type = "leasing"
	p.Findings = []Finding{{Category: "dach", Repair: "kleben", FactorPercent: nd("101"), Cost: nd("5"), Costs: Costs{Parts: d("4")}}}
	probs := Validate(p, rules)
	if len(probs) < 6 {
		t.Fatalf("problems: %v", probs)
	}
	for _, pr := range probs {
		if pr.De == "" {
			t.Errorf("%s has no German message", pr)
		}
	}
}
