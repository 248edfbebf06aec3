package inspection

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"rueckgabe/money"
)

// The quote as encoding/json wrote it before quote.go wrote it without
// reflection: the reference TestPropertyQuoteIsEncodingJSON holds it to.
// The quote output of `rueckgabe quote` (PROTOCOL-JSON.md). Fields beyond the
// spec (explanations, taxable part) are additions; the spec's fields keep their
// meaning.
type (
	quoteJSON struct {
		Kind           string          `json:"kind,omitempty"`
		Profile        string          `json:"profile"`
		AgeMonths      int             `json:"age_months"`
		FactorRow      string          `json:"factor_row,omitempty"`
		Findings       []quoteFinding  `json:"findings"`
		Damages        quoteDamages    `json:"damages"`
		Km             quoteKm         `json:"km"`
		Late           quoteLate       `json:"late"`
		Fees           quoteFees       `json:"fees"`
		Net            string          `json:"net"`
		VAT            string          `json:"vat"`
		Gross          string          `json:"gross"`
		Taxable        string          `json:"taxable"`
		VATPercent     string          `json:"vat_percent"`
		DealerNetPrice string          `json:"dealer_net_price,omitempty"`
		Surcharge      *quoteSurcharge `json:"dealer_surcharge,omitempty"`
	}
	quoteSurcharge struct {
		Percent string `json:"percent"`
		Basis   string `json:"basis"`
		Amount  string `json:"amount"`
	}
	quoteFeeLine struct {
		Index       int    `json:"index"`
		Code        string `json:"code,omitempty"`
		Label       string `json:"label"`
		Quantity    int64  `json:"quantity"`
		UnitAmount  string `json:"unit_amount"`
		Amount      string `json:"amount"`
		Taxable     bool   `json:"taxable"`
		Explanation string `json:"explanation"`
	}
	quoteFinding struct {
		Index        int    `json:"index"`
		Rule         string `json:"rule,omitempty"` // on a measured finding: the criterion that judged it
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
		Taxable      bool   `json:"taxable"`
	}
	quoteKm struct {
		Driven      int64    `json:"driven"`
		Agreed      int64    `json:"agreed"`
		Deviation   int64    `json:"deviation"`
		BillableKm  int64    `json:"billable_km"`
		Rate        string   `json:"rate"`
		Amount      string   `json:"amount"`
		Explanation []string `json:"explanation"`
		Taxable     bool     `json:"taxable"`
	}
	quoteLate struct {
		Days        int64  `json:"days"`
		Amount      string `json:"amount"`
		Explanation string `json:"explanation"`
		Taxable     bool   `json:"taxable"`
	}
	quoteFees struct {
		Net     string         `json:"net"`
		Taxable string         `json:"taxable"`
		Lines   []quoteFeeLine `json:"lines"`
	}
)

