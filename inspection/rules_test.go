package inspection

import (
	"encoding/json"
	"strings"
	"testing"
)

// The rules of issue 9, each checked through the interchange JSON — the path
// a back office or a test uses — so that what the decoder infers is covered
// as well as the valuation. Each case names its source.

// specWith is the spec's example protocol with top-level fields replaced and
// its findings and fees given as JSON (nil keeps the example's).
func specWith(t *testing.T, top map[string]any, findings, fees string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readFile(t, "testdata/spec-example.json"), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "vat_percent") // the profile decides unless a case sets it
	for k, v := range top {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	for key, raw := range map[string]string{"findings": findings, "fees": fees} {
		if raw == "" {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		m[key] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeOK(t *testing.T, data []byte) (*Protocol, Valuation) {
	t.Helper()
	p, probs := Decode(data, rules)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	return p, Value(p, rules)
}

func problemsOf(data []byte) string {
	_, probs := Decode(data, rules)
	return probs.Error()
}

// RULES.md §6; BFH 20.3.2013, XI R 6/11; BMF 6.2.2014; the Austrian seminar
// ("kein Leistungsaustausch – Schadenersatz").
func TestRuleVATOnlyOnKmLateAndTaxableFees(t *testing.T) {
	cases := []struct {
		name                 string
		top                  map[string]any
		vatPct, taxable, vat string
		damagesTaxable       bool
	}{
		{"bmw-fs-de: damages not taxable", nil, "19", "297.58", "56.54", false},
		{"bmw-fs-de named with version", map[string]any{"profile": "bmw-fs-de@1"}, "19", "297.58", "56.54", false},
		{"leasing-at: 20 %, damages not taxable", map[string]any{"profile": "leasing-at"}, "20", "297.58", "59.52", false},
		{"protocol override: damages taxable", map[string]any{"damages_taxable": true}, "19", "428.27", "81.37", true},
		{"protocol's own VAT rate wins", map[string]any{"vat_percent": "7"}, "7", "297.58", "20.83", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, v := decodeOK(t, specWith(t, c.top, "", ""))
			mustEqual(t, "vat percent", v.VATPercent, c.vatPct)
			mustEqual(t, "taxable", v.Taxable, c.taxable)
			mustEqual(t, "vat", v.VAT, c.vat)
			mustEqual(t, "net", v.Net, "428.27")
			if v.DamagesTaxable != c.damagesTaxable {
				t.Errorf("damages taxable = %v", v.DamagesTaxable)
			}
			out, _ := QuoteJSON(p, &v)
			if !strings.Contains(string(out), `"taxable": `+map[bool]string{true: "true", false: "false"}[c.damagesTaxable]+"\n  },\n  \"km\"") {
				t.Errorf("quote does not state whether damages are taxable:\n%s", out)
			}
		})
	}
}

// RULES.md §3 "the criterion decides the basis"; BMW FS guide, catalogue marks.
func TestRuleCriterionDecidesTheBasis(t *testing.T) {
	cases := []struct {
		name, finding, basis, percent, problem string
	}{
		{"chip in the driver's view, flag not repeated", `{"category": "verglasung_beleuchtung", "rule": "verglasung_beleuchtung.x3", "cost": "100"}`, "safety", "100", ""},
		{"unrepaired accident, flag not repeated", `{"category": "karosserie", "rule": "karosserie.x3", "cost": "100"}`, "accident", "100", ""},
		{"missing key: owed", `{"category": "lieferumfang", "rule": "lieferumfang.x1", "cost": "100"}`, "full", "100", ""},
		{"HU due: owed", `{"category": "mechanik_elektrik", "rule": "mechanik_elektrik.x4", "cost": "100"}`, "full", "100", ""},
		{"missed inspection: owed", `{"category": "mechanik_elektrik", "rule": "mechanik_elektrik.x1", "cost": "100"}`, "full", "100", ""},
		{"scratch: table", `{"category": "lackierung", "rule": "lackierung.x1", "cost": "100"}`, "table", "50", ""},
		{"acceptable wear", `{"category": "lackierung", "rule": "lackierung.ok6", "cost": "100"}`, "acceptable", "0", ""},
		{"contradicting safety without reason", `{"category": "verglasung_beleuchtung", "rule": "verglasung_beleuchtung.x3", "safety_relevant": false, "cost": "100"}`, "", "",
			"findings[0].override_reason: is missing: the finding contradicts verglasung_beleuchtung.x3 (the criterion is safety-relevant)"},
		{"contradicting safety with reason", `{"category": "verglasung_beleuchtung", "rule": "verglasung_beleuchtung.x3", "safety_relevant": false, "override_reason": "Chip am Rand, außerhalb des A-Felds", "cost": "100"}`, "table", "50", ""},
		{"raising safety without reason", `{"category": "mechanik_elektrik", "rule": "mechanik_elektrik.x2", "safety_relevant": true, "cost": "100"}`, "", "",
			"findings[0].override_reason: is missing: the finding contradicts mechanik_elektrik.x2 (the criterion is not safety-relevant)"},
		{"brakes: safety with reason", `{"category": "mechanik_elektrik", "rule": "mechanik_elektrik.x2", "safety_relevant": true, "override_reason": "Bremsscheiben unter Mindestmaß", "cost": "100"}`, "safety", "100", ""},
		{"denying the accident without reason", `{"category": "karosserie", "rule": "karosserie.x3", "accident": false, "cost": "100"}`, "", "",
			"the criterion is accident damage"},
		{"manual factor beats the marks", `{"category": "lieferumfang", "rule": "lieferumfang.x1", "factor_percent": "30", "override_reason": "Schlüssel defekt, nicht verloren", "cost": "100"}`, "override", "30", ""},
		{"factor below the owed 100 % without reason", `{"category": "lieferumfang", "rule": "lieferumfang.x1", "factor_percent": "30", "cost": "100"}`, "", "",
			"findings[0].override_reason: is missing: factor_percent 30 is below the 100 % of a finding that is owed, not worn"},
		{"factor below the safety 100 % without reason", `{"category": "verglasung_beleuchtung", "rule": "verglasung_beleuchtung.x3", "factor_percent": "50", "cost": "100"}`, "", "",
			"findings[0].override_reason: is missing: factor_percent 50 is below the 100 % of a finding that is safety-relevant"},
		{"factor below the safety 100 % with reason", `{"category": "verglasung_beleuchtung", "rule": "verglasung_beleuchtung.x3", "factor_percent": "50", "override_reason": "Scheibe war bei Übergabe schon vorgeschädigt", "cost": "100"}`, "override", "50", ""},
		{"factor of 100 on a safety finding needs no reason", `{"category": "verglasung_beleuchtung", "rule": "verglasung_beleuchtung.x3", "factor_percent": "100", "cost": "100"}`, "override", "100", ""},
		{"factor below the table needs no reason", `{"category": "lackierung", "rule": "lackierung.x1", "factor_percent": "30", "cost": "100"}`, "override", "30", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := specWith(t, nil, "["+c.finding+"]", "")
			if c.problem != "" {
				if got := problemsOf(data); !strings.Contains(got, c.problem) {
					t.Fatalf("problems %q lack %q", got, c.problem)
				}
				return
			}
			_, v := decodeOK(t, data)
			if f := v.Findings[0]; string(f.Basis) != c.basis || !f.Percent.Equal(d(c.percent)) {
				t.Errorf("basis %s %s %%, want %s %s %%", f.Basis, f.Percent, c.basis, c.percent)
			}
		})
	}
}

// RULES.md §5; akf servicelease fee schedule (sources/akf-servicelease-gebuehren.txt).
func TestRuleFeesFromTheSchedule(t *testing.T) {
	cases := []struct {
		name, fees, vehicleListPrice string
		label, amount                string
		taxable                      bool
		problem                      string
	}{
		{"code alone takes label and amount", `[{"code": "key_loss"}]`, "", "Schlüsselverlust", "50.00", true, ""},
		{"per day times quantity", `[{"code": "storage_day", "quantity": 3}]`, "", "Verwahrung", "120.00", true, ""},
		{"per letter, not taxable", `[{"code": "dunning", "quantity": 2}]`, "", "Mahnkosten", "4.00", false, ""},
		{"given amount is the unit price", `[{"code": "key_loss", "amount": "60", "quantity": 2}]`, "", "Schlüsselverlust", "120.00", true, ""},
		{"3 % of the net list price", `[{"code": "contract_transfer"}]`, "40000.00", "Vertragsumschreibung", "1200.00", true, ""},
		{"* line cannot be made taxable", `[{"code": "dunning", "taxable": true}]`, "", "", "", false,
			`fees[0].taxable: is true, but schedule line "dunning" is not taxable (marked *); the schedule decides`},
		{"taxable line cannot be made exempt", `[{"code": "key_loss", "taxable": false}]`, "", "", "", false, `fees[0].taxable: is false`},
		{"3 % needs the list price", `[{"code": "contract_transfer"}]`, "", "", "", false, "fees[0].amount: is missing and vehicle.list_price too"},
		{"nach Aufwand needs the amount", `[{"code": "return_debit"}]`, "", "", "", false, `fees[0].amount: is missing: schedule line "Rücklastschriften" has no fixed price`},
		{"unknown code needs a label", `[{"code": "car_wash"}]`, "", "", "", false, `fees[0].code: "car_wash" is not in fee schedule`},
		{"negative quantity", `[{"code": "key_loss", "quantity": -1}]`, "", "", "", false, "fees[0].quantity: -1 is negative"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var top map[string]any
			if c.vehicleListPrice != "" {
				var ex map[string]any
				_ = json.Unmarshal(readFile(t, "testdata/spec-example.json"), &ex)
				veh := ex["vehicle"].(map[string]any)
				veh["list_price"] = c.vehicleListPrice
				top = map[string]any{"vehicle": veh}
			}
			data := specWith(t, top, "", c.fees)
			if c.problem != "" {
				if got := problemsOf(data); !strings.Contains(got, c.problem) {
					t.Fatalf("problems %q lack %q", got, c.problem)
				}
				return
			}
			_, v := decodeOK(t, data)
			f := v.Fees[0]
			if f.Label != c.label || !f.Amount.Equal(d(c.amount)) || f.Taxable != c.taxable {
				t.Errorf("fee %q %s taxable %v, want %q %s %v", f.Label, f.Amount, f.Taxable, c.label, c.amount, c.taxable)
			}
			mustEqual(t, "fees net", v.FeesNet, c.amount)
		})
	}
}

