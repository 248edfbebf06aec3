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

// Issue 14: a pick list finds what is typed without umlauts or diacritics.
func TestPicklistFoldsWhatIsTyped(t *testing.T) {
	c := &Common{Styles: NewStyles(true), Keys: DefaultKeys()}
	items := []string{"Motorhaube", "Tür vorn links", "Leasing Österreich", "Łukasz Wałęsa", "Straße"}
	for q, want := range map[string]string{"tuer": "Tür vorn links", "tur v": "Tür vorn links", "oester": "Leasing Österreich", "lukasz": "Łukasz Wałęsa", "strasse": "Straße"} {
		p := newPicklist(c, "t", items, false, false)
		p.filter.SetValue(q)
		p.refilter()
		if len(p.shown) == 0 || items[p.shown[0]] != want {
			t.Errorf("%q: first match %v, want %q", q, p.shown, want)
		}
	}
}
