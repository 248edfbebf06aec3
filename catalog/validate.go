package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

var hundred = decimal.NewFromInt(100)

// A profile's id and version name files (profiles/<id@version>.json, the
// bucket's config/profiles/<id@version>.json): an id is 1–64 of a-z, 0-9 and "-",
// a version 1–9 digits. Nothing else — no "/", "\\", "." or ".." — can
// place a file outside its folder.
const (
	maxIDLen      = 64
	maxVersionLen = 9
)

// ValidID reports whether id is 1–64 characters of a-z, 0-9 and "-".
func ValidID(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for _, c := range []byte(id) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ValidVersion reports whether v is 1–9 digits.
func ValidVersion(v string) bool {
	if v == "" || len(v) > maxVersionLen {
		return false
	}
	for _, c := range []byte(v) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ValidRef reports whether ref is <id>@<version> with a valid id and version.
func ValidRef(ref string) bool {
	id, v, ok := strings.Cut(ref, "@")
	return ok && ValidID(id) && ValidVersion(v)
}

func validateHeader(p *problems, format, want, id, version string) {
	if format != want {
		p.add("format", "is %q, want %q", format, want)
	}
	if id == "" {
		p.add("id", "is empty (give the file a short id, e.g. \"bmw-fs-2012\")")
	}
	if version == "" {
		p.add("version", "is empty (e.g. \"1\"); findings record which version judged them")
	}
}

func validateCatalogue(file string, c *Catalogue) error {
	p := &problems{file: file}
	validateHeader(p, c.Format, FormatCatalogue, c.ID, c.Version)
	if len(c.Categories) == 0 {
		p.add("categories", "no categories")
	}
	catIDs := map[string]string{}
	ruleIDs := map[string]string{}
	for i, cat := range c.Categories {
		at := fmt.Sprintf("categories[%d]", i)
		checkID(p, at+".id", cat.ID, catIDs)
		if cat.Name == "" {
			p.add(at+".name", "is empty")
		}
		if len(cat.Criteria) == 0 {
			p.add(at+".criteria", "category %q has no criteria", cat.ID)
		}
		for j, r := range cat.Criteria {
			rat := fmt.Sprintf("%s.criteria[%d]", at, j)
			checkID(p, rat+".id", r.ID, ruleIDs)
			if r.Text == "" {
				p.add(rat+".text", "is empty (quote the criterion as the source words it)")
			}
			if r.Acceptable && (r.SafetyRelevant || r.Accident || r.FullCharge) {
				p.add(rat+".acceptable", "an acceptable criterion cannot also be safety-relevant, accident or full charge")
			}
		}
	}
	for i, t := range c.Texts {
		if t.ID == "" || len(t.Paragraphs) == 0 {
			p.add(fmt.Sprintf("texts[%d]", i), "needs an id and at least one paragraph")
		}
	}
	for i, d := range c.DeliveryItems {
		if d.Item == "" || d.Expected < 0 {
			p.add(fmt.Sprintf("delivery_items[%d]", i), "needs an item name and an expected count ≥ 0")
		}
	}
	return p.err()
}

// checkID reports an empty or repeated id; seen maps ids to where they were first.
func checkID(p *problems, path, id string, seen map[string]string) {
	if id == "" {
		p.add(path, "is empty")
		return
	}
	if first, dup := seen[id]; dup {
		p.add(path, "duplicate id %q (first at %s)", id, first)
		return
	}
	seen[id] = path
}

func validatePercent(p *problems, path string, v decimal.Decimal) {
	if v.IsNegative() || v.GreaterThan(hundred) {
		p.add(path, "share %s%% is outside 0–100", v)
	}
}

func validateFactors(file string, t *FactorTable) error {
	p := &problems{file: file}
	validateHeader(p, t.Format, FormatFactors, t.ID, t.Version)
	if len(t.Rows) == 0 {
		p.add("rows", "no rows")
		return p.err()
	}
	for i, r := range t.Rows {
		at := fmt.Sprintf("rows[%d]", i)
		validatePercent(p, at+".percent", r.Percent)
		checkRange(p, at+".months", r.Months)
		checkRange(p, at+".km", r.Km)
	}
	if len(p.list) > 0 {
		return p.err()
	}
	checkCoverage(p, t.Rows)
	return p.err()
}

func checkRange(p *problems, path string, r Range) {
	if r[0] == nil {
		p.add(path, "needs a lower bound, e.g. [0, 12]")
		return
	}
	if r.From() < 0 {
		p.add(path, "lower bound %d is negative", r.From())
	}
	if to, ok := r.To(); ok && to < r.From() {
		p.add(path, "upper bound %d is below lower bound %d", to, r.From())
	}
}

// checkCoverage reports gaps and overlaps: the age bands must tile 0..∞ months,
// and within each age band the km ranges must tile 0..∞ km.
func checkCoverage(p *problems, rows []FactorRow) {
	bands := map[[2]int64][]int{} // age band → row indexes
	var keys [][2]int64
	for i, r := range rows {
		k := rangeKey(r.Months)
		if _, ok := bands[k]; !ok {
			keys = append(keys, k)
		}
		bands[k] = append(bands[k], i)
	}
	sort.Slice(keys, func(a, b int) bool { return keys[a][0] < keys[b][0] })
	months := make([]Range, len(keys))
	for i, k := range keys {
		months[i] = rows[bands[k][0]].Months
	}
	tile(p, "rows[*].months", "months", months)
	for _, k := range keys {
		idx := bands[k]
		kms := make([]Range, len(idx))
		for j, i := range idx {
			kms[j] = rows[i].Km
		}
		slices.SortFunc(kms, func(a, b Range) int { return cmp.Compare(a.From(), b.From()) })
		tile(p, fmt.Sprintf("rows[%d].km", idx[0]), "km for age band "+rows[idx[0]].Months.label("Monate", false), kms)
	}
}

// tile checks that sorted inclusive ranges cover 0..∞ without gap or overlap.
func tile(p *problems, path, what string, rs []Range) {
	var next int64
	for i, r := range rs {
		switch {
		case r.From() > next:
			p.add(path, "%s: gap from %d to %d", what, next, r.From()-1)
		case r.From() < next:
			p.add(path, "%s: overlap at %d", what, r.From())
		}
		to, bounded := r.To()
		if !bounded {
			if i != len(rs)-1 {
				p.add(path, "%s: open range from %d overlaps the ranges after it", what, r.From())
			}
			return
		}
		next = to + 1
	}
	p.add(path, "%s: nothing covers %d and above (end with an open range, e.g. [%d, null])", what, next, next)
}

func rangeKey(r Range) [2]int64 {
	to, bounded := r.To()
	if !bounded {
		to = -1
	}
	return [2]int64{r.From(), to}
}

func validateFees(file string, s *FeeSchedule) error {
	p := &problems{file: file}
	validateHeader(p, s.Format, FormatFees, s.ID, s.Version)
	codes := map[string]string{}
	for i, f := range s.Fees {
		at := fmt.Sprintf("fees[%d]", i)
		checkID(p, at+".code", f.Code, codes)
		if f.Label == "" {
			p.add(at+".label", "is empty")
		}
		if f.Amount.Valid && f.Amount.Decimal.IsNegative() {
			p.add(at+".amount", "%s is negative", f.Amount.Decimal)
		}
		if f.PercentOfListPrice.Valid {
			validatePercent(p, at+".percent_of_list_price", f.PercentOfListPrice.Decimal)
			if f.Amount.Valid {
				p.add(at+".percent_of_list_price", "give either amount or percent_of_list_price, not both")
			}
		}
	}
	return p.err()
}
