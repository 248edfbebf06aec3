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
// it is absent where the schedule names no fixed price ("nach Aufwand").
// Taxable is false for the lines the source marks with "*".
type Fee struct {
	Code        string              `json:"code"`
	Label       string              `json:"label"`
	Description string              `json:"description"`
	Amount      decimal.NullDecimal `json:"amount"`
	Unit        string              `json:"unit,omitempty"`
	Taxable     bool                `json:"taxable"`
}

// Fee returns the fee with the given code.
func (s *FeeSchedule) Fee(code string) (Fee, bool) {
	for _, f := range s.Fees {
		if f.Code == code {
			return f, true
		}
	}
	return Fee{}, false
}
