package inspection

import (
	"fmt"

	"github.com/shopspring/decimal"

	"rueckgabe/money"
)

// Plausibility bounds of a protocol being recorded or imported: far above
// anything real, they keep a typing error (or a hostile file) from being
// valued, sealed and printed as a 35-digit sum. They are checked by Validate,
// not when a sealed protocol is verified or taken over (DecodeSealed): a
// bound added later never makes an old seal unreadable.
const (
	// MaxFeeQuantity bounds fees[].quantity (days of storage, reminders).
	MaxFeeQuantity = 10000
	// MaxFindings bounds the findings of one protocol. It is checked as
	// the file is read, sealed or not (a resource bound, like the file's 8
	// MiB): the TUI is measured with 5,000 findings, a real car has dozens.
	MaxFindings = 10000
)

var (
	// MaxAmount bounds one charged amount: a finding's cost and its cost
	// lines, a mercantile depreciation, a fee's unit price, the monthly
	// rate, the expert's cost.
	MaxAmount = decimal.NewFromInt(1_000_000)
	// MaxPrice bounds a price of the car itself: list price, value, dealer
	// net price, the delivery record's prices.
	MaxPrice = decimal.NewFromInt(10_000_000)
)

// validateBounds reports what lies outside the plausibility bounds.
func validateBounds(ps *Problems, p *Protocol) {
	dates := []struct {
		at string
		d  Date
	}{
		{"vehicle.first_registration", p.Vehicle.FirstRegistration},
		{"contract.end_date", p.Contract.EndDate},
		{"return.date", p.Return.Date},
		{"handover.date", p.Handover.Date},
		{"service.hu_due", p.Service.HUDue},
		{"service.hu_due_month", p.Service.HUMonth.d},
		{"service.service_due", p.Service.ServiceDue},
	}
	if p.Baseline != nil {
		dates = append(dates, struct {
			at string
			d  Date
		}{"baseline.date", p.Baseline.Date})
	}
	for _, x := range dates {
		if !x.d.IsZero() && !x.d.Plausible() {
			ps.Both(x.at, implausibleDate(x.d.String()), fmt.Sprintf("%s ist kein plausibles Datum (%d–%d)", x.d.German(), MinYear, MaxYear))
		}
	}
	amountCap(ps, "vehicle.list_price", p.Vehicle.ListPrice, MaxPrice)
	amountCap(ps, "vehicle.value", p.Vehicle.Value, MaxPrice)
	amountCap(ps, "contract.dealer_net_price", p.Contract.DealerNetPrice, MaxPrice)
	amountCap(ps, "contract.monthly_rate", p.Contract.MonthlyRate, MaxAmount)
	if r := p.DeliveryRecord; r != nil {
		amountCap(ps, "delivery_record.list_price", r.ListPrice, MaxPrice)
		for i, e := range r.Equipment {
			amountCap(ps, fmt.Sprintf("delivery_record.equipment[%d].unit_price", i), e.UnitPrice, MaxPrice)
		}
	}
	for i := range p.Findings {
		f := &p.Findings[i]
		at := fmt.Sprintf("findings[%d]", i)
		amountCap(ps, at+".cost", f.Cost, MaxAmount)
		amountCap(ps, at+".mercantile_depreciation", f.Depreciation.Amount, MaxAmount)
		for _, c := range []struct {
			k string
			d decimal.Decimal
		}{{"body_labour", f.Costs.BodyLabour}, {"parts", f.Costs.Parts}, {"paint_labour", f.Costs.PaintLabour}, {"paint_material", f.Costs.PaintMaterial}, {"flat", f.Costs.Flat}} {
			amountCap(ps, at+".costs."+c.k, decimal.NewNullDecimal(c.d), MaxAmount)
		}
	}
	for i, f := range p.Fees {
		at := fmt.Sprintf("fees[%d]", i)
		amountCap(ps, at+".amount", f.Amount, MaxAmount)
		if f.Quantity > MaxFeeQuantity {
			ps.Both(at+".quantity", fmt.Sprintf("%d is more than %d, the most a fee line counts", f.Quantity, MaxFeeQuantity),
				fmt.Sprintf("Anzahl %s ist mehr als %s", money.GermanInt(f.Quantity), money.GermanInt(MaxFeeQuantity)))
		}
	}
	if d := p.Dispute; d != nil {
		amountCap(ps, "dispute.expert_cost", d.ExpertCost, MaxAmount)
	}
}

func amountCap(ps *Problems, at string, d decimal.NullDecimal, most decimal.Decimal) {
	if d.Valid && d.Decimal.GreaterThan(most) {
		ps.Both(at, fmt.Sprintf("%s is more than %s, the most this amount may be", money.JSON(d.Decimal), money.JSON(most)),
			fmt.Sprintf("%s ist mehr als %s, der Höchstbetrag", money.Euro(d.Decimal), money.Euro(most)))
	}
}
