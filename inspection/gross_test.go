package inspection

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Gross is Value's gross on any protocol: overrides, residual contracts,
// depreciation, amounts beyond everyday size, taxed damages.
func TestGrossIsValuesGross(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		for i := range p.Findings {
			f := &p.Findings[i]
			if rapid.Bool().Draw(t, "odd amounts") {
				f.Cost = decimal.NullDecimal{Decimal: anyMoney(t, "cost"), Valid: true}
				f.FactorPercent = decimal.NullDecimal{Decimal: decimal.New(rapid.Int64Range(-10, 12000).Draw(t, "pct"), -2), Valid: rapid.Bool().Draw(t, "pct?")}
			}
			f.Depreciation.Amount = decimal.NullDecimal{Decimal: genMoney(t, "depr", 100_000), Valid: rapid.Bool().Draw(t, "depr?")}
		}
		if rapid.Bool().Draw(t, "taxed") {
			yes := true
			p.DamagesTaxable = &yes
		}
		want := Value(p, rules).Gross
		if got := Gross(p, rules); !got.Equal(want) {
			t.Fatalf("Gross %s, Value's %s", got, want)
		}
	})
}

func BenchmarkGross100(b *testing.B) {
	p := baseProtocol()
	for i := range 100 {
		p.Findings = append(p.Findings, Finding{Category: "karosserie", Part: "Tür", Repair: RepairRepair,
			Costs: Costs{BodyLabour: decimal.New(int64(12000+i), -2), PaintMaterial: decimal.New(4520, -2)}})
	}
	b.Run("Value", func(b *testing.B) {
		for b.Loop() {
			_ = Value(p, rules).Gross
		}
	})
	b.Run("Gross", func(b *testing.B) {
		for b.Loop() {
			_ = Gross(p, rules)
		}
	})
}

// TestGrossAfterIsGross: over runs of edits — a finding's cost, share,
// flags, depreciation changed, findings added or removed, the contract's
// kind, the return's date and odometer (another table row) changed — the
// total from the memo of the revision before, valuing only the changed
// findings again, is Gross's, to the cent and in the same digits; after an
// edit of findings alone, km, late return and fees come from the memo too.
// GrossInPlace, writing into the memo, gives the same.
func TestGrossAfterIsGross(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		_, memo := GrossAfter(p, rules, nil, nil, false)
		for step := range rapid.IntRange(1, 8).Draw(t, "edits") {
			var changed []int
			n := len(p.Findings)
			// nothing but findings changed: the rest of the total is the memo's
			sameRest := true
			switch k := rapid.IntRange(0, 9).Draw(t, "edit"); {
			case k <= 1 && n > 0:
				i := rapid.IntRange(0, n-1).Draw(t, "i")
				p.Findings[i].Cost = decimal.NullDecimal{Decimal: anyMoney(t, "cost"), Valid: rapid.Bool().Draw(t, "cost?")}
				changed = append(changed, i)
			case k == 2 && n > 0:
				i := rapid.IntRange(0, n-1).Draw(t, "i")
				f := &p.Findings[i]
				f.FactorPercent = decimal.NullDecimal{Decimal: decimal.New(rapid.Int64Range(-10, 12000).Draw(t, "pct"), -2), Valid: rapid.Bool().Draw(t, "pct?")}
				f.Acceptable, f.SafetyRelevant = rapid.Bool().Draw(t, "acceptable"), rapid.Bool().Draw(t, "safety")
				changed = append(changed, i)
			case k == 3 && n > 0:
				i := rapid.IntRange(0, n-1).Draw(t, "i")
				f := &p.Findings[i]
				f.Accident = true
				f.Depreciation = Depreciation{decimal.NullDecimal{Decimal: genMoney(t, "depr", 100_000), Valid: true}, rapid.Bool().Draw(t, "insured")}
				changed = append(changed, i)
			case k == 4:
				p.Findings = append(p.Findings, genFinding(t))
			case k == 5 && n > 0:
				p.Findings = p.Findings[:n-1]
			case k == 6:
				sameRest = false
				if p.Contract.Type == ContractResidual {
					p.Contract.Type = ContractKm
				} else {
					p.Contract.Type = ContractResidual
				}
			case k == 7:
				sameRest = false
				p.Return.OdometerKm += rapid.Int64Range(0, 100_000).Draw(t, "km")
				p.Return.Date = p.Return.Date.AddMonths(rapid.IntRange(0, 30).Draw(t, "months"))
			case k == 8 && n > 1:
				i, j := rapid.IntRange(0, n-1).Draw(t, "i"), rapid.IntRange(0, n-1).Draw(t, "j")
				p.Findings[i].Cost = decimal.NewNullDecimal(genMoney(t, "cost i", 500_000))
				p.Findings[j].Costs.Parts = genMoney(t, "parts j", 500_000)
				changed = append(changed, i, j)
			}
			want := Gross(p, rules)
			say := sameRest && rapid.IntRange(0, 3).Draw(t, "say same") > 0
			after := GrossAfter
			if rapid.Bool().Draw(t, "in place") {
				after = GrossInPlace // the memo is this test's alone
			}
			got, next := after(p, rules, memo, changed, say)
			if !got.Equal(want) || got.String() != want.String() {
				t.Fatalf("edit %d: GrossAfter %s, Gross %s", step, got, want)
			}
			memo = next
		}
	})
}
