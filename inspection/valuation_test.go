package inspection

import (
	"strings"
	"testing"
)

func TestWorkedExampleOfTheSource(t *testing.T) {
	// 900 € repair, older than 24 months, 120,000–150,000 km → 30 % → 270 €
	p := baseProtocol()
	p.Vehicle.FirstRegistration = date("2020-01-10")
	p.Return = Return{Date: date("2024-01-10"), OdometerKm: 140000}
	p.Contract.AgreedKm = i64(140000)
	p.Findings = []Finding{{Category: "karosserie", Rule: "karosserie.x2", Cost: nd("900.00")}}
	v := Value(p, rules)
	f := v.Findings[0]
	mustEqual(t, "percent", f.Percent, "30")
	mustEqual(t, "charged", f.Charged, "270.00")
	mustEqual(t, "deduction", f.Deduction, "630.00")
	if f.Basis != BasisTable || f.Explanation != "Tabelle: > 24 Monate, 120.001–150.000 km → 30 %" {
		t.Errorf("basis %s, explanation %q", f.Basis, f.Explanation)
	}
}

func TestBasisPrecedence(t *testing.T) {
	p := baseProtocol() // 36 months, 60,000 km → table 50 %
	cost := nd("100.00")
	p.Findings = []Finding{
		{Category: "lackierung", Acceptable: true, Cost: cost, FactorPercent: nd("80"), SafetyRelevant: true},
		{Category: "lackierung", Cost: cost, FactorPercent: nd("45"), SafetyRelevant: true},
		{Category: "verglasung_beleuchtung", Cost: cost, SafetyRelevant: true, Accident: true},
		{Category: "karosserie", Cost: cost, Accident: true},
		{Category: "karosserie", Cost: cost},
	}
	want := []struct {
		basis   Basis
		charged string
		explain string
	}{
		{BasisAcceptable, "0", "akzeptable Gebrauchsspur → 0 %"},
		{BasisOverride, "45", "Faktor vom Prüfer gesetzt: 45 % statt 100 % (sicherheitsrelevant)"},
		{BasisSafety, "100", "sicherheitsrelevant → 100 %"},
		{BasisAccident, "100", "nicht behobener Unfallschaden → 100 %"},
		{BasisTable, "50", "Tabelle: > 24 Monate, 50.001–100.000 km → 50 %"},
	}
	v := Value(p, rules)
	for i, w := range want {
		f := v.Findings[i]
		if f.Basis != w.basis || !f.Charged.Equal(d(w.charged)) || f.Explanation != w.explain {
			t.Errorf("finding %d: %s %s %q, want %s %s %q", i, f.Basis, f.Charged, f.Explanation, w.basis, w.charged, w.explain)
		}
	}
}

func TestChargedRoundsHalfUpOnce(t *testing.T) {
	p := baseProtocol()
	p.Findings = []Finding{{Category: "lackierung", FactorPercent: nd("45"),
		Costs: Costs{PaintLabour: d("235.20"), PaintMaterial: d("55.22")}}}
	v := Value(p, rules)
	mustEqual(t, "charged", v.Findings[0].Charged, "130.69") // 130.689
	mustEqual(t, "deduction", v.Findings[0].Deduction, "159.73")
	p.Findings[0] = Finding{Category: "lackierung", FactorPercent: nd("50"), Cost: nd("0.01")}
	mustEqual(t, "charged of a cent at 50 %", Value(p, rules).Findings[0].Charged, "0.01") // 0.005 → 0.01
}

func TestResidualContractChargesNoMinderwertAndNoKm(t *testing.T) {
	p := baseProtocol()
	p.Contract.Type = ContractResidual
	p.Contract.KmRules = nil
	p.Contract.DealerNetPrice = nd("15000.00")
	p.Return.OdometerKm = 90000
	p.Findings = []Finding{{Category: "karosserie", Cost: nd("500.00"), SafetyRelevant: true,
		Depreciation: Depreciation{Amount: nd("300.00")}}}
	v := Value(p, rules)
	if v.Findings[0].Basis != BasisResidual || !v.Findings[0].Charged.IsZero() || !v.Findings[0].Deduction.Equal(d("500")) {
		t.Errorf("residual finding = %+v", v.Findings[0])
	}
	if v.Km.Driven != 0 || v.Km.BillableKm != 0 || !v.Km.Amount.IsZero() || !v.Net.IsZero() || !v.Depreciation.IsZero() {
		t.Errorf("residual km/net = %+v, net %s", v.Km, v.Net)
	}
}

