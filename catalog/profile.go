package catalog

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// FormatProfile tags a lessor profile file.
const FormatProfile = "rueckgabe/profile@1"

// KmPreset is the km settlement a profile proposes for a new km contract
// (RULES.md §4). The rates stay contract values unless the preset names them.
type KmPreset struct {
	ExtraRate             decimal.NullDecimal `json:"extra_rate,omitempty"`
	ReducedRate           decimal.NullDecimal `json:"reduced_rate,omitempty"`
	ToleranceKm           *int64              `json:"tolerance_km,omitempty"`
	ToleranceMode         string              `json:"tolerance_mode,omitempty"`
	ReducedCapKm          *int64              `json:"reduced_cap_km,omitempty"`
	ReducedCapPercent     decimal.NullDecimal `json:"reduced_cap_percent,omitempty"`
	ReducedVoidAboveKm    *int64              `json:"reduced_void_above_km,omitempty"`
	SurchargeAbovePercent decimal.NullDecimal `json:"surcharge_above_percent,omitempty"`
	SurchargePercent      decimal.NullDecimal `json:"surcharge_percent,omitempty"`
}

// profileFile is a profile as written: components are either the ref of a
// built-in ("bmw-fs-2012@2") or a whole data file inline; fees may be null.
type profileFile struct {
	Format                 string              `json:"format"`
	ID                     string              `json:"id"`
	Version                string              `json:"version"`
	Title                  string              `json:"title"`
	Short                  string              `json:"short,omitempty"` // up to 6 characters for a narrow header
	Source                 string              `json:"source"`
	Catalogue              json.RawMessage     `json:"catalogue"`
	Factors                json.RawMessage     `json:"factors"`
	Fees                   json.RawMessage     `json:"fees"`
	KmPreset               KmPreset            `json:"km_preset"`
	VATPercent             decimal.NullDecimal `json:"vat_percent"`
	DamagesTaxable         bool                `json:"damages_taxable"`
	DealerSurchargePercent decimal.NullDecimal `json:"dealer_surcharge_percent"`
	Experts                []string            `json:"experts"`
	MinTreadMm             decimal.NullDecimal `json:"min_tread_mm"`
	DeliveryItems          []DeliveryItem      `json:"delivery_items,omitempty"`
	MissingItemFees        map[string]string   `json:"missing_item_fees,omitempty"`
	Measures               []Measure           `json:"measures,omitempty"`
}

// components are the built-in data files a profile may name by ref.
type components struct {
	catalogues map[string]*Catalogue
	factors    map[string]*FactorTable
	fees       map[string]*FeeSchedule
	raw        map[string][]byte // "kind:ref" → file bytes, for the profile hash
}

// ParseProfile decodes and validates a profile file against the built-in
// components; every problem is named with its JSON path.
func ParseProfile(file string, data []byte) (*Rules, error) {
	reg, err := builtinRegistry()
	if err != nil {
		return nil, err
	}
	return parseProfile(file, data, reg.parts)
}

// parseProfile parses a profile to be used from now on: built in, installed
// or published. Its id and version must be file-safe and every number within
// the bounds of profileBounds.
func parseProfile(file string, data []byte, parts *components) (*Rules, error) {
	return parseProfileAs(file, data, parts, true)
}

// parseSealedProfile parses the profile a sealed protocol pinned: history,
// read under the rules it was sealed with, so the bounds added since (ids,
// ranges) do not make an old sealed protocol unreadable.
func parseSealedProfile(file string, data []byte, parts *components) (*Rules, error) {
	return parseProfileAs(file, data, parts, false)
}

