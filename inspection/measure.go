package inspection

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/money"
)

// Measurements are what the inspector measured on a finding. Each is
// optional; a measure of the profile that needs one the finding does not
// have does not decide (docs/rules.md, "Measure first").
type Measurements struct {
	LengthMm      decimal.NullDecimal
	DiameterMm    decimal.NullDecimal
	DepthMm       decimal.NullDecimal
	TreadMm       decimal.NullDecimal
	CountOnPanel  *int64 // how many of this damage on the panel; absent = counted from the diagram
	PrimerVisible *bool  // primer or bare metal visible
	PaintDamaged  *bool
	DriverView    *bool // in the driver's field of view
}

// IsZero reports whether nothing was measured.
func (m *Measurements) IsZero() bool {
	return m == nil || !m.LengthMm.Valid && !m.DiameterMm.Valid && !m.DepthMm.Valid && !m.TreadMm.Valid &&
		m.CountOnPanel == nil && m.PrimerVisible == nil && m.PaintDamaged == nil && m.DriverView == nil
}

// maxMeasureMm bounds a length, diameter or depth: a car is not longer.
var maxMeasureMm = decimal.NewFromInt(10000)

type wireMeasurements struct {
	LengthMm      string `json:"length_mm,omitempty"`
	DiameterMm    string `json:"diameter_mm,omitempty"`
	DepthMm       string `json:"depth_mm,omitempty"`
	TreadMm       string `json:"tread_mm,omitempty"`
	CountOnPanel  *int64 `json:"count_on_panel,omitempty"`
	PrimerVisible *bool  `json:"primer_visible,omitempty"`
	PaintDamaged  *bool  `json:"paint_damaged,omitempty"`
	DriverView    *bool  `json:"driver_view,omitempty"`
}

func measurementsToWire(m *Measurements) *wireMeasurements {
	if m.IsZero() {
		return nil
	}
	return &wireMeasurements{
		LengthMm: optDecimal(m.LengthMm, 0), DiameterMm: optDecimal(m.DiameterMm, 0), DepthMm: optDecimal(m.DepthMm, 0), TreadMm: optDecimal(m.TreadMm, 0),
		CountOnPanel: m.CountOnPanel, PrimerVisible: m.PrimerVisible, PaintDamaged: m.PaintDamaged, DriverView: m.DriverView,
	}
}

func decodeMeasurements(f obj) *Measurements {
	o, ok := f.object("measurements")
	if !ok {
		return nil
	}
	m := &Measurements{
		LengthMm: o.percent("length_mm", 2), DiameterMm: o.percent("diameter_mm", 2), DepthMm: o.percent("depth_mm", 2), TreadMm: o.percent("tread_mm", 2),
		CountOnPanel:  o.int("count_on_panel"),
		PrimerVisible: o.boolean("primer_visible"), PaintDamaged: o.boolean("paint_damaged"), DriverView: o.boolean("driver_view"),
	}
	if m.IsZero() {
		return nil
	}
	return m
}

// decodeFindings reads the findings and returns what gives each finding
// with measurements and no rule the rule its measurements decide (once the
// rest of the protocol is read); the marks the finding does not state come
// from that criterion.
func decodeFindings(o obj, p *Protocol, rules *catalog.Rules) func() {
	var stated []given
	if v, ok := o.get("findings"); ok && v.kind() == jArray && v.len() > MaxFindings {
		// refused before a single one is read: a million empty findings
		// would take gigabytes and as many problem lines
		o.probs.Add(o.at("findings"), "has %d findings; a protocol has at most %d", v.len(), MaxFindings)
		return func() {}
	}
	o.objects("findings", func(_ int, f obj) {
		p.Findings = append(p.Findings, decodeFinding(f, rules.Catalogue))
		_, a := f.get("acceptable")
		_, s := f.get("safety_relevant")
		_, x := f.get("accident")
		stated = append(stated, given{a, s, x})
	})
	return func() { deriveRules(p, rules, stated) }
}

type given struct{ acceptable, safety, accident bool }