func TestMercantileDepreciation(t *testing.T) {
	p := baseProtocol()
	p.Findings = []Finding{
		{Category: "karosserie", Accident: true, Cost: nd("1000.00"), Depreciation: Depreciation{Amount: nd("400.00")}},
		{Category: "karosserie", Accident: true, Cost: nd("1000.00"), Depreciation: Depreciation{Amount: nd("400.00"), PaidByInsurer: true}},
	}
	v := Value(p, rules)
	mustEqual(t, "depreciation charged", v.Depreciation, "400.00")
	mustEqual(t, "net", v.Net, "2400.00")
	if !strings.Contains(v.Findings[1].DepreciationNote, "Versicherung") {
		t.Errorf("insured note = %q", v.Findings[1].DepreciationNote)
	}
}

func TestLateReturn(t *testing.T) {
	cases := []struct {
		end, ret string
		days     int64
		amount   string
	}{
		{"2024-03-31", "2024-03-31", 0, "0"},
		{"2024-03-31", "2024-03-30", 0, "0"}, // early: nothing
		{"2024-03-31", "2024-04-03", 3, "34.99"},
		{"2024-01-31", "2024-03-01", 30, "349.93"}, // across a leap February
		{"2023-12-31", "2024-01-01", 1, "11.66"},   // across a year end: 11.6643
		{"2024-02-28", "2024-03-01", 2, "23.33"},   // 29 Feb counts: 23.3287
		{"2024-03-31", "2024-05-15", 45, "524.90"}, // 524.895 → half up
	}
	for _, c := range cases {
		p := baseProtocol()
		p.Contract.EndDate, p.Return.Date = date(c.end), date(c.ret)
		v := Value(p, rules)
		if v.Late.Days != c.days || !v.Late.Amount.Equal(d(c.amount)) {
			t.Errorf("%s → %s: %d days %s, want %d days %s", c.end, c.ret, v.Late.Days, v.Late.Amount, c.days, c.amount)
		}
	}
}

func TestVATOnlyOnTaxableLines(t *testing.T) {
	p := baseProtocol()
	p.Fees = []Fee{
		{Code: "key_loss", Label: "Schlüsselverlust", Amount: nd("50.00")},
		{Code: "dunning", Label: "Mahnkosten", Amount: nd("2.00")},
	}
	p.Findings = []Finding{{Category: "lackierung", FactorPercent: nd("100"), Cost: nd("100.00")}}
	v := Value(p, rules)
	mustEqual(t, "net", v.Net, "152.00")
	mustEqual(t, "taxable", v.Taxable, "50.00") // damages are not taxable (RULES.md §6)
	mustEqual(t, "vat", v.VAT, "9.50")
	mustEqual(t, "gross", v.Gross, "161.50")

	p.VATPercent = nd("7")
	mustEqual(t, "vat at 7 %", Value(p, rules).VAT, "3.50")
	yes := true
	p.DamagesTaxable = &yes
	mustEqual(t, "damages taxed by the protocol's override", Value(p, rules).Taxable, "150.00")
}

func TestKmCreditReducesTheTaxablePart(t *testing.T) {
	p := baseProtocol()
	p.Return.OdometerKm = 59000 // 1,000 fewer km at 0.0425 → −42.50
	p.Fees = []Fee{{Label: "Abmeldung", Amount: nd("45.00")}}
	v := Value(p, rules)
	mustEqual(t, "km", v.Km.Amount, "-42.50")
	mustEqual(t, "taxable", v.Taxable, "2.50")
	mustEqual(t, "vat", v.VAT, "0.48") // 0.475 → half up
	mustEqual(t, "gross", v.Gross, "2.98")
}
