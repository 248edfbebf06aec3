package inspection

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"rueckgabe/catalog"
)

func genMoney(t *rapid.T, label string, maxCents int64) decimal.Decimal {
	return decimal.New(rapid.Int64Range(0, maxCents).Draw(t, label), -2)
}

func genNullPercent(t *rapid.T, label string) decimal.NullDecimal {
	if !rapid.Bool().Draw(t, label+"?") {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: decimal.New(rapid.Int64Range(0, 10000).Draw(t, label), -2), Valid: true}
}

func genFinding(t *rapid.T) Finding {
	cat := rules.Catalogue.Categories[rapid.IntRange(0, len(rules.Catalogue.Categories)-1).Draw(t, "cat")]
	f := Finding{
		Category:       cat.ID,
		Part:           rapid.SampledFrom(append(cat.Parts, "Tür \u202evorn")).Draw(t, "part"),
		Repair:         rapid.SampledFrom(RepairMethods).Draw(t, "repair"),
		Acceptable:     rapid.Bool().Draw(t, "acceptable"),
		SafetyRelevant: rapid.Bool().Draw(t, "safety"),
		Accident:       rapid.Bool().Draw(t, "accident"),
		FactorPercent:  genNullPercent(t, "factor"),
		Note:           rapid.String().Draw(t, "note"),
	}
	if rapid.Bool().Draw(t, "single cost") {
		f.Cost = decimal.NullDecimal{Decimal: genMoney(t, "cost", 5_000_000), Valid: true}
	} else {
		f.Costs = Costs{genMoney(t, "body", 100_000), genMoney(t, "parts", 500_000), genMoney(t, "paint", 100_000),
			genMoney(t, "material", 100_000), genMoney(t, "flat", 50_000)}
	}
	if f.Accident && rapid.Bool().Draw(t, "depreciation?") {
		f.Depreciation = Depreciation{Amount: decimal.NullDecimal{Decimal: genMoney(t, "depr", 500_000), Valid: true},
			PaidByInsurer: rapid.Bool().Draw(t, "insured")}
	}
	f.Evidence = genPhotos(t, "finding photos")
	if rapid.IntRange(0, 3).Draw(t, "baseline finding?") == 0 {
		i := rapid.IntRange(0, 2).Draw(t, "baseline finding")
		f.BaselineFinding = &i
	}
	return f
}

// genPhotos draws a list of valid attached photos, each hash once.
func genPhotos(t *rapid.T, label string) []Photo {
	var out []Photo
	for i := range rapid.IntRange(0, 2).Draw(t, label) {
		sum := sha256.Sum256([]byte(fmt.Sprint(label, i, rapid.Int().Draw(t, label+" seed"))))
		out = append(out, Photo{SHA256: hex.EncodeToString(sum[:]), Size: rapid.Int64Range(1, MaxPhotoBytes).Draw(t, label+" size"),
			Name: rapid.String().Draw(t, label+" name"), Type: rapid.SampledFrom([]string{PhotoJPEG, PhotoPNG}).Draw(t, label+" type"),
			TakenAt: "2024-04-03T10:12:05", TakenFrom: PhotoTakenEXIF})
	}
	return out
}