func deriveRules(p *Protocol, rules *catalog.Rules, stated []given) {
	if len(rules.Measures) == 0 {
		return
	}
	counts := panelCounts(p)
	for i := range p.Findings {
		f := &p.Findings[i]
		if f.Rule != "" || f.Measurements.IsZero() {
			continue
		}
		m, ok := decide(p, f, rules, counts)
		if !ok {
			continue
		}
		crit, _ := rules.Catalogue.Criterion(m.Rule)
		f.Rule = m.Rule
		if f.Category == "" {
			if c, ok := rules.Catalogue.CategoryOf(m.Rule); ok {
				f.Category = c.ID
			}
		}
		if !stated[i].acceptable {
			f.Acceptable = crit.Acceptable
		}
		if !stated[i].safety {
			f.SafetyRelevant = crit.SafetyRelevant
		}
		if !stated[i].accident {
			f.Accident = crit.Accident
		}
	}
}

// MeasuredRule is the measure that decides finding i of the protocol by
// its measurements under the protocol's profile, if one does.
func MeasuredRule(p *Protocol, i int, rules *catalog.Rules) (catalog.Measure, bool) {
	if i < 0 || i >= len(p.Findings) || p.Findings[i].Measurements.IsZero() {
		return catalog.Measure{}, false
	}
	rules = ProfileOf(p, rules)
	return decide(p, &p.Findings[i], rules, panelCounts(p))
}

// ApplyMeasuredRule sets finding i's rule and marks to what its
// measurements decide, as choosing that criterion would; it reports
// whether a measure decided.
func ApplyMeasuredRule(p *Protocol, i int, rules *catalog.Rules) (catalog.Measure, bool) {
	m, ok := MeasuredRule(p, i, rules)
	if !ok {
		return m, false
	}
	rules = ProfileOf(p, rules)
	crit, found := rules.Catalogue.Criterion(m.Rule)
	if !found {
		return m, false
	}
	f := &p.Findings[i]
	f.Rule = m.Rule
	if c, ok := rules.Catalogue.CategoryOf(m.Rule); ok {
		f.Category = c.ID
	}
	f.Acceptable, f.SafetyRelevant, f.Accident = crit.Acceptable, crit.SafetyRelevant, crit.Accident
	return m, true
}

// panelKey identifies a damage on a panel for count_on_panel.
type panelKey struct{ panel, damage string }

// panelCounts counts the findings of each damage on each panel of the diagram.
func panelCounts(p *Protocol) map[panelKey]int64 {
	var counts map[panelKey]int64
	for i := range p.Findings {
		f := &p.Findings[i]
		if f.Location == nil || f.Location.Panel == "" {
			continue
		}
		if counts == nil {
			counts = map[panelKey]int64{}
		}
		counts[panelKey{f.Location.Panel, f.Damage}]++
	}
	return counts
}

// countOnPanel is the finding's stated count, else how many findings of its
// damage the diagram shows on its panel.
func countOnPanel(f *Finding, counts map[panelKey]int64) (int64, bool) {
	if m := f.Measurements; m != nil && m.CountOnPanel != nil {
		return *m.CountOnPanel, true
	}
	if f.Location == nil || f.Location.Panel == "" {
		return 0, false
	}
	return counts[panelKey{f.Location.Panel, f.Damage}], true
}

