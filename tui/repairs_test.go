package tui

import (
	"slices"
	"strings"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// The hints are data a lessor's file can get wrong: every catalogue they
// name is built in, every category is the catalogue's, every prefix starts
// a part of it, every method is a repair method in the guide's order, and
// every profile named exists.
func TestHintsFitTheCatalogues(t *testing.T) {
	h, err := catalog.BuiltinHints()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	catalogues := map[string]*catalog.Catalogue{}
	profiles := map[string]bool{}
	for _, r := range reg.List() {
		catalogues[r.Catalogue.ID] = r.Catalogue
		profiles[r.ID] = true
	}
	if len(h.Repairs) == 0 || len(h.ProfileMakes) == 0 {
		t.Fatal("no hints loaded")
	}
	for id := range h.ProfileMakes {
		if !profiles[id] {
			t.Errorf("make for unknown profile %q", id)
		}
	}
	for catID, cats := range h.Repairs {
		c := catalogues[catID]
		if c == nil {
			t.Errorf("repairs for unknown catalogue %q", catID)
			continue
		}
		for catName, rules := range cats {
			cat, ok := c.Category(catName)
			if !ok {
				t.Errorf("%s: unknown category %q", catID, catName)
				continue
			}
			for _, r := range rules {
				for _, p := range r.Prefixes {
					if !slices.ContainsFunc(cat.Parts, func(part string) bool { return strings.HasPrefix(part, p) }) {
						t.Errorf("%s/%s: prefix %q starts no part", catID, catName, p)
					}
				}
				last := -1
				for _, m := range r.Methods {
					i := slices.Index(inspection.RepairMethods, m)
					if i < 0 || i <= last {
						t.Errorf("%s/%s: method %q unknown or out of the guide's order", catID, catName, m)
					}
					last = i
				}
			}
		}
	}
}
