package money

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// ToCents says which amounts it can hold exactly in int64 cents: at most two
// decimals, an exponent up to 4, at most 13 digits of cents. Its ok result is
// part of its contract — callers rely on it to fall back to decimals.
func TestToCentsBoundaries(t *testing.T) {
	cases := []struct {
		d     decimal.Decimal
		cents int64
		ok    bool
	}{
		{decimal.New(12345, -2), 12345, true},
		{decimal.New(5, -3), 0, false},                          // three decimals
		{decimal.New(7, 4), 7000000, true},                      // exponent 4
		{decimal.New(7, 5), 0, false},                           // exponent 5
		{decimal.New(9999999999999, -2), 9999999999999, true},   // 13 digits of cents
		{decimal.New(10000000000000, -2), 0, false},             // 14 digits
		{decimal.New(999999999, 2), 9999999990000, true},        // 9 digits at exponent 2: 13 in cents
		{decimal.New(1000000000000, 2), 0, false},               // too big at exponent 2
		{decimal.New(-9999999999999, -2), -9999999999999, true}, // negative, 13 digits
		{decimal.New(99999999999, 0), 9999999999900, true},      // 11 digits whole euros
		{decimal.New(100000000000, 0), 0, false},                // 12 digits whole euros: 14 in cents
	}
	for _, c := range cases {
		got, ok := ToCents(c.d)
		if ok != c.ok || (ok && got != c.cents) {
			t.Errorf("ToCents(%s) = %d, %v; want %d, %v", c.d, got, ok, c.cents, c.ok)
		}
	}
}

// 0 % and 100 % are everyday shares: they take the int64 path.
func TestShareOfZeroAndHundredPercentIsFast(t *testing.T) {
	for _, p := range []string{"0", "100", "0.01", "99.99"} {
		if _, fast := shareCents(decimal.RequireFromString("290.42"), decimal.RequireFromString(p)); !fast {
			t.Errorf("%s %% is not on the fast path", p)
		}
	}
	for _, p := range []string{"-0.01", "100.01"} {
		if _, fast := shareCents(decimal.RequireFromString("290.42"), decimal.RequireFromString(p)); fast {
			t.Errorf("%s %% took the fast path", p)
		}
	}
}

// A total of many large amounts leaves int64 before it could overflow.
func TestTotalOfHugeAmountsStaysExact(t *testing.T) {
	big := decimal.New(9999999999999, -2) // the largest amount on the fast path
	var tot Total
	for range 1_000_000 { // ~10^19 cents: beyond int64
		tot.Add(big)
	}
	want := big.Mul(decimal.NewFromInt(1_000_000))
	if got := tot.Value(); !got.Equal(want) {
		t.Fatalf("total %s, want %s", got, want)
	}
	var neg Total
	for range 1_000_000 {
		neg.Add(big.Neg())
	}
	if got := neg.Value(); !got.Equal(want.Neg()) {
		t.Fatalf("negative total %s, want %s", got, want.Neg())
	}
}

func TestParseLimitsAndHints(t *testing.T) {
	if _, err := ParseGerman("123.456.789.012.345"); err != nil {
		t.Errorf("15 grouped digits: %v", err)
	}
	if _, err := ParseGerman("1.234.567.890.123.456"); err == nil {
		t.Error("16 grouped digits accepted")
	}
	_, err := ParseJSONDecimal("x", 0)
	if err == nil || !strings.Contains(err.Error(), `"45"`) {
		t.Errorf("whole-number hint: %v", err)
	}
	_, err = ParseJSONDecimal("x", 4)
	if err == nil || !strings.Contains(err.Error(), `"0.5555"`) {
		t.Errorf("rate hint: %v", err)
	}
}

// Everyday totals stay in int64: adding allocates nothing (the valuation
// runs on every keystroke).
func TestTotalOfEverydayAmountsDoesNotAllocate(t *testing.T) {
	amount := decimal.New(29042, -2)
	var tot Total
	if n := testing.AllocsPerRun(100, func() { tot.Add(amount) }); n != 0 {
		t.Fatalf("%v allocations per Add", n)
	}
}

func TestGermanInt(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 62501: "62.501", -2501: "-2.501", 1234567: "1.234.567"} {
		if got := GermanInt(n); got != want {
			t.Errorf("GermanInt(%d) = %q, want %q", n, got, want)
		}
	}
}