// quoteJSONReflect is QuoteJSON by encoding/json.
func quoteJSONReflect(p *Protocol, v *Valuation) ([]byte, error) {
	q := quoteJSON{
		Kind:      p.Kind,
		Profile:   v.Profile,
		AgeMonths: v.AgeMonths,
		Findings:  make([]quoteFinding, len(v.Findings)),
		Damages:   quoteDamages{Cost: money.JSON(v.DamagesCost), Charged: money.JSON(v.DamagesCharged), Depreciation: money.JSON(v.Depreciation), Taxable: v.DamagesTaxable},
		Km: quoteKm{
			Driven: v.Km.Driven, Agreed: v.Km.Agreed, Deviation: v.Km.Deviation, BillableKm: v.Km.BillableKm,
			Rate: money.DotDecimal(v.Km.Rate, 4), Amount: money.JSON(v.Km.Amount), Explanation: v.Km.Steps, Taxable: true,
		},
		Late:       quoteLate{Days: v.Late.Days, Amount: money.JSON(v.Late.Amount), Explanation: v.Late.Explanation, Taxable: true},
		Fees:       quoteFees{Net: money.JSON(v.FeesNet), Taxable: money.JSON(v.FeesTaxable), Lines: make([]quoteFeeLine, len(v.Fees))},
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
	if s := v.Surcharge; s != nil {
		q.Surcharge = &quoteSurcharge{Percent: money.DotDecimal(s.Percent, 0), Basis: money.JSON(s.Basis), Amount: money.JSON(s.Amount)}
	}
	for i, f := range v.Fees {
		q.Fees.Lines[i] = quoteFeeLine{Index: f.Index, Code: f.Code, Label: f.Label, Quantity: f.Quantity, UnitAmount: money.JSON(f.UnitAmount),
			Amount: money.JSON(f.Amount), Taxable: f.Taxable, Explanation: f.Explanation}
	}
	for i, f := range v.Findings {
		q.Findings[i] = quoteFinding{
			Index: f.Index, Rule: ruleOf(p, f.Index), Cost: money.JSON(f.Cost), Percent: money.DotDecimal(f.Percent, 0),
			Charged: money.JSON(f.Charged), Deduction: money.JSON(f.Deduction), Basis: f.Basis, Explanation: f.Explanation,
		}
		if !f.Depreciation.IsZero() {
			q.Findings[i].Depreciation = money.JSON(f.Depreciation)
		}
	}
	return marshalIndent(q)
}

// QuoteJSON writes what encoding/json wrote, byte for byte, for random
// protocols with random texts where the quote repeats the protocol's.
func TestPropertyQuoteIsEncodingJSON(t *testing.T) {
	seen := map[string]bool{}
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		p.Kind = rapid.SampledFrom([]string{"", KindReturn, anyText(t, "kind")}).Draw(t, "kind")
		for i := range p.Fees {
			p.Fees[i].Label = anyText(t, "label")
			p.Fees[i].Code = rapid.SampledFrom([]string{"", "x", anyText(t, "code")}).Draw(t, "code")
		}
		if rapid.Bool().Draw(t, "value?") {
			p.Vehicle.Value = nd("18500.00")
		}
		if len(p.Findings) > 0 && rapid.Bool().Draw(t, "measured?") {
			p.Findings[0].Measurements = &Measurements{LengthMm: nd("12")}
			p.Findings[0].Rule = "lackierung.x1"
		}
		v := Value(p, rules)
		if rapid.Bool().Draw(t, "odd valuation?") {
			v.Km.Steps = nil
			v.Late.Explanation = anyText(t, "late")
			v.Profile = anyText(t, "profile")
			for i := range v.Findings {
				v.Findings[i].Explanation = anyText(t, "explanation")
				v.Findings[i].Percent = decimal.New(rapid.Int64Range(-10000, 10000).Draw(t, "percent"), -rapid.Int32Range(0, 4).Draw(t, "places"))
			}
		}
		got, err := QuoteJSON(p, &v)
		if err != nil {
			t.Fatal(err)
		}
		want, err := quoteJSONReflect(p, &v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("QuoteJSON\n%s\nencoding/json\n%s", got, want)
		}
		s := string(got)
		for _, k := range []string{`"kind"`, `"rule"`, `"factor_row"`, `"dealer_net_price"`, `"dealer_surcharge"`, `"mercantile_depreciation": "`, `"code"`, `"explanation": null`, `"lines": []`, `"findings": []`, `\u2028`, `\"`, `&`} {
			seen[k] = seen[k] || strings.Contains(s, k)
		}
	})
	for k, ok := range seen {
		if !ok {
			t.Errorf("no random quote had %s", k)
		}
	}
}

func TestQuoteOfTheSpecExampleIsEncodingJSON(t *testing.T) {
	p, probs := Decode(readFile(t, "testdata/spec-example.json"), rules)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	v := Value(p, rules)
	got, _ := QuoteJSON(p, &v)
	want, _ := quoteJSONReflect(p, &v)
	if !bytes.Equal(got, want) {
		t.Fatalf("QuoteJSON\n%s\nencoding/json\n%s", got, want)
	}
}
