package inspection

import (
	"fmt"
	"slices"
	"strings"

	"rueckgabe/catalog"
	"rueckgabe/money"
)

// What the inspector has to have looked at before signing, besides the
// categories: every wheel, the delivery scope, a price (or why none) for
// every not-acceptable finding (RULES.md §1.7–1.8, docs/rules.md).

// ScopeLine is one line of the delivery scope as checked: an item the
// profile expects, or one the protocol lists.
type ScopeLine struct {
	Item     string
	Expected int64
	Returned int64
	Note     string
	Index    int  // into Protocol.Delivery; -1 when the protocol does not list it
	Checked  bool // listed (its counts are the confirmation) or confirmed by AllDelivered
}

// DeliveryScope is the delivery scope of a protocol: the profile's items
// (those expected at least once) in the profile's order, each with the
// protocol's line for it when there is one, then the lines the profile does
// not name. An item the protocol does not list was never checked — unless the
// inspector confirmed the whole scope ("alles vollständig"): then it came back
// as expected.
func DeliveryScope(p *Protocol, rules *catalog.Rules) []ScopeLine {
	rules = ProfileOf(p, rules)
	used := make([]bool, len(p.Delivery))
	var out []ScopeLine
	for _, d := range scopeItems(p, rules) {
		if d.Expected <= 0 {
			continue
		}
		l := ScopeLine{Item: d.Item, Expected: int64(d.Expected), Index: -1, Checked: p.AllDelivered}
		if l.Checked {
			l.Returned = l.Expected
		}
		if i := deliveryIndex(p.Delivery, used, d.Item); i >= 0 {
			used[i] = true
			it := p.Delivery[i]
			l = ScopeLine{Item: it.Item, Expected: it.Expected, Returned: it.Returned, Note: it.Note, Index: i, Checked: true}
		}
		out = append(out, l)
	}
	for i, it := range p.Delivery {
		if !used[i] {
			out = append(out, ScopeLine{Item: it.Item, Expected: it.Expected, Returned: it.Returned, Note: it.Note, Index: i, Checked: true})
		}
	}
	return out
}

// deliveryIndex is the first unused line for item (case and surrounding
// spaces aside), or -1.
func deliveryIndex(items []DeliveryItem, used []bool, item string) int {
	for i, it := range items {
		if !used[i] && strings.EqualFold(strings.TrimSpace(it.Item), strings.TrimSpace(item)) {
			return i
		}
	}
	return -1
}

// ConfirmDelivery is "alles vollständig". When every line the protocol lists
// came back in full, the whole scope is confirmed as expected (AllDelivered).
// When one is short, the whole scope cannot be: every unchecked line is then
// listed as returned in full, the short ones stay as they are and are
// returned, to be named to the inspector.
func (p *Protocol) ConfirmDelivery(rules *catalog.Rules) (short []DeliveryItem) {
	for _, d := range p.Delivery {
		if d.Returned < d.Expected {
			short = append(short, d)
		}
	}
	if len(short) == 0 {
		p.AllDelivered = true
		return nil
	}
	p.listUnchecked(rules)
	return short
}

// listUnchecked writes every scope line not listed yet as returned as
// expected: what AllDelivered confirmed, one line each.
func (p *Protocol) listUnchecked(rules *catalog.Rules) {
	for _, l := range DeliveryScope(p, rules) {
		if l.Index < 0 {
			p.Delivery = append(p.Delivery, DeliveryItem{Item: l.Item, Expected: l.Expected, Returned: l.Expected})
		}
	}
}

// SetDelivery records the counts of a scope line: the inspector checked it.
// A line short of its count withdraws "alles vollständig" — the other lines
// it confirmed are then listed one by one, so none of them becomes unchecked.
// It reports whether it withdrew it.
func (p *Protocol) SetDelivery(rules *catalog.Rules, l ScopeLine, returned, expected int64) (withdrawn bool) {
	if p.AllDelivered && returned < expected {
		p.listUnchecked(rules)
		p.AllDelivered, withdrawn = false, true
		if l.Index < 0 { // now listed: no line had its name before
			l.Index = deliveryIndex(p.Delivery, make([]bool, len(p.Delivery)), l.Item)
		}
	}
	if l.Index < 0 {
		p.Delivery = append(p.Delivery, DeliveryItem{Item: l.Item, Expected: expected, Returned: returned})
		return withdrawn
	}
	p.Delivery[l.Index].Returned, p.Delivery[l.Index].Expected = returned, expected
	return withdrawn
}

// UnmeasuredWheels are the wheels with neither a tread depth nor a reason
// why none could be measured, in the protocol's order, then the standard
// positions (VL, VR, HL, HR) the protocol does not list at all.
func UnmeasuredWheels(p *Protocol) []string {
	var out []string
	for _, w := range p.Tyres.Wheels {
		if !w.TreadMm.Valid && strings.TrimSpace(w.NotMeasurable) == "" && strings.TrimSpace(w.Position) != "" {
			out = append(out, w.Position)
		}
	}
	for _, pos := range WheelPositions {
		if !slices.ContainsFunc(p.Tyres.Wheels, func(w Wheel) bool { return strings.EqualFold(strings.TrimSpace(w.Position), pos) }) {
			out = append(out, pos)
		}
	}
	return out
}