// decide returns the first of the profile's measures that holds for f.
func decide(p *Protocol, f *Finding, rules *catalog.Rules, counts map[panelKey]int64) (catalog.Measure, bool) {
	minTread := rules.MinTreadMm
	if p.Tyres.MinTreadMm.Valid {
		minTread = p.Tyres.MinTreadMm.Decimal
	}
	for _, m := range rules.Measures {
		if f.Category != "" && !strings.HasPrefix(m.Rule, f.Category+".") {
			continue
		}
		// a finding that names no damage is not kept from a measure by its
		// damages: the measurements say what it is
		if len(m.Damages) > 0 && f.Damage != "" && !contains(m.Damages, f.Damage) || len(m.Parts) > 0 && !contains(m.Parts, f.Part) {
			continue
		}
		if holds(&m.When, f, minTread, counts) {
			return m, true
		}
	}
	return catalog.Measure{}, false
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func holds(w *catalog.When, f *Finding, minTread decimal.Decimal, counts map[panelKey]int64) bool {
	m := f.Measurements
	for _, c := range []struct {
		b *catalog.Bound
		v decimal.NullDecimal
	}{{w.LengthMm, m.LengthMm}, {w.DiameterMm, m.DiameterMm}, {w.DepthMm, m.DepthMm}, {w.TreadMm, m.TreadMm}} {
		if c.b != nil && (!c.v.Valid || !c.b.Holds(c.v.Decimal, minTread)) {
			return false
		}
	}
	if w.CountOnPanel != nil {
		n, ok := countOnPanel(f, counts)
		if !ok || !w.CountOnPanel.Holds(decimal.NewFromInt(n), minTread) {
			return false
		}
	}
	for _, c := range []struct{ want, got *bool }{{w.PrimerVisible, m.PrimerVisible}, {w.PaintDamaged, m.PaintDamaged}, {w.DriverView, m.DriverView}} {
		if c.want != nil && (c.got == nil || *c.got != *c.want) {
			return false
		}
	}
	return true
}

// MeasureText says in German what decided: "Tiefe < 1 mm, Lack unbeschädigt".
func MeasureText(w *catalog.When) string {
	var out []string
	for _, c := range []struct {
		name, unit string
		b          *catalog.Bound
	}{{"Länge", " mm", w.LengthMm}, {"Durchmesser", " mm", w.DiameterMm}, {"Tiefe", " mm", w.DepthMm}, {"Profil", " mm", w.TreadMm}, {"Anzahl am Teil", "", w.CountOnPanel}} {
		if c.b != nil {
			unit := c.unit
			if strings.HasSuffix(c.b.String(), "Mindestprofil") {
				unit = ""
			}
			out = append(out, c.name+" "+c.b.String()+unit)
		}
	}
	for _, c := range []struct {
		v        *bool
		yes, not string
	}{{w.PrimerVisible, "Grundierung sichtbar", "Grundierung nicht sichtbar"}, {w.PaintDamaged, "Lack beschädigt", "Lack unbeschädigt"}, {w.DriverView, "im Sichtbereich des Fahrers", "außerhalb des Sichtbereichs"}} {
		if c.v != nil {
			out = append(out, map[bool]string{true: c.yes, false: c.not}[*c.v])
		}
	}
	return strings.Join(out, ", ")
}

// MeasurementsText lists what was measured, in German: "Tiefe 0,5 mm, Lack unbeschädigt".
func MeasurementsText(m *Measurements) string {
	if m.IsZero() {
		return ""
	}
	var out []string
	for _, c := range []struct {
		name string
		v    decimal.NullDecimal
	}{{"Länge", m.LengthMm}, {"Durchmesser", m.DiameterMm}, {"Tiefe", m.DepthMm}, {"Profil", m.TreadMm}} {
		if c.v.Valid {
			out = append(out, c.name+" "+money.GermanDecimal(c.v.Decimal, 0)+" mm")
		}
	}
	if m.CountOnPanel != nil {
		out = append(out, fmt.Sprintf("%d am Teil", *m.CountOnPanel))
	}
	for _, c := range []struct {
		v        *bool
		yes, not string
	}{{m.PrimerVisible, "Grundierung sichtbar", "Grundierung nicht sichtbar"}, {m.PaintDamaged, "Lack beschädigt", "Lack unbeschädigt"}, {m.DriverView, "im Sichtbereich des Fahrers", "außerhalb des Sichtbereichs"}} {
		if c.v != nil {
			out = append(out, map[bool]string{true: c.yes, false: c.not}[*c.v])
		}
	}
	return strings.Join(out, ", ")
}

// validateMeasurements checks each finding's measurements and, where they
// decide a criterion the finding contradicts, asks for the override reason.
func validateMeasurements(ps *Problems, p *Protocol, rules *catalog.Rules) {
	counts := panelCounts(p)
	for i := range p.Findings {
		f := &p.Findings[i]
		if f.Measurements.IsZero() {
			continue
		}
		at := fmt.Sprintf("findings[%d].measurements.", i)
		m := f.Measurements
		for _, c := range []struct {
			key string
			v   decimal.NullDecimal
		}{{"length_mm", m.LengthMm}, {"diameter_mm", m.DiameterMm}, {"depth_mm", m.DepthMm}} {
			if c.v.Valid && (c.v.Decimal.IsNegative() || c.v.Decimal.GreaterThan(maxMeasureMm)) {
				ps.Both(at+c.key, fmt.Sprintf("%s mm is outside 0–10000 mm", c.v.Decimal), fmt.Sprintf("%s mm liegt nicht zwischen 0 und 10.000 mm", money.GermanDecimal(c.v.Decimal, 0)))
			}
		}
		if m.TreadMm.Valid {
			treadRange(ps, at+"tread_mm", m.TreadMm.Decimal)
		}
		if m.CountOnPanel != nil && (*m.CountOnPanel < 1 || *m.CountOnPanel > 999) {
			ps.Both(at+"count_on_panel", fmt.Sprintf("%d is not a count (1–999)", *m.CountOnPanel), "Anzahl 1 bis 999")
		}
		d, want, ok := contradicted(p, f, rules, counts)
		if !ok {
			continue
		}
		why := MeasureText(&d.When)
		ps.Both(fmt.Sprintf("findings[%d].override_reason", i),
			fmt.Sprintf("is missing: the measurements decide %s (%s), the finding is judged by %s; an override needs a reason", d.Rule, why, f.Rule),
			fmt.Sprintf("Begründung fehlt: nach Messung %s (%s)", verdict(want), why))
	}
}

func verdict(c *catalog.Criterion) string {
	switch {
	case c.Acceptable:
		return "akzeptabel"
	case c.SafetyRelevant:
		return "nicht akzeptabel, sicherheitsrelevant"
	}
	return "nicht akzeptabel"
}

// explainMeasured says on each finding judged by what its measurements
// decide which measurements decided.
func explainMeasured(fvs []FindingValue, p *Protocol, rules *catalog.Rules) {
	var counts map[panelKey]int64
	for i := range p.Findings {
		f := &p.Findings[i]
		if f.Measurements.IsZero() || len(rules.Measures) == 0 {
			continue
		}
		if counts == nil {
			counts = panelCounts(p)
		}
		if m, ok := decide(p, f, rules, counts); ok && m.Rule == f.Rule {
			fvs[i].Explanation = "nach Messung (" + MeasureText(&m.When) + "): " + fvs[i].Explanation
		}
	}
}

// ruleOf is the criterion the quote shows for finding i: only a finding
// with measurements shows it, so the quote of every protocol without them
// stays byte for byte what earlier versions print and sealed bundles carry.
func ruleOf(p *Protocol, i int) string {
	if i < 0 || i >= len(p.Findings) || p.Findings[i].Measurements.IsZero() {
		return ""
	}
	return p.Findings[i].Rule
}

func (m *Measurements) clone() *Measurements {
	if m == nil {
		return nil
	}
	c := *m
	c.CountOnPanel, c.PrimerVisible, c.PaintDamaged, c.DriverView = clonePtr(m.CountOnPanel), clonePtr(m.PrimerVisible), clonePtr(m.PaintDamaged), clonePtr(m.DriverView)
	return &c
}

// Rejudge gives each finding but except whose measurements now decide a
// criterion of another verdict (acceptable, safety-relevant, accident) than
// the one it has, and that has no override reason, the decided criterion
// (ApplyMeasuredRule): an edit of finding except changed the number of
// damages on a panel that count_on_panel counts, and with it what the other
// findings' measurements decide — as if their measurement had changed. It
// returns their indexes (nil: none). A finding with an override reason
// keeps its criterion; validation asks for one only where none is given.
func Rejudge(p *Protocol, rules *catalog.Rules, except int) []int {
	rules = ProfileOf(p, rules)
	counts := panelCounts(p)
	if counts == nil {
		return nil // no finding on a panel: no count changed
	}
	var out []int
	for i := range p.Findings {
		f := &p.Findings[i]
		if i == except || f.Measurements.IsZero() {
			continue
		}
		if _, _, ok := contradicted(p, f, rules, counts); !ok {
			continue
		}
		if _, ok := ApplyMeasuredRule(p, i, rules); ok {
			out = append(out, i)
		}
	}
	return out
}

// contradicted is the measure that decides finding f when it decides a
// criterion of another verdict (acceptable, safety-relevant, accident) than
// f's own, with that criterion; ok false when none does, or f has no
// criterion yet or an override reason.
func contradicted(p *Protocol, f *Finding, rules *catalog.Rules, counts map[panelKey]int64) (catalog.Measure, *catalog.Criterion, bool) {
	if f.Rule == "" || strings.TrimSpace(f.OverrideReason) != "" {
		return catalog.Measure{}, nil, false
	}
	d, ok := decide(p, f, rules, counts)
	if !ok || d.Rule == f.Rule {
		return catalog.Measure{}, nil, false
	}
	want, ok1 := rules.Catalogue.Criterion(d.Rule)
	got, ok2 := rules.Catalogue.Criterion(f.Rule)
	if !ok1 || !ok2 || want.Acceptable == got.Acceptable && want.SafetyRelevant == got.SafetyRelevant && want.Accident == got.Accident {
		return catalog.Measure{}, nil, false
	}
	return d, want, true
}