func parseProfileAs(file string, data []byte, parts *components, bounded bool) (*Rules, error) {
	var pf profileFile
	if err := decodeStrict(file, data, &pf); err != nil {
		return nil, err
	}
	p := &problems{file: file}
	validateHeader(p, pf.Format, FormatProfile, pf.ID, pf.Version)
	if pf.Title == "" {
		p.add("title", "is empty (the name the inspector picks, e.g. \"BMW Financial Services Deutschland\")")
	}
	if n := len([]rune(pf.Short)); n > 6 {
		p.add("short", "%q has %d characters; at most 6 fit the header at 80 columns (e.g. \"AT\")", pf.Short, n)
	}
	r := &Rules{ID: pf.ID, Version: pf.Version, Title: pf.Title, Short: pf.Short, Source: pf.Source, KmPreset: pf.KmPreset, DamagesTaxable: pf.DamagesTaxable}
	var cat, fac, fees []byte
	r.Catalogue, cat = component(p, "catalogue", pf.Catalogue, parts.catalogues, parts.raw, ParseCatalogue)
	r.Factors, fac = component(p, "factors", pf.Factors, parts.factors, parts.raw, ParseFactors)
	r.Fees, fees = &FeeSchedule{}, []byte("null")
	if len(pf.Fees) > 0 && string(pf.Fees) != "null" {
		r.Fees, fees = component(p, "fees", pf.Fees, parts.fees, parts.raw, ParseFees)
	}
	validateProfileValues(p, &pf, r)
	if bounded {
		validateBounds(p, &pf, r)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	hash, err := profileHash(data, cat, fac, fees)
	if err != nil {
		return nil, Problems{{File: file, Msg: "cannot hash the profile: " + err.Error()}}
	}
	r.Hash = hash
	r.raw = rawParts{profile: data, catalogue: cat, factors: fac, fees: fees}
	return r, nil
}

// component resolves one part of a profile: a string names a built-in, an
// object is the data file itself. It returns the part and its bytes.
func component[T any](p *problems, field string, raw json.RawMessage, builtin map[string]*T, rawFiles map[string][]byte, parse func(string, []byte) (*T, error)) (*T, []byte) {
	if len(raw) == 0 || string(raw) == "null" {
		p.add(field, "is missing (a built-in ref such as %s, or the file's object inline)", firstKey(builtin))
		return nil, nil
	}
	var ref string
	if json.Unmarshal(raw, &ref) == nil {
		v, ok := builtin[ref]
		if !ok {
			p.add(field, "%q is not built in (built in: %s)", ref, keys(builtin))
			return nil, nil
		}
		return v, rawFiles[field+":"+ref]
	}
	v, err := parse(p.file, raw)
	if ps, ok := AsProblems(err); ok {
		for _, pr := range ps {
			pr.Path = joinPath(field, pr.Path)
			p.list = append(p.list, pr)
		}
		return nil, nil
	}
	return v, raw
}

func joinPath(field, path string) string {
	if path == "" {
		return field
	}
	return field + "." + path
}

func validateProfileValues(p *problems, pf *profileFile, r *Rules) {
	switch {
	case !pf.VATPercent.Valid:
		p.add("vat_percent", "is missing (e.g. \"19\")")
	default:
		validatePercent(p, "vat_percent", pf.VATPercent.Decimal)
		r.VATPercent = pf.VATPercent.Decimal
	}
	r.DealerSurchargePercent = decimal.NewFromInt(5)
	if pf.DealerSurchargePercent.Valid {
		validatePercent(p, "dealer_surcharge_percent", pf.DealerSurchargePercent.Decimal)
		r.DealerSurchargePercent = pf.DealerSurchargePercent.Decimal
	}
	if len(pf.Experts) != 2 {
		p.add("experts", "names %d experts; a dispute offers exactly two (RULES.md §7)", len(pf.Experts))
	}
	for i, e := range pf.Experts {
		if e == "" {
			p.add(fmt.Sprintf("experts[%d]", i), "is empty")
		}
	}
	if len(pf.Experts) == 2 && pf.Experts[0] == pf.Experts[1] && pf.Experts[0] != "" {
		p.add("experts[1]", "is the same as experts[0]; the customer chooses between two")
	}
	r.Experts = pf.Experts
	r.MinTreadMm = decimal.RequireFromString("1.6")
	if pf.MinTreadMm.Valid {
		if d := pf.MinTreadMm.Decimal; d.IsNegative() || d.GreaterThan(decimal.NewFromInt(20)) {
			p.add("min_tread_mm", "%s mm is outside 0–20", d)
		}
		r.MinTreadMm = pf.MinTreadMm.Decimal
	}
	validatePreset(p, &pf.KmPreset)
	r.DeliveryItems = pf.DeliveryItems
	for i, d := range pf.DeliveryItems {
		if d.Item == "" || d.Expected < 0 {
			p.add(fmt.Sprintf("delivery_items[%d]", i), "needs an item name and an expected count ≥ 0")
		}
	}
	if r.DeliveryItems == nil && r.Catalogue != nil {
		r.DeliveryItems = r.Catalogue.DeliveryItems
	}
	validateMissingItemFees(p, pf, r)
	validateMeasures(p, pf.Measures, r)
}

// validateMissingItemFees: each item's fee must be a line of the profile's
// own schedule, so taking over a missing item can never charge a made-up fee.
func validateMissingItemFees(p *problems, pf *profileFile, r *Rules) {
	for _, item := range slices.Sorted(maps.Keys(pf.MissingItemFees)) {
		code := pf.MissingItemFees[item]
		at := "missing_item_fees." + item
		switch {
		case strings.TrimSpace(item) == "":
			p.add("missing_item_fees", "names an empty item")
		case r.Fees == nil:
			p.add(at, "%q: the profile has no fee schedule", code)
		default:
			if _, ok := r.Fees.Fee(code); !ok {
				p.add(at, "%q is not a fee of schedule %s@%s", code, r.Fees.ID, r.Fees.Version)
			}
		}
	}
	r.MissingItemFees = pf.MissingItemFees
}

func validatePreset(p *problems, k *KmPreset) {
	switch k.ToleranceMode {
	case "", "threshold", "allowance":
	default:
		p.add("km_preset.tolerance_mode", "is %q, want \"threshold\" (Freigrenze) or \"allowance\" (Freibetrag)", k.ToleranceMode)
	}
	for _, c := range []struct {
		path string
		v    *int64
	}{{"tolerance_km", k.ToleranceKm}, {"reduced_cap_km", k.ReducedCapKm}, {"reduced_void_above_km", k.ReducedVoidAboveKm}} {
		if c.v != nil && *c.v < 0 {
			p.add("km_preset."+c.path, "%d is negative", *c.v)
		}
	}
	for _, c := range []struct {
		path    string
		v       decimal.NullDecimal
		percent bool
	}{{"extra_rate", k.ExtraRate, false}, {"reduced_rate", k.ReducedRate, false}, {"reduced_cap_percent", k.ReducedCapPercent, true}, {"surcharge_above_percent", k.SurchargeAbovePercent, true}} {
		switch {
		case !c.v.Valid:
		case c.percent:
			validatePercent(p, "km_preset."+c.path, c.v.Decimal)
		case c.v.Decimal.IsNegative():
			p.add("km_preset."+c.path, "%s is negative", c.v.Decimal)
		}
	}
	if v := k.SurchargePercent; v.Valid && v.Decimal.IsNegative() {
		p.add("km_preset.surcharge_percent", "%s is negative", v.Decimal)
	}
}

// Bounds of a profile's numbers (docs/rules.md, "Profile"). A profile
// outside them is refused by profiles check, publish, sync and the profile
// folder alike: a signed profile can change the rules within these limits,
// never to a VAT of 0 % or a km tolerance of a million.
var profileBounds = struct {
	vatMin, vatMax       decimal.Decimal // vat_percent, %
	surchargeMax         decimal.Decimal // dealer_surcharge_percent and km_preset percents, %
	treadMax             decimal.Decimal // min_tread_mm, mm
	rateMax              decimal.Decimal // km_preset.extra_rate, reduced_rate, €/km
	toleranceKmMax       int64           // km_preset.tolerance_km, reduced_cap_km
	voidAboveKmMax       int64           // km_preset.reduced_void_above_km
	deliveryExpectedMax  int             // delivery_items[].expected
	feeAmountMax         decimal.Decimal // fees[].amount, €
	titleMax, expertsMax int             // characters of title and of each expert's name
}{
	vatMin: decimal.NewFromInt(5), vatMax: decimal.NewFromInt(30),
	surchargeMax:   hundred,
	treadMax:       decimal.NewFromInt(10),
	rateMax:        decimal.NewFromInt(5),
	toleranceKmMax: 50_000, voidAboveKmMax: 1_000_000,
	deliveryExpectedMax: 99,
	feeAmountMax:        decimal.NewFromInt(10_000),
	titleMax:            120, expertsMax: 120,
}

// validateBounds checks what validateProfileValues leaves open: the id and
// version name files, and every number lies in a sane range.
func validateBounds(p *problems, pf *profileFile, r *Rules) {
	b := profileBounds
	if pf.ID != "" && !ValidID(pf.ID) {
		p.add("id", "%q: use 1–%d characters a-z, 0-9 and - (e.g. \"autohaus-nord\"); the id names the file", pf.ID, maxIDLen)
	}
	if pf.Version != "" && !ValidVersion(pf.Version) {
		p.add("version", "%q: use 1–%d digits (e.g. \"2\"); the version names the file", pf.Version, maxVersionLen)
	}
	if n := len([]rune(pf.Title)); n > b.titleMax {
		p.add("title", "has %d characters; at most %d", n, b.titleMax)
	}
	for i, e := range pf.Experts {
		if n := len([]rune(e)); n > b.expertsMax {
			p.add(fmt.Sprintf("experts[%d]", i), "has %d characters; at most %d", n, b.expertsMax)
		}
	}
	// outside 0–100 % and 0–20 mm was named already (validateProfileValues)
	if v := pf.VATPercent; v.Valid && inside(v.Decimal, decimal.Zero, hundred) && (v.Decimal.LessThan(b.vatMin) || v.Decimal.GreaterThan(b.vatMax)) {
		p.add("vat_percent", "%s%% is outside %s–%s %% (the standard VAT rate of the lessor's country)", v.Decimal, b.vatMin, b.vatMax)
	}
	if v := pf.MinTreadMm; v.Valid && inside(v.Decimal, decimal.Zero, decimal.NewFromInt(20)) && v.Decimal.GreaterThan(b.treadMax) {
		p.add("min_tread_mm", "%s mm is outside 0–%s", v.Decimal, b.treadMax)
	}
	k := &pf.KmPreset
	for _, c := range []struct {
		path string
		v    decimal.NullDecimal
	}{{"extra_rate", k.ExtraRate}, {"reduced_rate", k.ReducedRate}} {
		if c.v.Valid && c.v.Decimal.GreaterThan(b.rateMax) {
			p.add("km_preset."+c.path, "%s €/km is above %s €/km", c.v.Decimal, b.rateMax)
		}
	}
	for _, c := range []struct {
		path string
		v    *int64
		max  int64
	}{{"tolerance_km", k.ToleranceKm, b.toleranceKmMax}, {"reduced_cap_km", k.ReducedCapKm, b.toleranceKmMax}, {"reduced_void_above_km", k.ReducedVoidAboveKm, b.voidAboveKmMax}} {
		if c.v != nil && *c.v > c.max {
			p.add("km_preset."+c.path, "%d km is above %d km", *c.v, c.max)
		}
	}
	if v := k.SurchargePercent; v.Valid && v.Decimal.GreaterThan(b.surchargeMax) {
		p.add("km_preset.surcharge_percent", "%s%% is outside 0–%s %%", v.Decimal, b.surchargeMax)
	}
	for i, d := range pf.DeliveryItems {
		if d.Expected > b.deliveryExpectedMax {
			p.add(fmt.Sprintf("delivery_items[%d].expected", i), "%d is above %d", d.Expected, b.deliveryExpectedMax)
		}
	}
	if r.Fees != nil {
		for i, f := range r.Fees.Fees {
			if f.Amount.Valid && f.Amount.Decimal.GreaterThan(b.feeAmountMax) {
				p.add(fmt.Sprintf("fees.fees[%d].amount", i), "%s € is above %s €", f.Amount.Decimal, b.feeAmountMax)
			}
		}
	}
}

func inside(v, lo, hi decimal.Decimal) bool { return !v.LessThan(lo) && !v.GreaterThan(hi) }