// ChargesNothing reports a not-acceptable finding that costs nothing — no
// repair cost, no mercantile depreciation: it needs "ohne Berechnung" with a
// reason before signing, so that 0,00 € is a statement, not an omission.
func (f *Finding) ChargesNothing() bool {
	if f.Acceptable || !f.RepairCost().IsZero() || f.BaselineFinding != nil && !f.FactorPercent.Valid {
		return false
	}
	return !f.Depreciation.Amount.Valid || f.Depreciation.Amount.Decimal.IsZero()
}

// missingChecks are the readiness lines of this file.
func missingChecks(p *Protocol, rules *catalog.Rules) []string {
	var out []string
	if open := UnmeasuredWheels(p); len(open) > 0 {
		out = append(out, fmt.Sprintf("Reifen %s: Profiltiefe fehlt (messen oder „nicht messbar“ mit Begründung)", strings.Join(open, ", ")))
	}
	if !p.AllDelivered {
		scope := DeliveryScope(p, rules)
		var open []string
		for _, l := range scope {
			if !l.Checked {
				open = append(open, l.Item)
			}
		}
		switch {
		case len(open) > 0:
			out = append(out, fmt.Sprintf("Lieferumfang nicht geprüft: %s (Anzahl erfassen oder „alles vollständig“ bestätigen)", strings.Join(open, ", ")))
		case len(scope) == 0:
			out = append(out, "Lieferumfang nicht bestätigt (Positionen erfassen oder „alles vollständig“ bestätigen)")
		}
	}
	for i := range p.Findings {
		f := &p.Findings[i]
		if f.ChargesNothing() && !p.IsDelivery() && strings.TrimSpace(f.NoChargeReason) == "" {
			out = append(out, fmt.Sprintf("Befund %d (%s): nicht akzeptabel zu %s – Kosten erfassen oder „ohne Berechnung“ begründen", i+1, findingName(f), money.Euro(f.RepairCost())))
		}
	}
	return out
}

// findingName names a finding for a list: its part, else its damage.
func findingName(f *Finding) string {
	for _, s := range []string{f.Part, f.Damage, f.Category} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return "ohne Bauteil"
}

// fullBasisMarks names, in English and German, the marks that give a
// finding a basis of 100 % (RULES.md §3): safety-relevant, accident damage,
// owed rather than worn. "" when the table applies.
func fullBasisMarks(f *Finding, cat *catalog.Catalogue) (en, de string) {
	var ens, des []string
	if f.SafetyRelevant {
		ens, des = append(ens, "safety-relevant"), append(des, "sicherheitsrelevant")
	}
	if f.Accident {
		ens, des = append(ens, "unrepaired accident damage"), append(des, "Unfallschaden")
	}
	if r, ok := cat.Criterion(f.Rule); ok && r.FullCharge {
		ens, des = append(ens, "owed, not worn"), append(des, "geschuldet, nicht abgenutzt")
	}
	return strings.Join(ens, ", "), strings.Join(des, ", ")
}

// validateChecks checks the fields of this file against each other.
func validateChecks(ps *Problems, p *Protocol) {
	for i, w := range p.Tyres.Wheels {
		if w.TreadMm.Valid && strings.TrimSpace(w.NotMeasurable) != "" {
			ps.Both(fmt.Sprintf("tyres.wheels[%d].not_measurable", i), fmt.Sprintf("is given with a tread depth of %s mm; a wheel is measured or not measurable", w.TreadMm.Decimal),
				fmt.Sprintf("„nicht messbar“, aber %s mm gemessen: eines von beiden", money.GermanDecimal(w.TreadMm.Decimal, 1)))
		}
	}
	if p.AllDelivered {
		for i, d := range p.Delivery {
			if d.Returned < d.Expected {
				ps.Both("delivery_complete", fmt.Sprintf("is true, but delivery[%d] (%s) came back %d of %d; confirm the whole scope only when nothing is short", i, d.Item, d.Returned, d.Expected),
					fmt.Sprintf("„alles vollständig“, aber %s: %d von %d zurück", d.Item, d.Returned, d.Expected))
			}
		}
	}
	for i := range p.Findings {
		f := &p.Findings[i]
		if c := f.RepairCost(); strings.TrimSpace(f.NoChargeReason) != "" && c.IsPositive() {
			ps.Both(fmt.Sprintf("findings[%d].no_charge_reason", i), fmt.Sprintf("is given, but the finding costs %s; no_charge_reason goes with a cost of 0", money.JSON(c)),
				fmt.Sprintf("„ohne Berechnung“, aber Kosten %s: Begründung löschen oder Kosten 0", money.Euro(c)))
		}
	}
}
