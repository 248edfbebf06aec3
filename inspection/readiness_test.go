package inspection

import (
	"strings"
	"testing"
)

func TestMissingBeforeSigning(t *testing.T) {
	p := baseProtocol()
	missing := strings.Join(Missing(p, rules), "\n")
	for _, want := range []string{"Kategorie Karosserie: weder Befunde", "Kategorie Lieferumfang", "Voraussetzungen: nicht alle bestätigt", "Profil nicht festgelegt"} {
		if !strings.Contains(missing, want) {
			t.Errorf("missing lacks %q:\n%s", want, missing)
		}
	}
	p.Profile, p.ProfileHash = rules.Ref(), rules.Hash
	yes := true
	p.Preconditions = Preconditions{Cleaned: &yes, Lighting: &yes, NoWeather: &yes, DoorsOpen: &yes, Accessible: &yes}
	p.Findings = []Finding{{Category: "lackierung", Cost: nd("10")}}
	for _, c := range rules.Catalogue.CategoryIDs() {
		if c != "lackierung" {
			p.Completed = append(p.Completed, c)
		}
	}
	if m := Missing(p, rules); len(m) != 0 {
		t.Errorf("complete protocol still misses %v", m)
	}
}
