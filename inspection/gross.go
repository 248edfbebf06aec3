package inspection

import (
	"slices"

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
	g, _ := GrossAfter(p, rules, nil, nil, false)
	return g
}

// GrossMemo is what Gross found per finding of one revision of a protocol,
// so that the next revision's total values again only the findings that
// changed (GrossAfter). It is never changed once made, but by GrossInPlace
// for a caller that owns it.
type GrossMemo struct {
	rules               *catalog.Rules     // the profile the findings were valued by
	row                 *catalog.FactorRow // and its table row
	residual, delivery  bool
	charged, deprecated []int64 // per finding, cents
	// the rest of the total, which no finding enters (settleRest)
	km, late, feesNet, feesTaxable decimal.Decimal
}

// maxMemoCents bounds a finding's amounts in a memo, so that no sum of them
// leaves money.Total's whole cents and both ways add alike.
const maxMemoCents = 1e12

// GrossAfter is Gross(p, rules), and what it found per finding. Given the
// memo of p's previous revision and the indexes of the findings changed
// since (every other finding the same in every field), it values only
// those again and adds up the others' charges from the memo: a cost edit at
// 500 findings values one finding, not 500. Without a memo that fits (nil,
// another profile, table row, contract kind or number of findings) it
// values them all. sameRest says that nothing but the findings changed
// since the memo's revision (the protocol encodes the same outside its
// findings): km, late return and fees are then taken from the memo too, as
// valuing them writes their explanations. A property test compares it with
// Gross over runs of edits.
func GrossAfter(p *Protocol, rules *catalog.Rules, memo *GrossMemo, changed []int, sameRest bool) (decimal.Decimal, *GrossMemo) {
	return grossAfter(p, rules, memo, changed, sameRest, false)
}

// GrossInPlace is GrossAfter writing the memo it returns into memo's own
// memory when it fits: memo must be the caller's alone, and is not valid
// as it was afterwards. A save at 500 findings then copies no per-finding
// charges (issue 26). TestGrossAfterIsGross checks both.
func GrossInPlace(p *Protocol, rules *catalog.Rules, memo *GrossMemo, changed []int, sameRest bool) (decimal.Decimal, *GrossMemo) {
	return grossAfter(p, rules, memo, changed, sameRest, true)
}

func grossAfter(p *Protocol, rules *catalog.Rules, memo *GrossMemo, changed []int, sameRest, inPlace bool) (decimal.Decimal, *GrossMemo) {
	rules = ProfileOf(p, rules)
	v := Valuation{VATPercent: p.VAT(rules), DamagesTaxable: p.TaxesDamages(rules)}
	if !p.Vehicle.FirstRegistration.IsZero() && !p.Return.Date.IsZero() {
		v.AgeMonths = p.Vehicle.FirstRegistration.CompletedMonths(p.Return.Date)
	}
	row, _ := rules.Factors.Lookup(int64(v.AgeMonths), p.Return.OdometerKm)
	n := len(p.Findings)
	residual, delivery := p.IsResidual(), p.IsDelivery()
	reuse := memo != nil && memo.rules == rules && memo.row == row && memo.residual == residual &&
		memo.delivery == delivery && len(memo.charged) == n
	var next *GrossMemo
	switch {
	case reuse && inPlace:
		next = memo // the same profile, row, kind and findings: only the changed ones are written
	case reuse:
		next = &GrossMemo{rules: rules, row: row, residual: residual, delivery: delivery,
			charged: slices.Clone(memo.charged), deprecated: slices.Clone(memo.deprecated)}
	default:
		next = &GrossMemo{rules: rules, row: row, residual: residual, delivery: delivery,
			charged: make([]int64, n), deprecated: make([]int64, n)}
	}
	value := func(i int) bool {
		f := &p.Findings[i]
		_, percent := basisOf(p, f, rules.Catalogue, row)
		c, ok := fastCharge(f, percent)
		if !ok || c >= maxMemoCents || c <= -maxMemoCents {
			return false
		}
		next.charged[i], next.deprecated[i] = c, 0
		if d := f.Depreciation; d.Amount.Valid && !d.Amount.Decimal.IsZero() && !p.IsResidual() && !p.PreExisting(f) && !d.PaidByInsurer {
			dc, ok := money.ToCents(d.Amount.Decimal)
			if !ok || dc >= maxMemoCents || dc <= -maxMemoCents {
				return false
			}
			next.deprecated[i] = dc
		}
		return true
	}
	fits := true
	if reuse {
		for _, i := range changed {
			if i < 0 || i >= n || !value(i) {
				fits = false
				break
			}
		}
	} else {
		for i := range n {
			if !value(i) {
				fits = false
				break
			}
		}
	}
	var charged, depreciation money.Total
	if fits {
		for i := range n {
			charged.AddCents(next.charged[i])
			if next.deprecated[i] != 0 {
				depreciation.AddCents(next.deprecated[i])
			}
		}
	} else {
		// amounts beyond everyday size: every finding in decimals, no memo
		next = nil
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
	}
	v.DamagesCharged, v.Depreciation = charged.Value(), depreciation.Value()
	if sameRest && memo != nil && memo.rules == rules {
		v.Km.Amount, v.Late.Amount, v.FeesNet, v.FeesTaxable = memo.km, memo.late, memo.feesNet, memo.feesTaxable
	} else {
		v.settleRest(p, rules)
	}
	v.total()
	if next != nil {
		next.km, next.late, next.feesNet, next.feesTaxable = v.Km.Amount, v.Late.Amount, v.FeesNet, v.FeesTaxable
	}
	return v.Gross, next
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
