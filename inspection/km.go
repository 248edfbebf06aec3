package inspection

import (
	"fmt"

	"github.com/shopspring/decimal"

	"rueckgabe/money"
)

// KmValue is the extra/fewer km settlement (RULES.md §4) with its explanation.
type KmValue struct {
	Driven     int64
	Agreed     int64
	Deviation  int64           // driven − agreed
	BillableKm int64           // > 0 extra km charged, < 0 fewer km credited
	Rate       decimal.Decimal // € per km applied (surcharge included)
	Amount     decimal.Decimal // charge (> 0) or credit (< 0), rounded once
	Steps      []string        // German, one line per rule applied
	// NoReading: a km contract whose return odometer is not entered yet —
	// nothing is settled (not a credit for every agreed km) until it is.
	NoReading bool
}

// ExplainNoReading is the km explanation while the return odometer is missing.
const ExplainNoReading = "km-Stand bei Rückgabe fehlt: keine km-Abrechnung, bis er eingetragen ist"

// settleKm applies the contract's km rules. A residual contract has none.
func settleKm(p *Protocol) KmValue {
	if p.IsResidual() {
		return KmValue{Steps: []string{"Restwertvertrag: keine Mehr-/Minderkilometer-Abrechnung"}}
	}
	k := p.Contract.KmRules
	if k == nil || p.Contract.AgreedKm == nil {
		return KmValue{Steps: []string{"keine km-Regeln im Vertrag"}}
	}
	if p.Return.OdometerKm <= 0 { // missing (Validate: "fehlt"); sealing needs it
		return KmValue{Agreed: *p.Contract.AgreedKm, NoReading: true, Steps: []string{ExplainNoReading}}
	}
	v := KmValue{Driven: p.Return.OdometerKm - p.Vehicle.DeliveryOdometerKm, Agreed: *p.Contract.AgreedKm}
	v.Deviation = v.Driven - v.Agreed
	v.Steps = append(v.Steps, fmt.Sprintf("gefahren %s km (%s − %s), vereinbart %s km → Abweichung %s km",
		km(v.Driven), km(p.Return.OdometerKm), km(p.Vehicle.DeliveryOdometerKm), km(v.Agreed), signedKm(v.Deviation)))
	v.BillableKm = applyTolerance(&v, k)
	if v.Deviation >= 0 {
		v.Rate = extraRate(&v, k)
	} else {
		v.Rate = k.ReducedRate
		v.BillableKm = limitCredit(&v, k, p.Return.OdometerKm)
	}
	v.Amount = money.Round(decimal.NewFromInt(v.BillableKm).Mul(v.Rate))
	if v.BillableKm != 0 {
		v.Steps = append(v.Steps, fmt.Sprintf("%s km × %s €/km = %s", signedKm(v.BillableKm), money.GermanDecimal(v.Rate, 4), money.Euro(v.Amount)))
	}
	return v
}

// applyTolerance returns the billable km after the Freigrenze or Freibetrag.
func applyTolerance(v *KmValue, k *KmRules) int64 {
	if v.Deviation == 0 {
		v.Steps = append(v.Steps, "keine Abweichung → keine Abrechnung")
		return 0
	}
	if k.ToleranceKm == nil {
		return v.Deviation
	}
	tol := *k.ToleranceKm
	abs := v.Deviation
	sign := int64(1)
	if abs < 0 {
		abs, sign = -abs, -1
	}
	switch {
	case abs <= tol:
		v.Steps = append(v.Steps, fmt.Sprintf("innerhalb der Toleranz von %s km → keine Abrechnung", km(tol)))
		return 0
	case k.ToleranceMode == ToleranceAllowance:
		v.Steps = append(v.Steps, fmt.Sprintf("Freibetrag %s km bleibt unberücksichtigt → %s km abgerechnet", km(tol), km(abs-tol)))
		return sign * (abs - tol)
	default:
		v.Steps = append(v.Steps, fmt.Sprintf("Freigrenze %s km überschritten → alle %s km abgerechnet", km(tol), km(abs)))
		return v.Deviation
	}
}

// extraRate raises the extra-km rate when the extra km exceed the surcharge
// threshold ("um mehr als 10 %": strictly above).
func extraRate(v *KmValue, k *KmRules) decimal.Decimal {
	rate := k.ExtraRate
	if !k.SurchargeAbovePercent.Valid || !k.SurchargePercent.Valid || v.BillableKm <= 0 {
		return rate
	}
	limit := decimal.NewFromInt(v.Agreed).Mul(k.SurchargeAbovePercent.Decimal).Div(money.Hundred)
	if decimal.NewFromInt(v.Deviation).LessThanOrEqual(limit) {
		return rate
	}
	raised := rate.Mul(money.Hundred.Add(k.SurchargePercent.Decimal)).Div(money.Hundred)
	v.Steps = append(v.Steps, fmt.Sprintf("Mehr-km über %s der vereinbarten km (%s km) → Satz +%s: %s €/km",
		money.Percent(k.SurchargeAbovePercent.Decimal), money.GermanDecimal(limit, 0), money.Percent(k.SurchargePercent.Decimal), money.GermanDecimal(raised, 4)))
	return raised
}

// limitCredit applies the void limit and both caps to fewer km (billable < 0).
func limitCredit(v *KmValue, k *KmRules, odometer int64) int64 {
	credit := -v.BillableKm
	if credit == 0 {
		return 0
	}
	if k.ReducedVoidAboveKm != nil && odometer >= *k.ReducedVoidAboveKm {
		v.Steps = append(v.Steps, fmt.Sprintf("km-Stand %s ≥ %s km → keine Vergütung von Minder-km", km(odometer), km(*k.ReducedVoidAboveKm)))
		return 0
	}
	if k.ReducedCapKm != nil && credit > *k.ReducedCapKm {
		credit = *k.ReducedCapKm
		v.Steps = append(v.Steps, fmt.Sprintf("Minder-km begrenzt auf %s km", km(credit)))
	}
	if k.ReducedCapPercent.Valid {
		// at most this share of the agreed km, in whole km (never more than the cap)
		limit := decimal.NewFromInt(v.Agreed).Mul(k.ReducedCapPercent.Decimal).Div(money.Hundred).Floor().IntPart()
		if credit > limit {
			credit = limit
			v.Steps = append(v.Steps, fmt.Sprintf("Minder-km begrenzt auf %s der vereinbarten km = %s km", money.Percent(k.ReducedCapPercent.Decimal), km(limit)))
		}
	}
	return -credit
}

func km(v int64) string { return money.GermanInt(v) }

func signedKm(v int64) string {
	if v > 0 {
		return "+" + km(v)
	}
	return km(v)
}
