package inspection

import (
	"testing"
)

type kmCase struct {
	name     string
	odometer int64
	rules    func(k *KmRules)
	billable int64
	rate     string
	amount   string
}

func runKm(t *testing.T, cases []kmCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := baseProtocol() // agreed 60,000; extra 0.0850; reduced 0.0425
			p.Return.OdometerKm = c.odometer
			if c.rules != nil {
				c.rules(p.Contract.KmRules)
			}
			v := settleKm(p)
			if want := c.odometer - p.Vehicle.DeliveryOdometerKm; v.Driven != want {
				t.Errorf("driven %d, want %d", v.Driven, want)
			}
			if v.BillableKm != c.billable || !v.Rate.Equal(d(c.rate)) || !v.Amount.Equal(d(c.amount)) {
				t.Errorf("billable %d rate %s amount %s, want %d %s %s\n%v", v.BillableKm, v.Rate, v.Amount, c.billable, c.rate, c.amount, v.Steps)
			}
		})
	}
}

func threshold(tol int64) func(*KmRules) {
	return func(k *KmRules) { k.ToleranceKm, k.ToleranceMode = i64(tol), ToleranceThreshold }
}

func allowance(tol int64) func(*KmRules) {
	return func(k *KmRules) { k.ToleranceKm, k.ToleranceMode = i64(tol), ToleranceAllowance }
}

func TestKmPlain(t *testing.T) {
	runKm(t, []kmCase{
		{"exact", 60000, nil, 0, "0.0850", "0"},
		{"one extra km", 60001, nil, 1, "0.0850", "0.09"}, // 0.085 → half up
		{"extra", 63000, nil, 3000, "0.0850", "255.00"},
		{"fewer", 57000, nil, -3000, "0.0425", "-127.50"},
		{"one fewer km", 59999, nil, -1, "0.0425", "-0.04"}, // −0.0425 → −0.04
	})
}

func TestKmTolerance(t *testing.T) {
	runKm(t, []kmCase{
		// the source's example: 3,000 extra km give 3,000 (Freigrenze) vs 500 (Freibetrag)
		{"threshold 3000 extra", 63000, threshold(2500), 3000, "0.0850", "255.00"},
		{"allowance 3000 extra", 63000, allowance(2500), 500, "0.0850", "42.50"},
		{"threshold at tolerance", 62500, threshold(2500), 0, "0.0850", "0"},
		{"threshold at tolerance+1", 62501, threshold(2500), 2501, "0.0850", "212.59"},
		{"allowance at tolerance", 62500, allowance(2500), 0, "0.0850", "0"},
		{"allowance at tolerance+1", 62501, allowance(2500), 1, "0.0850", "0.09"},
		{"threshold fewer at tolerance", 57500, threshold(2500), 0, "0.0425", "0"},
		{"threshold fewer at tolerance+1", 57499, threshold(2500), -2501, "0.0425", "-106.29"}, // −106.2925
		{"allowance fewer at tolerance+1", 57499, allowance(2500), -1, "0.0425", "-0.04"},
	})
}

func TestKmCreditCapsAndVoid(t *testing.T) {
	capKm := func(n int64) func(*KmRules) { return func(k *KmRules) { k.ReducedCapKm = i64(n) } }
	capPct := func(p string) func(*KmRules) { return func(k *KmRules) { k.ReducedCapPercent = nd(p) } }
	void := func(n int64) func(*KmRules) { return func(k *KmRules) { k.ReducedVoidAboveKm = i64(n) } }
	both := func(k *KmRules) { capKm(5000)(k); capPct("10")(k) }
	runKm(t, []kmCase{
		{"cap km not reached", 50001, capKm(10000), -9999, "0.0425", "-424.96"}, // −424.9575
		{"cap km at", 50000, capKm(10000), -10000, "0.0425", "-425.00"},
		{"cap km exceeded", 40000, capKm(10000), -10000, "0.0425", "-425.00"},
		{"cap percent at", 54000, capPct("10"), -6000, "0.0425", "-255.00"},
		{"cap percent exceeded", 50000, capPct("10"), -6000, "0.0425", "-255.00"},
		{"cap percent fractional floors", 50000, capPct("10.5"), -6300, "0.0425", "-267.75"},
		// 10.001 % of 60,000 km = 6,000.6 km: the credit stops at whole km below
		{"cap percent fraction above half floors", 50000, capPct("10.001"), -6000, "0.0425", "-255.00"},
		{"both caps, km lower", 40000, both, -5000, "0.0425", "-212.50"},
		{"void below limit", 50000, void(60000), -10000, "0.0425", "-425.00"},
		{"extra km ignore caps", 70000, both, 10000, "0.0850", "850.00"},
	})
	// void limit uses the odometer at return: at or above → no credit
	t.Run("void at limit", func(t *testing.T) {
		p := baseProtocol()
		p.Vehicle.DeliveryOdometerKm = 130000 // used car: driven 50,000 of 60,000
		p.Return.OdometerKm = 180000
		p.Contract.KmRules.ReducedVoidAboveKm = i64(180000)
		if v := settleKm(p); v.BillableKm != 0 || !v.Amount.IsZero() {
			t.Errorf("at void limit: %+v", v)
		}
		p.Return.OdometerKm = 179999
		if v := settleKm(p); v.BillableKm != -10001 {
			t.Errorf("just below void limit: %+v", v)
		}
	})
}

