package money

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestParseGerman(t *testing.T) {
	ok := map[string]string{
		"1.234,56":         "1234.56",
		"1234,56":          "1234.56",
		"40":               "40",
		"40,5":             "40.5",
		"-12,50":           "-12.5",
		"0,01":             "0.01",
		" 1.234.567,89 € ": "1234567.89",
		"99 EUR":           "99",
		"1.000":            "1000",
	}
	for in, want := range ok {
		got, err := ParseGerman(in)
		if err != nil {
			t.Errorf("ParseGerman(%q): %v", in, err)
			continue
		}
		if !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("ParseGerman(%q) = %s, want %s", in, got, want)
		}
	}
	bad := []string{"", "-", ",5", "12,", "12,345", "12.50", "1.23,4", "1,2,3", "12,5x", "abc",
		"1..234", "01.234", "1234.567", "+5", "1 234", "0x10", "1e3", "١٢", "1234567890123456"}
	for _, in := range bad {
		if d, err := ParseGerman(in); err == nil {
			t.Errorf("ParseGerman(%q) = %s, want error", in, d)
		}
	}
}

func TestParseGermanErrorNamesTheForm(t *testing.T) {
	_, err := ParseGerman("12.50")
	if err == nil || err.Error() != `"12.50" is not an amount (use "1.234,56")` {
		t.Fatalf("error = %v", err)
	}
}

func TestParseJSON(t *testing.T) {
	for in, want := range map[string]string{"290.42": "290.42", "40": "40", "-12.5": "-12.5", "0": "0", "0.05": "0.05"} {
		got, err := ParseJSON(in)
		if err != nil || !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("ParseJSON(%q) = %s, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "12,50", "1.234", "1e2", ".5", "5.", "+1", " 1", "NaN", "--1", "1.2.3", "1234567890123456"} {
		if _, err := ParseJSON(in); err == nil {
			t.Errorf("ParseJSON(%q): want error", in)
		}
	}
	if _, err := ParseJSONDecimal("0.0850", 4); err != nil {
		t.Errorf("rate with 4 decimals: %v", err)
	}
	if _, err := ParseJSONDecimal("0.08505", 4); err == nil {
		t.Error("rate with 5 decimals accepted at max 4")
	}
}

func TestFormat(t *testing.T) {
	cases := []struct{ in, german, euro, json string }{
		{"1234.56", "1.234,56", "1.234,56 €", "1234.56"},
		{"0", "0,00", "0,00 €", "0.00"},
		{"-1234567.8", "-1.234.567,80", "-1.234.567,80 €", "-1234567.80"},
		{"999", "999,00", "999,00 €", "999.00"},
		{"1000", "1.000,00", "1.000,00 €", "1000.00"},
	}
	for _, c := range cases {
		d := decimal.RequireFromString(c.in)
		if got := German(d); got != c.german {
			t.Errorf("German(%s) = %q, want %q", c.in, got, c.german)
		}
		if got := Euro(d); got != c.euro {
			t.Errorf("Euro(%s) = %q, want %q", c.in, got, c.euro)
		}
		if got := JSON(d); got != c.json {
			t.Errorf("JSON(%s) = %q, want %q", c.in, got, c.json)
		}
	}
	if got := GermanDecimal(decimal.RequireFromString("0.0850"), 4); got != "0,0850" {
		t.Errorf("GermanDecimal rate = %q", got)
	}
	if got := GermanDecimal(decimal.RequireFromString("0.119"), 4); got != "0,1190" {
		t.Errorf("GermanDecimal surcharged rate = %q", got)
	}
	if got := Percent(decimal.RequireFromString("12.50")); got != "12,5 %" {
		t.Errorf("Percent = %q", got)
	}
	if got := DotDecimal(decimal.RequireFromString("0.11900"), 4); got != "0.1190" {
		t.Errorf("DotDecimal = %q", got)
	}
}

func TestRoundHalfAwayFromZero(t *testing.T) {
	for in, want := range map[string]string{"130.689": "130.69", "0.005": "0.01", "-0.005": "-0.01", "0.0049": "0", "212.585": "212.59", "-212.585": "-212.59"} {
		if got := Round(decimal.RequireFromString(in)); !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("Round(%s) = %s, want %s", in, got, want)
		}
	}
	if got := Share(decimal.RequireFromString("900"), decimal.NewFromInt(30)); !got.Equal(decimal.NewFromInt(270)) {
		t.Errorf("Share(900, 30) = %s", got)
	}
}

// cents draws an amount with exactly two decimals over a wide range.
func cents(t *rapid.T) decimal.Decimal {
	return decimal.New(rapid.Int64Range(-99_999_999_999_99, 99_999_999_999_99).Draw(t, "cents"), -2)
}

func TestGermanRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := cents(t)
		for _, s := range []string{German(d), Euro(d)} {
			back, err := ParseGerman(s)
			if err != nil {
				t.Fatalf("ParseGerman(%q): %v", s, err)
			}
			if !back.Equal(d) {
				t.Fatalf("round trip %s → %q → %s", d, s, back)
			}
		}
	})
}

func TestJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := cents(t)
		back, err := ParseJSON(JSON(d))
		if err != nil || !back.Equal(d) {
			t.Fatalf("round trip %s → %q → %s, %v", d, JSON(d), back, err)
		}
	})
}

