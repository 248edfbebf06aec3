package tui

import (
	"slices"
	"strings"

	"rueckgabe/inspection"
)

// The repair methods that fit a part (issue 23): a key is replaced or not,
// never painted; a windscreen is repaired or replaced, never painted. The
// finding editor offers these, in the guide's order (Smart Repair first
// where it applies). A part typed freely, or of a category not listed here,
// is offered every method.
const (
	rSmart   = inspection.RepairSmart
	rRepair  = inspection.RepairRepair
	rPaint   = inspection.RepairPaint
	rRepPnt  = inspection.RepairRepairPaint
	rReplace = inspection.RepairReplace
	rNone    = inspection.RepairNone
)

// partRepairs is a rule: parts whose name starts with one of the prefixes
// (all parts of the category when none) take the methods.
type partRepairs struct {
	prefixes []string
	methods  []string
}

// repairsByCategory holds the rules per catalogue category id; the first
// rule that matches a part decides.
var repairsByCategory = map[string][]partRepairs{
	"lackierung": {{methods: []string{rSmart, rPaint, rRepPnt, rNone}}},
	"verglasung_beleuchtung": {
		{prefixes: []string{"Frontscheibe", "Heckscheibe", "Seitenscheibe", "Schiebedach"}, methods: []string{rRepair, rReplace, rNone}},
		{methods: []string{rRepair, rReplace, rNone}}, // lights and mirror glass: no paint, no smart repair
	},
	"reifen_felgen_radkappen": {
		{prefixes: []string{"Felge"}, methods: []string{rSmart, rRepair, rPaint, rRepPnt, rReplace, rNone}},
		{methods: []string{rReplace, rNone}}, // tyres, hub caps, wheels: replaced
	},
	"interieur":         {{methods: []string{rSmart, rRepair, rReplace, rNone}}},
	"mechanik_elektrik": {{methods: []string{rRepair, rReplace, rNone}}},
	"lieferumfang": {
		{prefixes: []string{"Fahrzeugschlüssel", "Zulassungsbescheinigung", "Serviceheft", "Navigations-CD", "Tank-/Ladekarte", "Funkfernbedienung"}, methods: []string{rReplace, rNone}},
		{methods: []string{rRepair, rReplace, rNone}},
	},
	"zubehoer": {
		{prefixes: []string{"Armaturenbrett", "Mittelkonsole", "Türverkleidung", "Hutablage", "Kofferraum", "Lautsprecher"}, methods: []string{rSmart, rRepair, rReplace, rNone}},
		{prefixes: []string{"Anhängerkupplung", "Dachträger", "Antenne"}, methods: []string{rRepair, rReplace, rNone}},
	},
}

// repairsFor lists the methods offered for a part of a category; current,
// the method the finding already has, is always among them.
func repairsFor(category, part, current string) []string {
	methods := inspection.RepairMethods
	for _, r := range repairsByCategory[category] {
		if len(r.prefixes) == 0 || slices.ContainsFunc(r.prefixes, func(p string) bool { return strings.HasPrefix(part, p) }) {
			methods = r.methods
			break
		}
	}
	if current != "" && !slices.Contains(methods, current) {
		// an older finding's method stays selectable, in the guide's order
		methods = slices.DeleteFunc(slices.Clone(inspection.RepairMethods), func(m string) bool {
			return m != current && !slices.Contains(methods, m)
		})
	}
	return methods
}
