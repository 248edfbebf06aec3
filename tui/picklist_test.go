package tui

import "testing"

func TestPicklistRanking(t *testing.T) {
	c := &Common{Keys: DefaultKeys(), Styles: NewStyles(true)}
	parts := testRules.Catalogue.Categories[0].Parts
	for q, want := range map[string]string{
		"tvl":   "Tür vorn links",
		"thr":   "Tür hinten rechts",
		"mh":    "Motorhaube",
		"motor": "Motorhaube",
		"dach":  "Dach",
		"kfvl":  "Kotflügel vorn links",
	} {
		p := newPicklist(c, "Bauteil", parts, false, true)
		p.filter.SetValue(q)
		p.refilter()
		if len(p.shown) == 0 || p.items[p.shown[0]] != want {
			got := "nothing"
			if len(p.shown) > 0 {
				got = p.items[p.shown[0]]
			}
			t.Errorf("%q: first match %q, want %q", q, got, want)
		}
	}
}
