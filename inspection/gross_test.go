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
