package catalog

import "github.com/shopspring/decimal"

// FeeSchedule is a lessor's list of fees the inspector may add to a protocol.
type FeeSchedule struct {
	Format  string `json:"format"`
	ID      string `json:"id"`
	Version string `json:"version"`
	Title   string `json:"title"`
	Source  string `json:"source"`
	Fees    []Fee  `json:"fees"`
}

// Fee is one line of the schedule. Amount is net and per Unit (e.g. per day);
// it is absent where the schedule names no fixed price ("nach Aufwand") or
// where the price is a share of the vehicle's list price (PercentOfListPrice).
// Taxable is false for the lines the source marks with "*".
type Fee struct {
	Code               string              `json:"code"`
	Label              string              `json:"label"`
	Description        string              `json:"description"`
	Amount             decimal.NullDecimal `json:"amount"`
	PercentOfListPrice decimal.NullDecimal `json:"percent_of_list_price,omitempty"`
	Unit               string              `json:"unit,omitempty"`
	Taxable            bool                `json:"taxable"`
}

// Priced reports whether the schedule itself says what the line costs.
func (f Fee) Priced() bool { return f.Amount.Valid || f.PercentOfListPrice.Valid }

// Fee returns the fee with the given code.
func (s *FeeSchedule) Fee(code string) (Fee, bool) {
	for _, f := range s.Fees {
		if f.Code == code {
			return f, true
		}
	}
	return Fee{}, false
}
