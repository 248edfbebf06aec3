package inspection

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// anyText draws strings encoding/json must escape: quotes, backslashes,
// control characters, HTML characters, U+2028/U+2029, invalid UTF-8.
func anyText(t *rapid.T, label string) string {
	return rapid.OneOf(
		rapid.String(),
		rapid.StringOf(rapid.RuneFrom([]rune{'a', 'ü', '"', '\\', '\n', '\x00', '\x1f', '<', '>', '&', '\u2028', '\u2029', '🚗', '\b', '\f'})),
		rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }),
		rapid.Just(""),
	).Draw(t, label)
}

// anyPhoto draws an attached photo with hostile text where text is free.
func anyPhoto(t *rapid.T) Photo {
	return Photo{SHA256: anyText(t, "sha"), Size: rapid.Int64().Draw(t, "size"), Name: anyText(t, "photo name"),
		Type: anyText(t, "type"), TakenAt: anyText(t, "taken"), TakenFrom: anyText(t, "from")}
}

// anyMoney draws amounts of every size and precision, beyond everyday ones.
func anyMoney(t *rapid.T, label string) decimal.Decimal {
	return decimal.New(rapid.Int64().Draw(t, label), rapid.Int32Range(-4, 3).Draw(t, label+"exp"))
}

// TestFindingsEncodeAsEncodingJSONDoes: the hand-written findings encoder
// gives byte for byte what encoding/json gives for the wire findings.
func TestFindingsEncodeAsEncodingJSONDoes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var fs []Finding
		wire := []wireFinding{}
		for range rapid.IntRange(0, 4).Draw(t, "n") {
			f := genFinding(t)
			f.Category, f.Rule, f.Part, f.Damage = anyText(t, "category"), anyText(t, "rule"), anyText(t, "part"), anyText(t, "damage")
			f.Cause, f.Size, f.Repair, f.OverrideReason = anyText(t, "cause"), anyText(t, "size"), anyText(t, "repair"), anyText(t, "override")
			f.Note, f.NoChargeReason = anyText(t, "note"), anyText(t, "no charge")
			if rapid.Bool().Draw(t, "odd amounts") {
				f.Cost = decimal.NullDecimal{Decimal: anyMoney(t, "cost"), Valid: rapid.Bool().Draw(t, "cost?")}
				f.Costs.Parts = anyMoney(t, "parts")
				f.Depreciation = Depreciation{decimal.NullDecimal{Decimal: anyMoney(t, "depr"), Valid: rapid.Bool().Draw(t, "depr?")}, rapid.Bool().Draw(t, "insured")}
				f.FactorPercent = decimal.NullDecimal{Decimal: anyMoney(t, "factor"), Valid: rapid.Bool().Draw(t, "factor?")}
			}
			for range rapid.IntRange(0, 2).Draw(t, "photos") {
				f.Photos = append(f.Photos, anyText(t, "photo"))
			}
			for range rapid.IntRange(0, 2).Draw(t, "evidence") {
				f.Evidence = append(f.Evidence, anyPhoto(t))
			}
			fs = append(fs, f)
			wire = append(wire, findingToWire(&f))
		}
		want, err := json.Marshal(wire)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendFindings(nil, fs); !bytes.Equal(got, want) {
			t.Fatalf("\ngot  %s\nwant %s", got, want)
		}
	})
}

// TestEncodeCompactIsEncodingJSON: whole protocols, findings spliced in.
func TestEncodeCompactIsEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		p.Customer.Name = anyText(t, "name")
		for i := range p.Findings {
			p.Findings[i].Note = anyText(t, "note")
		}
		got, err := EncodeCompact(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(toWire(p))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("\ngot  %s\nwant %s", got, want)
		}
	})
}