func TestKmSurcharge(t *testing.T) {
	sur := func(k *KmRules) { k.SurchargeAbovePercent, k.SurchargePercent = nd("10"), nd("40") }
	surTol := func(k *KmRules) { sur(k); allowance(2500)(k) }
	runKm(t, []kmCase{
		{"at exactly 10 %", 66000, sur, 6000, "0.0850", "510.00"},
		{"just above 10 %", 66001, sur, 6001, "0.119", "714.12"}, // 714.119
		{"surcharge on all billable km", 70000, sur, 10000, "0.119", "1190.00"},
		// the surcharge threshold looks at the extra km, the rate then applies to the billable km
		{"with allowance", 66001, surTol, 3501, "0.119", "416.62"}, // 416.619
		{"fewer km never surcharged", 50000, sur, -10000, "0.0425", "-425.00"},
	})
}

func TestKmResidualAndMissingRules(t *testing.T) {
	p := baseProtocol()
	p.Contract.Type = ContractResidual
	p.Return.OdometerKm = 90000
	if v := settleKm(p); v.Driven != 0 || v.BillableKm != 0 || !v.Amount.IsZero() {
		t.Errorf("residual: %+v", v)
	}
	p = baseProtocol()
	p.Contract.KmRules = nil
	if v := settleKm(p); !v.Amount.IsZero() {
		t.Errorf("no rules: %+v", v)
	}
}

func TestKmExplanationSteps(t *testing.T) {
	p := baseProtocol()
	p.Return.OdometerKm = 66001
	p.Contract.KmRules.SurchargeAbovePercent, p.Contract.KmRules.SurchargePercent = nd("10"), nd("40")
	p.Contract.KmRules.ToleranceKm = i64(2500)
	want := []string{
		"gefahren 66.001 km (66.001 − 0), vereinbart 60.000 km → Abweichung +6.001 km",
		"Freigrenze 2.500 km überschritten → alle 6.001 km abgerechnet",
		"Mehr-km über 10 % der vereinbarten km (6.000 km) → Satz +40 %: 0,1190 €/km",
		"+6.001 km × 0,1190 €/km = 714,12 €",
	}
	got := settleKm(p).Steps
	if len(got) != len(want) {
		t.Fatalf("steps = %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("step %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// A km contract whose return odometer is not entered yet settles no km: the
// missing reading is not 0 km driven (a credit for every agreed km — −600 €
// with a 10 % cap on 60,000 km at 0.10 €/km), and Validate keeps it from
// being sealed, so no sealed protocol is valued this way.
func TestKmWithoutOdometerSettlesNothing(t *testing.T) {
	p := baseProtocol()
	p.Contract.KmRules.ReducedRate = d("0.1000")
	p.Contract.KmRules.ReducedCapPercent = nd("10")
	p.Return.OdometerKm = 0
	v := Value(p, rules)
	if !v.Km.Amount.IsZero() || v.Km.BillableKm != 0 || v.Km.Deviation != 0 || !v.Km.NoReading {
		t.Errorf("km without odometer: amount %s, billable %d, deviation %d, no reading %v; want nothing settled\n%v",
			v.Km.Amount, v.Km.BillableKm, v.Km.Deviation, v.Km.NoReading, v.Km.Steps)
	}
	if len(v.Km.Steps) != 1 || v.Km.Steps[0] != ExplainNoReading {
		t.Errorf("steps %q, want %q", v.Km.Steps, ExplainNoReading)
	}
	mustEqual(t, "net", v.Net, "0")
	mustEqual(t, "gross", v.Gross, "0")
	if ps := Validate(p, rules).At("return.odometer_km"); len(ps) == 0 {
		t.Error("Validate lets a return without odometer through: it could be sealed without its km settlement")
	}
	// the reading entered: the credit is settled as before
	p.Return.OdometerKm = 1
	v = Value(p, rules)
	mustEqual(t, "km with odometer 1", v.Km.Amount, "-600.00")
	if v.Km.NoReading {
		t.Error("NoReading with a reading")
	}
	// the incremental total agrees
	if g, _ := GrossAfter(p, rules, nil, nil, false); !g.Equal(v.Gross) {
		t.Errorf("GrossAfter %s, Value %s", g, v.Gross)
	}
	p.Return.OdometerKm = 0
	if g, _ := GrossAfter(p, rules, nil, nil, false); !g.IsZero() {
		t.Errorf("GrossAfter without odometer %s, want 0", g)
	}
}