func genProtocol(t *rapid.T) *Protocol {
	p := baseProtocol()
	p.Vehicle.FirstRegistration = NewDate(2015, 1, 1).AddMonths(rapid.IntRange(0, 90).Draw(t, "reg"))
	p.Return.Date = p.Vehicle.FirstRegistration.AddMonths(rapid.IntRange(0, 72).Draw(t, "age"))
	p.Vehicle.DeliveryOdometerKm = rapid.Int64Range(0, 50_000).Draw(t, "delivery km")
	p.Return.OdometerKm = p.Vehicle.DeliveryOdometerKm + rapid.Int64Range(1, 250_000).Draw(t, "driven")
	p.Contract.EndDate = p.Return.Date.AddMonths(-rapid.IntRange(-2, 2).Draw(t, "late"))
	k := p.Contract.KmRules
	if rapid.Bool().Draw(t, "tolerance?") {
		k.ToleranceKm = i64(rapid.Int64Range(0, 5000).Draw(t, "tolerance"))
		k.ToleranceMode = rapid.SampledFrom([]string{ToleranceThreshold, ToleranceAllowance}).Draw(t, "mode")
	}
	if rapid.Bool().Draw(t, "caps?") {
		k.ReducedCapKm = i64(rapid.Int64Range(0, 20000).Draw(t, "cap km"))
		k.ReducedCapPercent = genNullPercent(t, "cap %")
		k.ReducedVoidAboveKm = i64(rapid.Int64Range(0, 300000).Draw(t, "void"))
	}
	if rapid.Bool().Draw(t, "surcharge?") {
		k.SurchargeAbovePercent = nd("10")
		k.SurchargePercent = nd("40")
	}
	if rapid.Bool().Draw(t, "residual?") {
		p.Contract.Type = ContractResidual
		p.Contract.DealerNetPrice = decimal.NullDecimal{Decimal: genMoney(t, "dealer", 5_000_000), Valid: true}
	}
	p.Findings = rapid.SliceOfN(rapid.Custom(genFinding), 0, 12).Draw(t, "findings")
	if rapid.Bool().Draw(t, "baseline?") {
		p.Baseline = &Baseline{ID: "UEB-1", SealHash: "5e" + strings.Repeat("0", 62), Date: p.Vehicle.FirstRegistration,
			Findings: []BaselineDamage{{Category: "lackierung", Part: "Tür vorn links", Damage: "Kratzer"}, {Category: "karosserie", Part: "Heckklappe", Damage: "Delle", Size: "mittel"}, {Category: "scheiben", Part: "Frontscheibe", Damage: "Steinschlag"}},
			Wheels:   []Wheel{{Position: "VL", TreadMm: nd("7.5"), Tyre: rapid.String().Draw(t, "tyre"), Rim: "8J×18"}},
			Delivery: []DeliveryItem{{Item: "Fahrzeugschlüssel", Expected: 2, Returned: 2}}}
	}
	p.Evidence = genPhotos(t, "protocol photos")
	for range rapid.IntRange(0, 3).Draw(t, "signatures") {
		sig := Signature{Role: rapid.SampledFrom([]string{RoleCustomerCondition, RoleCustomerValuation, RoleInspector, RoleWitness}).Draw(t, "role"),
			Name: rapid.String().Draw(t, "signer"), SignedAt: time.Unix(rapid.Int64Range(1.6e9, 1.8e9).Draw(t, "at"), 0).In(time.FixedZone("", 7200))}
		for range rapid.IntRange(0, 2).Draw(t, "strokes") {
			sig.Strokes = append(sig.Strokes, [][2]int{{rapid.IntRange(0, 1000).Draw(t, "x"), rapid.IntRange(0, 1000).Draw(t, "y")}, {0, 1000}})
		}
		p.Signatures = append(p.Signatures, sig)
	}
	if rapid.Bool().Draw(t, "refusal?") {
		p.Refusal = &Refusal{Statement: RefusalStatement, Note: rapid.String().Draw(t, "refusal note")}
	}
	if rapid.Bool().Draw(t, "dispute?") {
		p.Dispute = &Dispute{Comment: rapid.String().Draw(t, "comment"), Experts: []string{"DEKRA", "TÜV"}, Chosen: "TÜV"}
	}
	for range rapid.IntRange(0, 3).Draw(t, "fees") {
		taxable := rapid.Bool().Draw(t, "taxable")
		p.Fees = append(p.Fees, Fee{Code: "x", Label: "Gebühr", Amount: decimal.NullDecimal{Decimal: genMoney(t, "fee", 100_000), Valid: true},
			Quantity: rapid.Int64Range(0, 3).Draw(t, "quantity"), Taxable: &taxable})
	}
	return p
}

func TestPropertyChargedPlusDeductionIsCost(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		v := Value(p, rules)
		for _, f := range v.Findings {
			if !f.Charged.Add(f.Deduction).Equal(f.Cost) {
				t.Fatalf("finding %d: %s + %s ≠ %s", f.Index, f.Charged, f.Deduction, f.Cost)
			}
			if f.Charged.IsNegative() || f.Charged.GreaterThan(f.Cost) {
				t.Fatalf("finding %d: charged %s outside 0…%s", f.Index, f.Charged, f.Cost)
			}
			if f.Charged.Exponent() < -2 {
				t.Fatalf("finding %d: charged %s not rounded to the cent", f.Index, f.Charged)
			}
		}
	})
}

