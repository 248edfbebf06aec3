package catalog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// FactorTable maps a car's age (completed months) and odometer at return to the
// share of a not-acceptable damage's repair cost that is charged.
type FactorTable struct {
	Format  string      `json:"format"`
	ID      string      `json:"id"`
	Version string      `json:"version"`
	Title   string      `json:"title"`
	Source  string      `json:"source"`
	Rows    []FactorRow `json:"rows"`
}

// FactorRow is one cell of the table. Ranges are inclusive; a nil upper bound is
// open ("ab 150.000 km").
type FactorRow struct {
	Months  Range           `json:"months"`
	Km      Range           `json:"km"`
	Percent decimal.Decimal `json:"percent"`

	label string // cached Label, set when the table is parsed
}

// Range is an inclusive integer range [From, To]; To nil means no upper bound.
type Range [2]*int64

// From is the lower bound.
func (r Range) From() int64 {
	if r[0] == nil {
		return 0
	}
	return *r[0]
}

// To is the upper bound and whether there is one.
func (r Range) To() (int64, bool) {
	if r[1] == nil {
		return 0, false
	}
	return *r[1], true
}

// Contains reports whether v lies in the range.
func (r Range) Contains(v int64) bool {
	to, bounded := r.To()
	return v >= r.From() && (!bounded || v <= to)
}

// Lookup finds the row for an age and odometer. A valid table always has one.
func (t *FactorTable) Lookup(months, km int64) (*FactorRow, bool) {
	for i := range t.Rows {
		row := &t.Rows[i]
		if row.Months.Contains(months) && row.Km.Contains(km) {
			return row, true
		}
	}
	return nil, false
}

// Label explains the row in German, as the protocol prints it:
// "> 24 Monate, ≤ 120.000 km → 40 %".
func (r *FactorRow) Label() string {
	if r.label != "" {
		return r.label
	}
	return r.Months.label("Monate", false) + ", " + r.Km.label("km", true) + " → " + r.Percent.String() + " %"
}

func (r Range) label(unit string, grouped bool) string {
	f := func(v int64) string {
		if grouped {
			return groupThousands(v)
		}
		return strconv.FormatInt(v, 10)
	}
	to, bounded := r.To()
	switch {
	case !bounded && r.From() == 0:
		return "alle " + unit
	case !bounded:
		return "> " + f(r.From()-1) + " " + unit
	case r.From() == 0:
		return "≤ " + f(to) + " " + unit
	default:
		return fmt.Sprintf("%s–%s %s", f(r.From()), f(to), unit)
	}
}

func groupThousands(v int64) string {
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}
