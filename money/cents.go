package money

import (
	"math"

	"github.com/shopspring/decimal"
)

// The valuation runs on every keystroke, and big-number arithmetic allocates on
// every operation. These helpers compute exactly in int64 cents when the values
// are of everyday size and fall back to decimal arithmetic otherwise, so the
// result is the same either way (a property test checks it).

const maxFastDigits = 13 // 10^13 cents = 100 billion €; products stay below 2^63

// ToCents returns d in whole cents when d has at most two decimals and is of
// everyday size.
func ToCents(d decimal.Decimal) (int64, bool) {
	e := d.Exponent()
	if e < -Cent || e > 4 || d.NumDigits() > maxFastDigits-int(e)-Cent {
		return 0, false
	}
	c := d.CoefficientInt64()
	for ; e > -Cent; e-- {
		c *= 10
	}
	return c, true
}

// FromCents makes a money amount from whole cents.
func FromCents(c int64) decimal.Decimal {
	if c == 0 {
		return zeroCents // no allocation: a finding charged in full has no deduction
	}
	return decimal.New(c, -Cent)
}

// zeroCents is shared; decimals are never changed in place.
var zeroCents = decimal.New(0, -Cent)

// Sum adds money amounts exactly: in whole cents while every amount has at
// most two decimals and the total fits, else as decimals.
func Sum(xs ...decimal.Decimal) decimal.Decimal {
	var total int64
	for _, x := range xs {
		ct, ok := ToCents(x)
		if !ok || (ct > 0 && total > math.MaxInt64-ct) || (ct < 0 && total < math.MinInt64-ct) {
			return sumDecimal(xs)
		}
		total += ct
	}
	return FromCents(total)
}

func sumDecimal(xs []decimal.Decimal) decimal.Decimal {
	sum := decimal.Zero
	for _, x := range xs {
		sum = sum.Add(x)
	}
	return sum
}

// shareCents computes round(cost × percent / 100) in cents, half away from zero,
// when percent has at most two decimals and both are of everyday size.
func shareCents(cost, percent decimal.Decimal) (decimal.Decimal, bool) {
	c, ok := ToCents(cost)
	if !ok {
		return decimal.Decimal{}, false
	}
	bp, ok := ToCents(percent) // percent in hundredths: 45 % → 4500
	if !ok || bp < 0 || bp > 100_00 {
		return decimal.Decimal{}, false
	}
	if bp == 100_00 {
		return cost, true // the whole amount: nothing to round, nothing to allocate
	}
	return FromCents(ShareOfCents(c, bp)), true
}

// ShareOfCents is round(cents × bp / 10,000), half away from zero: a share
// of bp hundredths of a percent (45 % = 4500) of an amount in cents, as Share
// rounds it. Callers keep cents × bp below 2^63 (ToCents' bound does).
func ShareOfCents(cents, bp int64) int64 {
	p := cents * bp // cents × hundredths of a percent; /10_000 gives cents
	q, r := p/10_000, p%10_000
	if r >= 5_000 {
		q++
	} else if r <= -5_000 {
		q--
	}
	return q
}

// Total accumulates money exactly: in int64 cents while the amounts allow,
// in decimal arithmetic from the first one that does not.
type Total struct {
	cents int64
	slow  bool
	dec   decimal.Decimal
}

const maxFastTotal = 1e17

// Add adds an amount to the total.
func (t *Total) Add(d decimal.Decimal) {
	if !t.slow {
		if c, ok := ToCents(d); ok && abs(t.cents) < maxFastTotal {
			t.cents += c
			return
		}
		t.slow, t.dec = true, FromCents(t.cents)
	}
	t.dec = t.dec.Add(d)
}

// AddCents adds an amount in whole cents.
func (t *Total) AddCents(c int64) {
	if !t.slow && abs(t.cents) < maxFastTotal {
		t.cents += c
		return
	}
	t.Add(FromCents(c))
}

// Value is the sum so far.
func (t *Total) Value() decimal.Decimal {
	if t.slow {
		return t.dec
	}
	return FromCents(t.cents)
}

// Diff is a − b, exactly.
func Diff(a, b decimal.Decimal) decimal.Decimal {
	ca, okA := ToCents(a)
	cb, okB := ToCents(b)
	if okA && okB {
		return FromCents(ca - cb)
	}
	return a.Sub(b)
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