func TestPropertyNetIsTheSumOfItsLines(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		v := Value(p, rules)
		sum := v.Km.Amount.Add(v.Late.Amount)
		for _, f := range v.Findings {
			sum = sum.Add(f.Charged).Add(f.Depreciation)
		}
		for _, f := range p.Fees {
			sum = sum.Add(f.Amount.Decimal.Mul(decimal.NewFromInt(max(f.Quantity, 1))))
		}
		if !v.Net.Equal(sum) {
			t.Fatalf("net %s ≠ sum of lines %s", v.Net, sum)
		}
		if !v.Gross.Equal(v.Net.Add(v.VAT)) {
			t.Fatalf("gross %s ≠ net %s + VAT %s", v.Gross, v.Net, v.VAT)
		}
		if p.IsResidual() && !v.Km.Amount.IsZero() {
			t.Fatalf("residual contract settles km: %s", v.Km.Amount)
		}
	})
}

func TestPropertyJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		first, err := Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		back, probs := decodeOnly(first, rules)
		if len(probs) > 0 {
			t.Fatalf("decode of encoded protocol: %v\n%s", probs, first)
		}
		second, err := Encode(back)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("round trip changed the protocol:\n%s\n---\n%s", first, second)
		}
		v1, v2 := Value(p, rules), Value(back, rules)
		if !v1.Gross.Equal(v2.Gross) {
			t.Fatalf("round trip changed the gross: %s → %s", v1.Gross, v2.Gross)
		}
	})
}

func TestPropertyCloneIsDeepAndEqual(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		yes := true
		p.Preconditions.Cleaned = &yes
		c := p.Clone()
		a, _ := Encode(p)
		b, _ := Encode(c)
		if !bytes.Equal(a, b) {
			t.Fatal("clone differs")
		}
		if len(c.Findings) > 0 {
			c.Findings[0].Note = "changed"
		}
		*c.Contract.AgreedKm = 1
		*c.Preconditions.Cleaned = false
		c.Fees = append(c.Fees, Fee{Label: "x"})
		if after, _ := Encode(p); !bytes.Equal(a, after) {
			t.Fatal("changing the clone changed the original")
		}
	})
}

// TestPropertyBasisFollowsTheCriterion: for every criterion of every built-in
// profile, on both input paths (interchange JSON without the flags repeated,
// and ApplyCriterion as the TUI and proposals use it), the basis is the one
// the criterion's marks give (RULES.md §3), for any cost and car.
func TestPropertyBasisFollowsTheCriterion(t *testing.T) {
	reg, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, prof := range reg.List() {
		for _, cat := range prof.Catalogue.Categories {
			for i := range cat.Criteria {
				crit := &cat.Criteria[i]
				want := BasisTable
				switch {
				case crit.Acceptable:
					want = BasisAcceptable
				case crit.SafetyRelevant:
					want = BasisSafety
				case crit.Accident:
					want = BasisAccident
				case crit.FullCharge:
					want = BasisFull
				}
				t.Run(prof.Ref()+"/"+crit.ID, func(t *testing.T) {
					rapid.Check(t, func(rt *rapid.T) {
						p := baseProtocol()
						p.Profile = prof.Ref()
						p.Return.OdometerKm = rapid.Int64Range(1, 400_000).Draw(rt, "km")
						p.Return.Date = p.Vehicle.FirstRegistration.AddMonths(rapid.IntRange(0, 120).Draw(rt, "months"))
						cost := genMoney(rt, "cost", 1_000_000)
						f := Finding{Category: cat.ID, Cost: decimal.NullDecimal{Decimal: cost, Valid: true}}
						ApplyCriterion(&f, crit)
						p.Findings = []Finding{f}
						checkBasis(rt, Value(p, prof).Findings[0], want, cost)
						q, probs := Decode(stripFlags(rt, p), prof)
						if len(probs) > 0 {
							rt.Fatalf("decode: %v", probs)
						}
						checkBasis(rt, Value(q, prof).Findings[0], want, cost)
					})
				})
			}
		}
	}
}

func checkBasis(t *rapid.T, fv FindingValue, want Basis, cost decimal.Decimal) {
	if fv.Basis != want {
		t.Fatalf("basis %s, want %s", fv.Basis, want)
	}
	full := want == BasisSafety || want == BasisAccident || want == BasisFull
	if full && !fv.Charged.Equal(cost) || want == BasisAcceptable && !fv.Charged.IsZero() {
		t.Fatalf("%s: charged %s of %s", want, fv.Charged, cost)
	}
}

// stripFlags encodes p and removes acceptable/safety_relevant/accident from
// its finding, as a back office that names only the rule would send it.
func stripFlags(t *rapid.T, p *Protocol) []byte {
	data, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, f := range m["findings"].([]any) {
		for _, k := range []string{"acceptable", "safety_relevant", "accident"} {
			delete(f.(map[string]any), k)
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
