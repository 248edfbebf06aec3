package inspection

import (
	"github.com/shopspring/decimal"

	"rueckgabe/money"
)

// DealerSurchargePercent is what the lessor charges the dealer when the
// customer does not agree to the Minderwerte: 5 % of the vehicle value (BMW
// FS guide, step 7). Charged to the dealer, not part of the customer's net.
var DealerSurchargePercent = decimal.NewFromInt(5)

// DefaultExperts are the two experts a dispute offers unless the inspector
// names others; the first is preselected.
var DefaultExperts = []string{"DEKRA", "TÜV Süd"}

// NewDispute is a dispute with the default experts offered.
func NewDispute() *Dispute {
	return &Dispute{Experts: append([]string(nil), DefaultExperts...), Chosen: DefaultExperts[0]}
}

// DealerSurcharge is the surcharge of a disputed protocol: ok is false when
// there is no dispute or no vehicle value to take it from.
func DealerSurcharge(p *Protocol) (amount decimal.Decimal, ok bool) {
	if p.Dispute == nil || !p.Vehicle.Value.Valid {
		return decimal.Decimal{}, false
	}
	return money.Share(p.Vehicle.Value.Decimal, DealerSurchargePercent), true
}