// RULES.md §7: the customer chooses one of two experts; lessor and lessee
// share the report half and half; the dealer pays 5 % of the vehicle value.
func TestRuleDisputeSurchargeAndExpertShare(t *testing.T) {
	dispute := map[string]any{"comment": "Kunde bestreitet Kratzer", "experts": []string{"DEKRA", "TÜV Süd"}, "chosen": "DEKRA", "expert_cost": "481.00"}
	p, v := decodeOK(t, specWith(t, map[string]any{"dispute": dispute}, "", ""))
	if v.Surcharge == nil || !v.Surcharge.Amount.Equal(d("925.00")) {
		t.Fatalf("surcharge %+v", v.Surcharge)
	}
	last := v.Fees[len(v.Fees)-1]
	if last.Index != -1 || !last.Amount.Equal(d("240.50")) || !last.Taxable || !strings.Contains(last.Label, "DEKRA") {
		t.Fatalf("expert share %+v", last)
	}
	mustEqual(t, "net includes the customer's half, not the surcharge", v.Net, "668.77")
	out, _ := QuoteJSON(p, &v)
	for _, want := range []string{`"dealer_surcharge": {`, `"percent": "5"`, `"basis": "18500.00"`, `"amount": "925.00"`, `"amount": "240.50"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("quote lacks %s", want)
		}
	}
	dispute["experts"] = []string{"DEKRA", "TÜV Süd", "GTÜ"}
	if got := problemsOf(specWith(t, map[string]any{"dispute": dispute}, "", "")); !strings.Contains(got, "dispute.experts: offers 3 experts; a dispute offers exactly two") {
		t.Errorf("three experts: %s", got)
	}
}

// RULES.md §8: the protocol records its profile; an unknown one or one whose
// content changed is reported.
func TestRuleProfileIsRecordedAndChecked(t *testing.T) {
	cases := []struct {
		top     map[string]any
		problem string
	}{
		{map[string]any{"profile": "leasing-de"}, `profile: profile "leasing-de" is not known (known: bmw-fs-de@2, bmw-fs-de@3, bmw-fs-de@1, leasing-at@1)`},
		{map[string]any{"profile": "bmw-fs-de@7"}, `profile: profile "bmw-fs-de@7": this version is not on this device (newest: bmw-fs-de@3)`},
		{map[string]any{"profile": "bmw-fs-de@1", "profile_hash": "sha256:00"}, "profile_hash: sha256:00 does not match bmw-fs-de@1"},
		{map[string]any{"catalogue": "bmw-fs-2011@1"}, `catalogue: "bmw-fs-2011@1" is not the catalogue of profile bmw-fs-de@3`},
	}
	for _, c := range cases {
		if got := problemsOf(specWith(t, c.top, "", "")); !strings.Contains(got, c.problem) {
			t.Errorf("%v: problems %q lack %q", c.top, got, c.problem)
		}
	}
	// a protocol recorded under the old catalogue version is judged by the new one
	decodeOK(t, specWith(t, map[string]any{"catalogue": "bmw-fs-2012@1", "profile_hash": rules.Hash}, "", ""))
}

// RULES.md §9: nothing open before signing — every proposal taken over or
// dismissed with a reason; a residual contract needs its dealer net price.
func TestRuleNothingOpenBeforeSigning(t *testing.T) {
	p := baseProtocol()
	p.Tyres.Wheels = []Wheel{{Position: "VL", TreadMm: nd("1.0")}}
	p.Delivery = []DeliveryItem{{Item: "Fahrzeugschlüssel", Expected: 2, Returned: 1}}
	p.Service.HUDue = date("2024-03-01")
	open := func() []string {
		var out []string
		for _, m := range Missing(p, rules) {
			if strings.HasPrefix(m, "Vorschlag offen") {
				out = append(out, m)
			}
		}
		return out
	}
	if got := open(); len(got) != 3 {
		t.Fatalf("open proposals: %q", got)
	}
	p.Findings = append(p.Findings, OpenProposals(p, rules)[0].Finding) // take the tyre over
	p.Dismissed = []Dismissal{{Rule: "lieferumfang.x1", Part: "Fahrzeugschlüssel", Reason: "Zweitschlüssel beim Leasinggeber hinterlegt"}}
	if got := open(); len(got) != 1 || !strings.Contains(got[0], "HU/AU") {
		t.Fatalf("after taking one and dismissing one: %q", got)
	}
	p.Dismissed = append(p.Dismissed, Dismissal{Rule: "mechanik_elektrik.x4", Part: "HU/AU"})
	if got := Validate(p, rules).Error(); !strings.Contains(got, "dismissed_proposals[1].reason: is missing") {
		t.Fatalf("a dismissal without reason: %s", got)
	}
	if len(open()) != 0 {
		t.Fatal("the HU proposal is still open after its dismissal")
	}
	r := baseProtocol()
	r.Contract = Contract{Number: "R-1", Type: ContractResidual, EndDate: r.Contract.EndDate}
	if !strings.Contains(strings.Join(Missing(r, rules), "\n"), "Netto-Händlerverkaufspreis fehlt") {
		t.Fatal("a residual contract can be signed without the dealer net price")
	}
}

// Issue 9 §8: the HU sticker's month is due at its end.
func TestRuleHUStickerMonthIsDueAtItsEnd(t *testing.T) {
	for _, c := range []struct {
		ret      string
		proposed bool
	}{{"2025-02-10", false}, {"2025-02-27", false}, {"2025-02-28", true}, {"2025-03-01", true}} {
		p := baseProtocol()
		p.Vehicle.FirstRegistration = date("2022-02-01")
		p.Return.Date = date(c.ret)
		p.Service.HUMonth, _ = ParseMonth("2025-02")
		got := false
		for _, pr := range Proposals(p, rules) {
			got = got || pr.Finding.Rule == "mechanik_elektrik.x4"
		}
		if got != c.proposed {
			t.Errorf("sticker 02.2025, return %s: proposed %v", c.ret, got)
		}
	}
	if m, err := ParseGermanMonth("2.2025"); err != nil || m.German() != "02.2025" || m.LastDay().String() != "2025-02-28" {
		t.Errorf("German month: %v %v", m, err)
	}
}
