package tui

import (
	"slices"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// The repair methods that fit a part (issue 23): a key is replaced or not,
// never painted; a windscreen is repaired or replaced, never painted. Which
// fit is data (catalog.Hints, catalog/data/hints/): the finding editor
// offers these, in the guide's order (Smart Repair first where it
// applies). A part typed freely, or of a category the hints do not list, is
// offered every method.

// repairsFor lists the methods offered for a part of a category of a
// catalogue; current, the method the finding already has, is always among
// them.
func repairsFor(h *catalog.Hints, catalogueID, category, part, current string) []string {
	methods := inspection.RepairMethods
	if m := h.RepairsFor(catalogueID, category, part); m != nil {
		methods = m
	}
	if current != "" && !slices.Contains(methods, current) {
		// an older finding's method stays selectable, in the guide's order
		methods = slices.DeleteFunc(slices.Clone(inspection.RepairMethods), func(m string) bool {
			return m != current && !slices.Contains(methods, m)
		})
	}
	return methods
}
