package inspection

import (
	"fmt"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/money"
)

// ExpertReportCode names the schedule line whose label and taxable flag the
// customer's half of an expert report takes, when the schedule has it.
const ExpertReportCode = "return_report"

// expertShare is the lessee's half of the expert report (RULES.md §7).
var expertShare = decimal.NewFromInt(50)

// valueFees prices every fee line from the schedule (RULES.md §5) and adds the
// customer's half of a chosen expert's report once its cost is entered.
func valueFees(p *Protocol, rules *catalog.Rules) []FeeValue {
	out := make([]FeeValue, 0, len(p.Fees)+1)
	for i := range p.Fees {
		out = append(out, valueFee(i, &p.Fees[i], &p.Vehicle, rules.Fees))
	}
	if fv, ok := expertFee(p, rules.Fees); ok {
		out = append(out, fv)
	}
	return out
}

func valueFee(i int, f *Fee, v *Vehicle, schedule *catalog.FeeSchedule) FeeValue {
	sched, known := schedule.Fee(f.Code)
	fv := FeeValue{Index: i, Code: f.Code, Label: f.Label, Quantity: max(f.Quantity, 1), Taxable: true}
	if f.Taxable != nil {
		fv.Taxable = *f.Taxable
	}
	if known {
		fv.Unit, fv.Taxable = sched.Unit, sched.Taxable // the schedule's flag is not the line's to flip
		if fv.Label == "" {
			fv.Label = sched.Label
		}
	}
	switch {
	case f.Amount.Valid:
		fv.UnitAmount, fv.Explanation = f.Amount.Decimal, "Betrag angegeben"
	case known && sched.Amount.Valid:
		fv.UnitAmount, fv.Explanation = sched.Amount.Decimal, "laut Gebührenliste "+schedule.ID
	case known && sched.PercentOfListPrice.Valid && v.ListPrice.Valid:
		fv.UnitAmount = money.Share(v.ListPrice.Decimal, sched.PercentOfListPrice.Decimal)
		fv.Explanation = fmt.Sprintf("%s vom Nettolistenpreis %s", money.Percent(sched.PercentOfListPrice.Decimal), money.Euro(v.ListPrice.Decimal))
	default:
		fv.Explanation = "Betrag fehlt"
	}
	fv.Amount = fv.UnitAmount.Mul(decimal.NewFromInt(fv.Quantity))
	if fv.Quantity > 1 {
		unit := fv.Unit
		if unit == "" {
			unit = "Stück"
		}
		fv.Explanation += fmt.Sprintf("; %d × %s je %s", fv.Quantity, money.Euro(fv.UnitAmount), unit)
	}
	if !fv.Taxable {
		fv.Explanation += "; nicht steuerbar"
	}
	return fv
}

func expertFee(p *Protocol, schedule *catalog.FeeSchedule) (FeeValue, bool) {
	d := p.Dispute
	if d == nil || d.Chosen == "" || !d.ExpertCost.Valid {
		return FeeValue{}, false
	}
	half := money.Share(d.ExpertCost.Decimal, expertShare)
	fv := FeeValue{Index: -1, Code: ExpertReportCode, Label: "Gutachten " + d.Chosen + ": Anteil Leasingnehmer 50 %", Quantity: 1, UnitAmount: half, Amount: half, Taxable: true,
		Explanation: fmt.Sprintf("Gutachtenkosten %s, Leasinggeber und Leasingnehmer je zur Hälfte", money.Euro(d.ExpertCost.Decimal))}
	if sched, ok := schedule.Fee(ExpertReportCode); ok {
		fv.Taxable = sched.Taxable
	}
	return fv, true
}

// dealerSurcharge is the lessor's surcharge to the dealer on a dispute.
func dealerSurcharge(p *Protocol, rules *catalog.Rules) *Surcharge {
	if p.Dispute == nil || !p.Vehicle.Value.Valid || rules.DealerSurchargePercent.IsZero() {
		return nil
	}
	return &Surcharge{Percent: rules.DealerSurchargePercent, Basis: p.Vehicle.Value.Decimal,
		Amount: money.Share(p.Vehicle.Value.Decimal, rules.DealerSurchargePercent)}
}
