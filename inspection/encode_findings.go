package inspection

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"rueckgabe/money"
)

// The findings are most of a protocol and it is written on every save, so
// EncodeCompact writes them without reflection. The bytes are exactly what
// encoding/json writes for wireFinding (a property test compares the two on
// random findings): the rest of the document still goes through
// encoding/json, with the findings spliced in where it wrote a placeholder.

// findingsPlaceholder is what encoding/json writes for nil findings. It occurs
// once: the key is the protocol's own, and inside a string every quote is
// escaped, so these bytes cannot appear there.
var findingsPlaceholder = []byte(`"findings":null`)

func encodeCompact(p *Protocol) ([]byte, error) {
	head, err := json.Marshal(toWireHead(p))
	if err != nil {
		return nil, err
	}
	at := bytes.Index(head, findingsPlaceholder)
	if at < 0 {
		return json.Marshal(toWire(p))
	}
	at += len(findingsPlaceholder) - len("null")
	out := make([]byte, 0, len(head)+320*len(p.Findings))
	out = append(out, head[:at]...)
	out = appendFindings(out, p.Findings)
	return append(out, head[at+len("null"):]...), nil
}

func appendFindings(b []byte, fs []Finding) []byte {
	b = append(b, '[')
	for i := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFinding(b, &fs[i])
	}
	return append(b, ']')
}

// appendFinding writes what json.Marshal(findingToWire(f)) writes.
func appendFinding(b []byte, f *Finding) []byte {
	b = appendField(b, `{"category":`, f.Category)
	b = appendOmitEmpty(b, `,"rule":`, f.Rule)
	b = appendField(b, `,"part":`, f.Part)
	b = appendField(b, `,"damage":`, f.Damage)
	b = appendOmitEmpty(b, `,"cause":`, f.Cause)
	b = appendField(b, `,"size":`, f.Size)
	b = appendField(b, `,"repair":`, f.Repair)
	b = appendBool(append(b, `,"acceptable":`...), f.Acceptable)
	b = appendOmitEmpty(b, `,"override_reason":`, f.OverrideReason)
	b = appendBool(append(b, `,"safety_relevant":`...), f.SafetyRelevant)
	b = appendBool(append(b, `,"accident":`...), f.Accident)
	if f.FactorPercent.Valid {
		b = appendField(b, `,"factor_percent":`, optDecimal(f.FactorPercent, 0))
	}
	b = appendMoney(b, `,"cost":`, f.Cost)
	if c := costsToWire(f); c != nil {
		b = appendField(b, `,"costs":{"body_labour":`, c.BodyLabour)
		b = appendField(b, `,"parts":`, c.Parts)
		b = appendField(b, `,"paint_labour":`, c.PaintLabour)
		b = appendField(b, `,"paint_material":`, c.PaintMaterial)
		b = append(appendField(b, `,"flat":`, c.Flat), '}')
	}
	b = appendOmitEmpty(b, `,"no_charge_reason":`, f.NoChargeReason)
	b = appendMoney(b, `,"mercantile_depreciation":`, f.Depreciation.Amount)
	if f.Depreciation.PaidByInsurer {
		b = append(b, `,"depreciation_paid_by_insurer":true`...)
	}
	b = appendField(b, `,"note":`, f.Note)
	if len(f.Photos) > 0 {
		b = append(b, `,"photos":[`...)
		for i, p := range f.Photos {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, p)
		}
		b = append(b, ']')
	}
	if len(f.Evidence) > 0 {
		b = append(b, `,"evidence":[`...)
		for i := range f.Evidence {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPhoto(b, &f.Evidence[i])
		}
		b = append(b, ']')
	}
	if f.BaselineFinding != nil {
		b = strconv.AppendInt(append(b, `,"baseline_finding":`...), int64(*f.BaselineFinding), 10)
	}
	b = appendPlace(b, f)
	return append(b, '}')
}

// appendPhoto writes what json.Marshal(wirePhoto(*ph)) writes.
func appendPhoto(b []byte, ph *Photo) []byte {
	b = appendField(b, `{"sha256":`, ph.SHA256)
	b = strconv.AppendInt(append(b, `,"size":`...), ph.Size, 10)
	b = appendField(b, `,"name":`, ph.Name)
	b = appendField(b, `,"type":`, ph.Type)
	b = appendOmitEmpty(b, `,"taken_at":`, ph.TakenAt)
	b = appendOmitEmpty(b, `,"taken_from":`, ph.TakenFrom)
	return append(b, '}')
}

// appendMoney writes an amount that is set; money.JSON never needs escaping.
func appendMoney(b []byte, key string, d decimal.NullDecimal) []byte {
	if !d.Valid {
		return b
	}
	b = append(append(b, key...), '"')
	return append(money.AppendJSON(b, d.Decimal), '"')
}

func appendField(b []byte, key, s string) []byte {
	return appendString(append(b, key...), s)
}

func appendOmitEmpty(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendField(b, key, s)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendString copies runs that encoding/json copies unchanged and lets
// encoding/json itself write everything it escapes (quotes, backslashes,
// control characters, <, >, &, U+2028/U+2029, invalid UTF-8), so the rules
// for those stay the standard library's.
func appendString(b []byte, s string) []byte {
	if plain(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, err := json.Marshal(s)
	if err != nil { // a string always marshals; keep the bytes valid anyway
		q = []byte(`""`)
	}
	return append(b, q...)
}

// plain reports whether encoding/json writes s between quotes as it is.
func plain(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
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

// WrittenAlike reports whether two findings are stored as the same bytes:
// the same content, whatever the digits an amount was typed with (120 and
// 120.00 are one amount). The TUI asks it whether a finding being edited
// still is what it was.
func WrittenAlike(a, b *Finding) bool {
	return bytes.Equal(appendFinding(nil, a), appendFinding(nil, b))
}
