package inspection

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestCompletedMonths(t *testing.T) {
	cases := []struct {
		from, to string
		want     int
	}{
		{"2023-01-15", "2024-01-14", 11}, // a day before the 12-month boundary
		{"2023-01-15", "2024-01-15", 12}, // exactly 12
		{"2023-01-15", "2024-01-18", 12}, // 12 months and 3 days: still "≤ 12 Monate"
		{"2023-01-15", "2024-02-14", 12}, // a day before 13
		{"2023-01-15", "2024-02-15", 13},
		{"2022-01-15", "2024-01-14", 23},
		{"2022-01-15", "2024-01-15", 24},
		{"2022-01-15", "2024-02-14", 24},
		{"2022-01-15", "2024-02-15", 25},
		{"2023-01-31", "2023-02-27", 0},
		{"2023-01-31", "2023-02-28", 1}, // 31 Jan + 1 month ends on the last day of February
		{"2024-01-31", "2024-02-29", 1}, // leap year
		{"2023-03-31", "2023-04-30", 1},
		{"2024-02-29", "2025-02-28", 12},
		{"2024-05-01", "2024-04-30", 0}, // return before registration: no negative age
		{"2021-03-19", "2024-04-03", 36},
	}
	for _, c := range cases {
		if got := date(c.from).CompletedMonths(date(c.to)); got != c.want {
			t.Errorf("CompletedMonths(%s → %s) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
}

func TestGermanDate(t *testing.T) {
	for _, s := range []string{"31.03.2024", "31.3.2024"} {
		got, err := ParseGermanDate(s)
		if err != nil || got.String() != "2024-03-31" || got.German() != "31.03.2024" {
			t.Errorf("ParseGermanDate(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"31.02.2024", "2024-03-31", "", "1.1.24"} {
		if _, err := ParseGermanDate(s); err == nil {
			t.Errorf("ParseGermanDate(%q) accepted", s)
		}
	}
}

// TestDaysUntilIsTheOldCountForPlausibleDates: the calendar count replaced
// time.Duration's (which saturates at 292 years) — for every pair of dates
// in the plausible years, within the span the old count could hold, both
// give the same number, so no sealed protocol's late return is valued
// differently.
func TestDaysUntilIsTheOldCountForPlausibleDates(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		day := func(name string) Date {
			return NewDate(MinYear, time.January, 1+rapid.IntRange(0, 250*366).Draw(t, name)) // time.Date normalises the day
		}
		d, e := day("d"), day("e")
		old := int64(e.t.Sub(d.t).Hours() / 24)
		if got := d.DaysUntil(e); got != old {
			t.Fatalf("%s → %s: %d days, the old count %d", d, e, got, old)
		}
	})
}
