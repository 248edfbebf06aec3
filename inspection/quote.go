package inspection

import (
	"rueckgabe/money"
)

// The quote output of `rueckgabe quote` (PROTOCOL-JSON.md). Fields beyond the
// spec (explanations, taxable part) are additions; the spec's fields keep their
// meaning.
type (
	quoteJSON struct {
		AgeMonths      int            `json:"age_months"`
		FactorRow      string         `json:"factor_row,omitempty"`
		Findings       []quoteFinding `json:"findings"`
		Damages        quoteDamages   `json:"damages"`
		Km             quoteKm        `json:"km"`
		Late           quoteLate      `json:"late"`
		Fees           quoteFees      `json:"fees"`
		Net            string         `json:"net"`
		VAT            string         `json:"vat"`
		Gross          string         `json:"gross"`
		Taxable        string         `json:"taxable"`
		VATPercent     string         `json:"vat_percent"`
		DealerNetPrice string         `json:"dealer_net_price,omitempty"`
	}
	quoteFinding struct {
		Index        int    `json:"index"`
		Cost         string `json:"cost"`
		Percent      string `json:"percent"`
		Charged      string `json:"charged"`
		Deduction    string `json:"deduction"`
		Basis        Basis  `json:"basis"`
		Explanation  string `json:"explanation"`
		Depreciation string `json:"mercantile_depreciation,omitempty"`
	}
	quoteDamages struct {
		Cost         string `json:"cost"`
		Charged      string `json:"charged"`
		Depreciation string `json:"mercantile_depreciation"`
	}
	quoteKm struct {
		Driven      int64    `json:"driven"`
		Agreed      int64    `json:"agreed"`
		Deviation   int64    `json:"deviation"`
		BillableKm  int64    `json:"billable_km"`
		Rate        string   `json:"rate"`
		Amount      string   `json:"amount"`
		Explanation []string `json:"explanation"`
	}
	quoteLate struct {
		Days        int64  `json:"days"`
		Amount      string `json:"amount"`
		Explanation string `json:"explanation"`
	}
	quoteFees struct {
		Net     string `json:"net"`
		Taxable string `json:"taxable"`
	}
)

// QuoteJSON renders a valuation as the quote command prints it.
func QuoteJSON(p *Protocol, v *Valuation) ([]byte, error) {
	q := quoteJSON{
		AgeMonths: v.AgeMonths,
		Findings:  make([]quoteFinding, len(v.Findings)),
		Damages:   quoteDamages{Cost: money.JSON(v.DamagesCost), Charged: money.JSON(v.DamagesCharged), Depreciation: money.JSON(v.Depreciation)},
		Km: quoteKm{
			Driven: v.Km.Driven, Agreed: v.Km.Agreed, Deviation: v.Km.Deviation, BillableKm: v.Km.BillableKm,
			Rate: money.DotDecimal(v.Km.Rate, 4), Amount: money.JSON(v.Km.Amount), Explanation: v.Km.Steps,
		},
		Late:       quoteLate{Days: v.Late.Days, Amount: money.JSON(v.Late.Amount), Explanation: v.Late.Explanation},
		Fees:       quoteFees{Net: money.JSON(v.FeesNet), Taxable: money.JSON(v.FeesTaxable)},
		Net:        money.JSON(v.Net),
		VAT:        money.JSON(v.VAT),
		Gross:      money.JSON(v.Gross),
		Taxable:    money.JSON(v.Taxable),
		VATPercent: money.DotDecimal(v.VATPercent, 0),
	}
	if v.FactorRow != nil {
		q.FactorRow = v.FactorRow.Label()
	}
	if p.IsResidual() {
		q.DealerNetPrice = optMoney(p.Contract.DealerNetPrice)
	}
	for i, f := range v.Findings {
		q.Findings[i] = quoteFinding{
			Index: f.Index, Cost: money.JSON(f.Cost), Percent: money.DotDecimal(f.Percent, 0),
			Charged: money.JSON(f.Charged), Deduction: money.JSON(f.Deduction), Basis: f.Basis, Explanation: f.Explanation,
		}
		if !f.Depreciation.IsZero() {
			q.Findings[i].Depreciation = money.JSON(f.Depreciation)
		}
	}
	return marshalIndent(q)
}
