package inspection

import (
	"fmt"
	"time"
)

// Date is a calendar date without time zone, as protocols record dates.
type Date struct {
	t time.Time // midnight UTC; zero when unset
}

// DateLayout is the interchange form "YYYY-MM-DD".
const DateLayout = "2006-01-02"

// NewDate builds a date; out-of-range parts normalise as time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

// ParseGermanDate reads "31.03.2024" (also "1.4.2024"), as inspectors type dates.
func ParseGermanDate(s string) (Date, error) {
	t, err := time.Parse("2.1.2006", s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is the interchange form, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// German is "31.03.2024", or "" when unset.
func (d Date) German() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02.01.2006")
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// DaysUntil is the number of days from d to e (negative when e is earlier),
// counted by the calendar: a time.Duration would saturate at 292 years.
func (d Date) DaysUntil(e Date) int64 {
	return (e.t.Unix() - d.t.Unix()) / 86400
}

// The plausible years of a date in a protocol: a first registration, a
// contract's end, a return, an HU due. Anything outside is a typing or
// program error, and valuing it would charge decades of late return.
const (
	MinYear = 1900
	MaxYear = 2199
)

// Plausible reports whether the date is set and lies in MinYear–MaxYear.
func (d Date) Plausible() bool {
	y := d.t.Year()
	return !d.IsZero() && y >= MinYear && y <= MaxYear
}

// implausibleDate is the problem of a date outside MinYear–MaxYear.
func implausibleDate(s string) string {
	return fmt.Sprintf("%q is not a plausible date (%d–%d)", s, MinYear, MaxYear)
}

// AddMonths adds n months; a day that does not exist in the target month becomes
// its last day (31 Jan + 1 month = 28/29 Feb), as §188 (3) BGB counts.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(day, last))
}

// CompletedMonths counts the whole months from d to e: the largest n with
// d + n months ≤ e. 12 months and 3 days is 12; a day short of 13 months is 12.
func (d Date) CompletedMonths(e Date) int {
	if e.Before(d) {
		return 0
	}
	y1, m1, _ := d.t.Date()
	y2, m2, _ := e.t.Date()
	n := (y2-y1)*12 + int(m2-m1) // calendar months; one too many when e's day comes before d's
	if e.Before(d.AddMonths(n)) {
		n--
	}
	return n
}

// Month is a calendar month, as an HU sticker shows it ("02.2025").
type Month struct {
	d Date // the month's first day; zero when unset
}

// MonthLayout is the interchange form "YYYY-MM".
const MonthLayout = "2006-01"

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse(MonthLayout, s)
	if err != nil {
		return Month{}, err
	}
	return Month{Date{t}}, nil
}

// ParseGermanMonth reads the sticker form "02.2025" (also "2.2025").
func ParseGermanMonth(s string) (Month, error) {
	t, err := time.Parse("1.2006", s)
	if err != nil {
		return Month{}, err
	}
	return Month{Date{t}}, nil
}

// IsZero reports whether the month is unset.
func (m Month) IsZero() bool { return m.d.IsZero() }

// String is the interchange form, or "" when unset.
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	return m.d.t.Format(MonthLayout)
}

// German is "02.2025", or "" when unset.
func (m Month) German() string {
	if m.IsZero() {
		return ""
	}
	return m.d.t.Format("01.2006")
}

// LastDay is the month's last day: an HU sticker's month is due at its end.
func (m Month) LastDay() Date { return m.d.AddMonths(1).addDays(-1) }

func (d Date) addDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }
