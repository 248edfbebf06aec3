package inspection

import (
	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/money"
)

// Gross is Value(p, rules).Gross, computed without the per-finding values a
// person reads (explanations, deductions): what the store's list summary
// needs on every save. Each finding's charge is summed in whole cents, with
// no allocation, whenever its amounts allow; a property test checks that it
// always equals Value's.
func Gross(p *Protocol, rules *catalog.Rules) decimal.Decimal {
	rules = ProfileOf(p, rules)
	v := Valuation{VATPercent: p.VAT(rules), DamagesTaxable: p.TaxesDamages(rules)}
	if !p.Vehicle.FirstRegistration.IsZero() && !p.Return.Date.IsZero() {
		v.AgeMonths = p.Vehicle.FirstRegistration.CompletedMonths(p.Return.Date)
	}
	row, _ := rules.Factors.Lookup(int64(v.AgeMonths), p.Return.OdometerKm)
	var charged, depreciation money.Total
	for i := range p.Findings {
		f := &p.Findings[i]
		_, percent := basisOf(p, f, rules.Catalogue, row)
		if c, ok := fastCharge(f, percent); ok {
			charged.AddCents(c)
		} else {
			charged.Add(money.Share(f.RepairCost(), percent))
		}
		if d := f.Depreciation; d.Amount.Valid && !d.Amount.Decimal.IsZero() && !p.IsResidual() && !p.PreExisting(f) && !d.PaidByInsurer {
			depreciation.Add(d.Amount.Decimal)
		}
	}
	v.DamagesCharged, v.Depreciation = charged.Value(), depreciation.Value()
	v.settle(p, rules)
	return v.Gross
}

// fastCharge is the charge in cents when the cost and the share are of
// everyday size (every real protocol).
func fastCharge(f *Finding, percent decimal.Decimal) (int64, bool) {
	bp, ok := money.ToCents(percent)
	if !ok || bp < 0 || bp > 100_00 {
		return 0, false
	}
	var cost int64
	if f.Cost.Valid {
		if cost, ok = money.ToCents(f.Cost.Decimal); !ok {
			return 0, false
		}
	} else {
		for _, line := range [5]decimal.Decimal{f.Costs.BodyLabour, f.Costs.Parts, f.Costs.PaintLabour, f.Costs.PaintMaterial, f.Costs.Flat} {
			c, ok := money.ToCents(line)
			if !ok {
				return 0, false
			}
			cost += c
		}
	}
	return money.ShareOfCents(cost, bp), true
}
