package inspection

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"rueckgabe/money"
)

// The quote output of `rueckgabe quote` (PROTOCOL-JSON.md). Fields beyond the
// spec (explanations, taxable part) are additions; the spec's fields keep their
// meaning. It is written without reflection, byte for byte what
// json.MarshalIndent (two spaces, no HTML escaping) wrote for the structs in
// quote_ref_test.go, which a property test compares it with: a sealed
// valuation is hashed, and verify and check write it again per bundle.

// QuoteJSON renders a valuation as the quote command prints it.
func QuoteJSON(p *Protocol, v *Valuation) ([]byte, error) {
	w := indentWriter{b: make([]byte, 0, 1024+512*len(v.Findings)+384*len(v.Fees))}
	w.open('{')
	if p.Kind != "" {
		w.str("kind", p.Kind)
	}
	w.str("profile", v.Profile)
	w.int("age_months", int64(v.AgeMonths))
	if v.FactorRow != nil {
		if row := v.FactorRow.Label(); row != "" {
			w.str("factor_row", row)
		}
	}
	w.key("findings")
	w.open('[')
	for _, f := range v.Findings {
		w.elem()
		w.open('{')
		w.int("index", int64(f.Index))
		if rule := ruleOf(p, f.Index); rule != "" {
			w.str("rule", rule)
		}
		w.money("cost", f.Cost)
		w.str("percent", money.DotDecimal(f.Percent, 0))
		w.money("charged", f.Charged)
		w.money("deduction", f.Deduction)
		w.str("basis", string(f.Basis))
		w.str("explanation", f.Explanation)
		if !f.Depreciation.IsZero() {
			w.money("mercantile_depreciation", f.Depreciation)
		}
		w.close('}')
	}
	w.close(']')
	w.key("damages")
	w.open('{')
	w.money("cost", v.DamagesCost)
	w.money("charged", v.DamagesCharged)
	w.money("mercantile_depreciation", v.Depreciation)
	w.bool("taxable", v.DamagesTaxable)
	w.close('}')
	w.key("km")
	w.open('{')
	w.int("driven", v.Km.Driven)
	w.int("agreed", v.Km.Agreed)
	w.int("deviation", v.Km.Deviation)
	w.int("billable_km", v.Km.BillableKm)
	w.str("rate", money.DotDecimal(v.Km.Rate, 4))
	w.money("amount", v.Km.Amount)
	w.key("explanation")
	if v.Km.Steps == nil {
		w.raw("null")
	} else {
		w.open('[')
		for _, s := range v.Km.Steps {
			w.elem()
			w.string(s)
		}
		w.close(']')
	}
	w.bool("taxable", true)
	w.close('}')
	w.key("late")
	w.open('{')
	w.int("days", v.Late.Days)
	w.money("amount", v.Late.Amount)
	w.str("explanation", v.Late.Explanation)
	w.bool("taxable", true)
	w.close('}')
	w.key("fees")
	w.open('{')
	w.money("net", v.FeesNet)
	w.money("taxable", v.FeesTaxable)
	w.key("lines")
	w.open('[')
	for _, f := range v.Fees {
		w.elem()
		w.open('{')
		w.int("index", int64(f.Index))
		if f.Code != "" {
			w.str("code", f.Code)
		}
		w.str("label", f.Label)
		w.int("quantity", f.Quantity)
		w.money("unit_amount", f.UnitAmount)
		w.money("amount", f.Amount)
		w.bool("taxable", f.Taxable)
		w.str("explanation", f.Explanation)
		w.close('}')
	}
	w.close(']')
	w.close('}')
	w.money("net", v.Net)
	w.money("vat", v.VAT)
	w.money("gross", v.Gross)
	w.money("taxable", v.Taxable)
	w.str("vat_percent", money.DotDecimal(v.VATPercent, 0))
	if p.IsResidual() && p.Contract.DealerNetPrice.Valid {
		w.money("dealer_net_price", p.Contract.DealerNetPrice.Decimal)
	}
	if s := v.Surcharge; s != nil {
		w.key("dealer_surcharge")
		w.open('{')
		w.str("percent", money.DotDecimal(s.Percent, 0))
		w.money("basis", s.Basis)
		w.money("amount", s.Amount)
		w.close('}')
	}
	w.close('}')
	return w.b, nil
}

// indentWriter writes JSON as json.MarshalIndent(v, "", "  ") does.
type indentWriter struct {
	b     []byte
	depth int
	first bool // nothing written yet in the open object or list
}

func (w *indentWriter) newline() {
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, ' ', ' ')
	}
}

func (w *indentWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

// close ends an object or list; an empty one stays "{}" or "[]".
func (w *indentWriter) close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.b = append(w.b, c)
	w.first = false
}

// elem starts an element of a list.
func (w *indentWriter) elem() {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.newline()
	w.first = false
}

// key starts a member of an object; keys are plain ASCII.
func (w *indentWriter) key(k string) {
	w.elem()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':', ' ')
}

func (w *indentWriter) raw(s string) { w.b = append(w.b, s...) }

func (w *indentWriter) str(k, s string) {
	w.key(k)
	w.string(s)
}

func (w *indentWriter) string(s string) { w.b = appendTextString(w.b, s) }

func (w *indentWriter) int(k string, n int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, n, 10)
}

func (w *indentWriter) bool(k string, v bool) {
	w.key(k)
	w.b = appendBool(w.b, v)
}

// money writes money.JSON(d), which never needs escaping.
func (w *indentWriter) money(k string, d decimal.Decimal) {
	w.key(k)
	w.b = append(w.b, '"')
	w.b = money.AppendJSON(w.b, d)
	w.b = append(w.b, '"')
}

// appendTextString writes s as encoding/json does without HTML escaping:
// plain runs as they are ("> 24 Monate", "Müller & Söhne"), everything it
// escapes (quotes, backslashes, control characters, U+2028/U+2029, invalid
// UTF-8) by encoding/json itself.
func appendTextString(b []byte, s string) []byte {
	if plainText(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) != nil { // a string always encodes; keep the bytes valid anyway
		return append(b, `""`...)
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// plainText reports whether encoding/json without HTML escaping writes s
// between quotes as it is.
func plainText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}
