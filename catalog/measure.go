package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Measure is a measurable condition a profile attaches to a criterion: a
// finding whose measurements meet every condition of When (and whose
// category, damage, part and panel match the filters) is judged by Rule.
// A profile's measures are tried in order; the first that holds decides.
type Measure struct {
	Rule    string   `json:"rule"`
	Damages []string `json:"damages,omitempty"` // the finding's damage is one of these; empty = any
	Parts   []string `json:"parts,omitempty"`   // the finding's part is one of these; empty = any
	Note    string   `json:"note,omitempty"`    // where the measure comes from
	When    When     `json:"when"`
}

// When holds the conditions of a measure; a condition on a measurement the
// finding does not have is not met.
type When struct {
	LengthMm      *Bound `json:"length_mm,omitempty"`
	DiameterMm    *Bound `json:"diameter_mm,omitempty"`
	DepthMm       *Bound `json:"depth_mm,omitempty"`
	TreadMm       *Bound `json:"tread_mm,omitempty"`
	CountOnPanel  *Bound `json:"count_on_panel,omitempty"`
	PrimerVisible *bool  `json:"primer_visible,omitempty"`
	PaintDamaged  *bool  `json:"paint_damaged,omitempty"`
	DriverView    *bool  `json:"driver_view,omitempty"`
}

// Bound compares a measurement with limits, each a decimal string or
// "min_tread" (the protocol's minimum tread depth, else the profile's).
type Bound struct {
	LT string `json:"lt,omitempty"`
	LE string `json:"le,omitempty"`
	GT string `json:"gt,omitempty"`
	GE string `json:"ge,omitempty"`
}

// MinTread names the minimum tread depth as a bound.
const MinTread = "min_tread"

// Holds reports whether v meets every limit; minTread replaces "min_tread".
func (b *Bound) Holds(v, minTread decimal.Decimal) bool {
	for _, c := range []struct {
		lim string
		ok  func(int) bool
	}{
		{b.LT, func(c int) bool { return c < 0 }}, {b.LE, func(c int) bool { return c <= 0 }},
		{b.GT, func(c int) bool { return c > 0 }}, {b.GE, func(c int) bool { return c >= 0 }},
	} {
		if c.lim == "" {
			continue
		}
		l := minTread
		if c.lim != MinTread {
			var err error
			if l, err = decimal.NewFromString(c.lim); err != nil {
				return false
			}
		}
		if !c.ok(v.Cmp(l)) {
			return false
		}
	}
	return true
}

// String writes the bound the way the protocol explains it: "< 1", "≤ 2".
func (b *Bound) String() string {
	var out []string
	for _, c := range [][2]string{{"<", b.LT}, {"≤", b.LE}, {">", b.GT}, {"≥", b.GE}} {
		if c[1] == MinTread {
			out = append(out, c[0]+" Mindestprofil")
		} else if c[1] != "" {
			out = append(out, c[0]+" "+strings.Replace(c[1], ".", ",", 1))
		}
	}
	return strings.Join(out, " und ")
}

func (b *Bound) empty() bool { return *b == Bound{} }

// validateMeasures checks each measure against the profile's catalogue.
func validateMeasures(p *problems, raw []Measure, r *Rules) {
	for i := range raw {
		m := &raw[i]
		at := fmt.Sprintf("measures[%d]", i)
		var cat *Category
		if r.Catalogue != nil {
			if _, ok := r.Catalogue.Criterion(m.Rule); !ok {
				p.add(at+".rule", "%q is not a criterion of catalogue %s", m.Rule, r.Catalogue.Ref())
			} else {
				cat, _ = r.Catalogue.CategoryOf(m.Rule)
			}
		}
		for k, d := range m.Damages {
			if cat != nil && !slices.Contains(cat.Damages, d) {
				p.add(fmt.Sprintf("%s.damages[%d]", at, k), "%q is not a damage of category %s", d, cat.ID)
			}
		}
		for k, part := range m.Parts {
			if cat != nil && !slices.Contains(cat.Parts, part) {
				p.add(fmt.Sprintf("%s.parts[%d]", at, k), "%q is not a part of category %s", part, cat.ID)
			}
		}
		w := &m.When
		n := 0
		for _, b := range []struct {
			key string
			b   *Bound
		}{{"length_mm", w.LengthMm}, {"diameter_mm", w.DiameterMm}, {"depth_mm", w.DepthMm}, {"tread_mm", w.TreadMm}, {"count_on_panel", w.CountOnPanel}} {
			if b.b == nil {
				continue
			}
			n++
			bat := at + ".when." + b.key
			if b.b.empty() {
				p.add(bat, "names no limit (lt, le, gt or ge)")
			}
			for _, lim := range []string{b.b.LT, b.b.LE, b.b.GT, b.b.GE} {
				if lim == "" || lim == MinTread && b.key == "tread_mm" {
					continue
				}
				d, err := decimal.NewFromString(lim)
				if err != nil || d.IsNegative() || strings.ContainsAny(lim, "eE") {
					p.add(bat, "%q is not a limit (a decimal string such as \"2.5\"%s)", lim, map[bool]string{true: ", or \"min_tread\"", false: ""}[b.key == "tread_mm"])
				}
			}
		}
		for _, f := range []*bool{w.PrimerVisible, w.PaintDamaged, w.DriverView} {
			if f != nil {
				n++
			}
		}
		if n == 0 {
			p.add(at+".when", "names no condition; a measure decides only by measurements")
		}
	}
	r.Measures = raw
}
