// Package money parses and formats euro amounts, rates and percentages as exact
// decimals. It is the one place that knows the German and the JSON notations, so
// the catalogue, the valuation and every screen agree on them.
package money

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Cent is the number of decimal places of a money amount.
const Cent = 2

// maxIntDigits bounds the integer part of any parsed number: no real amount,
// rate or odometer needs more, and it keeps hostile input cheap.
const maxIntDigits = 15

// Zero is 0.00 €.
var Zero = decimal.Zero

// Hundred is the divisor for percentages.
var Hundred = decimal.NewFromInt(100)

// SyntaxError says what was wrong with a number and how it should look.
type SyntaxError struct {
	Input string
	Hint  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%q is not an amount (use %q)", e.Input, e.Hint)
}

// RangeError is a number well written but with more than the 15 digits
// before the point any amount, rate or reading may have.
type RangeError struct {
	Input string
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("%q is too large (at most %d digits before the point)", e.Input, maxIntDigits)
}

// ParseJSON parses the interchange form of money: a dot-decimal string with at
// most two decimals ("1234.56", "40", "-12.5").
func ParseJSON(s string) (decimal.Decimal, error) {
	return parseDot(s, Cent, "12.50")
}

// ParseJSONDecimal parses a dot-decimal string with at most maxDecimals
// decimals, for rates and percentages ("0.0850", "45").
func ParseJSONDecimal(s string, maxDecimals int) (decimal.Decimal, error) {
	hint := "45"
	if maxDecimals > 0 {
		hint = "0." + strings.Repeat("5", min(maxDecimals, 4))
	}
	return parseDot(s, maxDecimals, hint)
}

func parseDot(s string, maxDecimals int, hint string) (decimal.Decimal, error) {
	bad := &SyntaxError{Input: s, Hint: hint}
	body := strings.TrimPrefix(s, "-")
	intPart, frac, hasDot := strings.Cut(body, ".")
	if !digitsOnly(intPart, 1, maxIntDigits) || (hasDot && !digitsOnly(frac, 1, maxDecimals)) {
		if digitsOnly(intPart, maxIntDigits+1, len(intPart)) && (!hasDot || digitsOnly(frac, 1, maxDecimals)) {
			return decimal.Zero, &RangeError{Input: s}
		}
		return decimal.Zero, bad
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Zero, bad
	}
	return d, nil
}

// ParseGerman parses money as a German user types it: "1.234,56", "1234,56",
// "40", "40,5", "-12,50", optionally followed by "€" or "EUR".
func ParseGerman(s string) (decimal.Decimal, error) {
	return ParseGermanDecimal(s, Cent)
}

// ParseGermanDecimal is ParseGerman for numbers with up to maxDecimals decimals
// (rates such as "0,0850 €/km", tread depths such as "1,6").
func ParseGermanDecimal(s string, maxDecimals int) (decimal.Decimal, error) {
	hint := "1.234,56"
	if maxDecimals != Cent {
		hint = "0," + strings.Repeat("5", max(1, min(maxDecimals, 4)))
	}
	bad := &SyntaxError{Input: s, Hint: hint}
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "€"), "EUR"))
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	intPart, frac, hasComma := strings.Cut(t, ",")
	intDigits, ok := ungroup(intPart)
	if !ok || (hasComma && !digitsOnly(frac, 1, maxDecimals)) {
		return decimal.Zero, bad
	}
	norm := intDigits
	if hasComma {
		norm += "." + frac
	}
	if neg {
		norm = "-" + norm
	}
	d, err := decimal.NewFromString(norm)
	if err != nil {
		return decimal.Zero, bad
	}
	return d, nil
}

// ungroup removes German thousands separators, which must group exactly three
// digits ("1.234.567"), and returns the bare digits.
func ungroup(s string) (string, bool) {
	groups := strings.Split(s, ".")
	if !digitsOnly(groups[0], 1, maxIntDigits) {
		return "", false
	}
	if len(groups) > 1 && (len(groups[0]) > 3 || groups[0][0] == '0') {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !digitsOnly(g, 3, 3) {
			return "", false
		}
	}
	digits := strings.Join(groups, "")
	return digits, len(digits) <= maxIntDigits
}

func digitsOnly(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// JSON formats money for the interchange format: exactly two decimals, dot.
func JSON(d decimal.Decimal) string {
	var buf [24]byte
	return string(AppendJSON(buf[:0], d))
}

// AppendJSON appends JSON(d) to b. Everyday amounts are written from whole
// cents without big-number arithmetic: every amount of a protocol is written
// on every save, and StringFixed's big.Int text conversion was most of the
// encoding time.
func AppendJSON(b []byte, d decimal.Decimal) []byte {
	c, ok := ToCents(d)
	if !ok {
		return append(b, d.StringFixed(Cent)...)
	}
	u := uint64(c)
	if c < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendUint(b, u/100, 10)
	frac := u % 100
	return append(b, '.', byte('0'+frac/10), byte('0'+frac%10))
}

// German formats money for people: "1.234,56" (no currency sign).
func German(d decimal.Decimal) string {
	return germanFixed(d, Cent)
}

// Euro formats money for people with the currency: "1.234,56 €".
func Euro(d decimal.Decimal) string {
	return German(d) + " €"
}

// GermanInt is a whole number German style: "62.501" (kilometres, counts).
// The one place that formats them for people.
func GermanInt(n int64) string { return germanFixed(decimal.NewFromInt(n), 0) }

// GermanDecimal formats a rate or measure German style with at least minPlaces
// decimals and as many more as it has ("0,0850", "1,6").
func GermanDecimal(d decimal.Decimal, minPlaces int32) string {
	return germanFixed(d, Places(d, minPlaces))
}

// Percent formats a percentage German style without needless zeros ("45", "12,5").
func Percent(d decimal.Decimal) string {
	return germanFixed(d, Places(d, 0)) + " %"
}

// Places is the number of decimals needed to show d exactly, at least minPlaces.
func Places(d decimal.Decimal, minPlaces int32) int32 {
	places := minPlaces
	if exp := -d.Exponent(); exp > places {
		// trailing zeros beyond minPlaces say nothing
		trimmed := decimal.RequireFromString(d.String())
		places = max(minPlaces, -trimmed.Exponent())
	}
	return places
}

// DotDecimal formats a rate or percentage for JSON with at least minPlaces decimals.
func DotDecimal(d decimal.Decimal, minPlaces int32) string {
	return d.StringFixed(Places(d, minPlaces))
}

func germanFixed(d decimal.Decimal, places int32) string {
	s := d.StringFixed(places)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// Round rounds to the cent, half away from zero (kaufmännisch).
func Round(d decimal.Decimal) decimal.Decimal {
	return d.Round(Cent)
}

// Share returns cost × percent / 100 rounded to the cent. Dividing by 100 is
// a decimal shift: exact, and far cheaper than a general division.
func Share(cost, percent decimal.Decimal) decimal.Decimal {
	if s, ok := shareCents(cost, percent); ok {
		return s
	}
	return shareDecimal(cost, percent)
}

func shareDecimal(cost, percent decimal.Decimal) decimal.Decimal {
	return Round(cost.Mul(percent).Shift(-2))
}