func FuzzParseGerman(f *testing.F) {
	for _, s := range []string{"1.234,56", "40", "-12,5", "12.50", "", "€", "1.2.3,4", "9999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseGerman(s)
		if err != nil {
			return
		}
		if d.Exponent() < -Cent {
			t.Fatalf("%q parsed with more than two decimals: %s", s, d)
		}
		back, err := ParseGerman(German(d))
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q → %s does not round-trip: %v", s, d, err)
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{"290.42", "40", "-12.5", "1e9", "", "0.001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseJSON(s)
		if err != nil {
			return
		}
		back, err := ParseJSON(JSON(d))
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q → %s does not round-trip: %v", s, d, err)
		}
	})
}

// The exact half cent decides the rounding direction in the int64 fast path
// as in decimal arithmetic: half away from zero.
func TestShareHalfCentBoundary(t *testing.T) {
	cases := []struct{ cost, percent, want string }{
		{"0.01", "50", "0.01"},     // 0.005 → 0.01
		{"-0.01", "50", "-0.01"},   // −0.005 → −0.01
		{"0.03", "50", "0.02"},     // 0.015 → 0.02
		{"1.00", "0.5", "0.01"},    // 0.005 → 0.01
		{"1.00", "0.49", "0.00"},   // 0.0049 → 0.00
		{"0.99", "50.51", "0.50"},  // 0.500049 → 0.50
		{"-1.00", "0.5", "-0.01"},  // −0.005 → −0.01
		{"-1.00", "0.49", "0.00"},  // −0.0049 → 0.00
		{"2.01", "50", "1.01"},     // 1.005 → 1.01
		{"290.42", "45", "130.69"}, // 130.689 → 130.69
	}
	for _, c := range cases {
		cost, pct := decimal.RequireFromString(c.cost), decimal.RequireFromString(c.percent)
		if _, fast := shareCents(cost, pct); !fast {
			t.Fatalf("%s × %s%% did not take the fast path", c.cost, c.percent)
		}
		if got := Share(cost, pct); !got.Equal(decimal.RequireFromString(c.want)) {
			t.Errorf("Share(%s, %s%%) = %s, want %s", c.cost, c.percent, got, c.want)
		}
	}
}

// TestFastPathsAgreeWithDecimal checks that the int64 cent paths give exactly
// what decimal arithmetic gives, over everyday and huge values.
func TestFastPathsAgreeWithDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		exp := rapid.Int32Range(-2, 3).Draw(t, "exp")
		cost := decimal.New(rapid.Int64().Draw(t, "cost"), exp)
		percent := decimal.New(rapid.Int64Range(0, 10000).Draw(t, "percent"), -2)
		if got, want := Share(cost, percent), shareDecimal(cost, percent); !got.Equal(want) {
			t.Fatalf("Share(%s, %s) = %s, decimal gives %s", cost, percent, got, want)
		}
		a, b := cents(t), decimal.New(rapid.Int64().Draw(t, "big"), exp)
		want := a.Add(b).Add(a).Add(a).Add(b)
		if got := Sum(a, b, a, a, b); !got.Equal(want) {
			t.Fatalf("Sum = %s, decimal gives %s", got, want)
		}
	})
}

// JSON formats everyday amounts from whole cents; it must write exactly what
// decimal's own StringFixed writes, for every size, sign and exponent.
func TestJSONFastPathAgreesWithDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := decimal.New(rapid.Int64().Draw(t, "coefficient"), rapid.Int32Range(-6, 6).Draw(t, "exp"))
		if got, want := JSON(d), d.StringFixed(Cent); got != want {
			t.Fatalf("JSON(%s) = %q, decimal gives %q", d, got, want)
		}
	})
	for _, c := range []int64{0, 1, -1, 5, -5, 99, -99, 100, -100, 12345, -12345, math.MaxInt64, math.MinInt64} {
		d := decimal.New(c, -Cent)
		if got, want := JSON(d), d.StringFixed(Cent); got != want {
			t.Errorf("JSON(%s) = %q, decimal gives %q", d, got, want)
		}
	}
}

func TestTotalAndDiffAgreeWithDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var tot Total
		want := decimal.Zero
		for _, x := range rapid.SliceOfN(rapid.Int64(), 0, 20).Draw(t, "amounts") {
			d := decimal.New(x, rapid.Int32Range(-3, 2).Draw(t, "exp"))
			tot.Add(d)
			want = want.Add(d)
		}
		if got := tot.Value(); !got.Equal(want) {
			t.Fatalf("Total = %s, want %s", got, want)
		}
		a, b := cents(t), decimal.New(rapid.Int64().Draw(t, "b"), rapid.Int32Range(-4, 2).Draw(t, "bexp"))
		if got := Diff(a, b); !got.Equal(a.Sub(b)) {
			t.Fatalf("Diff(%s, %s) = %s", a, b, got)
		}
	})
}

// A number with more digits than any may have says it is too large, not
// that it is no amount; a malformed one still says how to write it.
func TestTooManyDigitsIsTooLarge(t *testing.T) {
	for in, want := range map[string]string{
		"9999999999999999.99":  `"9999999999999999.99" is too large (at most 15 digits before the point)`,
		"9999999999999999":     `"9999999999999999" is too large (at most 15 digits before the point)`,
		"9999999999999999.999": `"9999999999999999.999" is not an amount (use "12.50")`,
		"12,5x":                `"12,5x" is not an amount (use "12.50")`,
	} {
		if _, err := ParseJSON(in); err == nil || err.Error() != want {
			t.Errorf("%s: %v", in, err)
		}
	}
	if d, err := ParseJSON("999999999999999.99"); err != nil || d.String() != "999999999999999.99" {
		t.Errorf("15 digits: %v %v", d, err)
	}
}
