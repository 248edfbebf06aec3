package catalog

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// guideCounts is the number of acceptable and not-acceptable criteria per
// category, counted by hand in the BMW guide (sources/bmw-fs-leitfaden-ruecknahme-2012.txt).
var guideCounts = []struct {
	id        string
	ok, notOK int
}{
	{"karosserie", 1, 4},
	{"lackierung", 6, 6},
	{"stossfaenger", 2, 4},
	{"verglasung_beleuchtung", 1, 6},
	{"reifen_felgen_radkappen", 5, 8},
	{"interieur", 3, 6},
	{"zubehoer", 1, 2},
	{"mechanik_elektrik", 1, 4},
	{"lieferumfang", 1, 3},
}

func TestBuiltinCatalogueHasEveryCriterionOfTheGuide(t *testing.T) {
	c := MustDefault().Catalogue
	if c.Ref() != "bmw-fs-2012@2" || !c.Judges("bmw-fs-2012@1") || c.Judges("bmw-fs-2012@3") {
		t.Errorf("Ref = %q", c.Ref())
	}
	if got := c.CategoryIDs(); strings.Join(got, ",") != "karosserie,lackierung,stossfaenger,verglasung_beleuchtung,reifen_felgen_radkappen,interieur,zubehoer,mechanik_elektrik,lieferumfang" {
		t.Fatalf("category order = %v", got)
	}
	for i, want := range guideCounts {
		cat := c.Categories[i]
		var ok, notOK int
		for _, r := range cat.Criteria {
			if r.Acceptable {
				ok++
			} else {
				notOK++
			}
			if !strings.HasPrefix(r.ID, cat.ID+".") {
				t.Errorf("rule %s is not named after its category %s", r.ID, cat.ID)
			}
		}
		if ok != want.ok || notOK != want.notOK {
			t.Errorf("%s: %d acceptable / %d not, guide has %d / %d", cat.ID, ok, notOK, want.ok, want.notOK)
		}
		if len(cat.Parts) == 0 {
			t.Errorf("%s: no parts for the pick list", cat.ID)
		}
	}
	for _, id := range []string{"voraussetzung", "unfallschaeden", "reparaturarten"} {
		if _, ok := c.Text(id); !ok {
			t.Errorf("general text %q missing", id)
		}
	}
	if r, ok := c.Criterion("lackierung.x3"); !ok || r.Text != "Rostunterwanderung durch äußere Einwirkung" {
		t.Errorf("lackierung.x3 = %+v", r)
	}
}

// guideMisprints are the guide's three misprints and their correction
// (issue 9, RULES.md: customers read the corrected words; docs/rules.md keeps
// the original spelling).
var guideMisprints = strings.NewReplacer(
	"Blebschäden", "Blechschäden",
	"Absplinterungen", "Absplitterungen",
	"Farbverblässung", "Farbverblassung",
)

// TestCriteriaWordedAsTheGuide compares every criterion with the bullet lines of
// the source text, section by section, when the shared sources are present;
// the source's misprints are corrected first and must not survive anywhere.
func TestCriteriaWordedAsTheGuide(t *testing.T) {
	f, err := os.Open("../../shared/domain/sources/bmw-fs-leitfaden-ruecknahme-2012.txt")
	if err != nil {
		t.Skipf("source guide not available: %v", err)
	}
	defer f.Close()
	headings := map[string]string{
		"KAROSSERIE.": "karosserie", "LACKIERUNG.": "lackierung", "STOSSFÄNGER.": "stossfaenger",
		"VERGLASUNG / BELEUCHTUNG.": "verglasung_beleuchtung", "REIFEN / FELGEN / RADKAPPEN.": "reifen_felgen_radkappen",
		"INTERIEUR.": "interieur", "SCHÄDEN DURCH EIN- UND AUSBAU VON ZUBEHÖR.": "zubehoer",
		"MECHANIK/ELEKTRIK.": "mechanik_elektrik", "LIEFERUMFANG.": "lieferumfang",
	}
	source := map[string][]string{} // "cat/ok" or "cat/x" → bullets in order
	var cat, side string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if id, ok := headings[line]; ok {
			cat, side = id, ""
			continue
		}
		switch {
		case strings.Contains(line, "**akzeptabel**"):
			side = "ok"
		case strings.Contains(line, "**nicht akzeptabel**"):
			side = "x"
		case cat != "" && side != "" && strings.HasPrefix(line, "- "):
			source[cat+"/"+side] = append(source[cat+"/"+side], guideMisprints.Replace(strings.TrimPrefix(line, "- ")))
		}
	}
	c := MustDefault().Catalogue
	for _, category := range c.Categories {
		var ok, x []string
		for _, r := range category.Criteria {
			if r.Acceptable {
				ok = append(ok, r.Text)
			} else {
				x = append(x, r.Text)
			}
		}
		compareTexts(t, category.ID+" acceptable", ok, source[category.ID+"/ok"])
		compareTexts(t, category.ID+" not acceptable", x, source[category.ID+"/x"])
	}
	raw, err := builtinFS.ReadFile("data/bmw-fs-2012.json")
	if err != nil {
		t.Fatal(err)
	}
	if fixed := guideMisprints.Replace(string(raw)); fixed != string(raw) {
		t.Error("the built-in catalogue still carries one of the guide's misprints")
	}
}

func compareTexts(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d criteria, source has %d", what, len(got), len(want))
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s[%d]:\n got  %q\n want %q", what, i, got[i], want[i])
		}
	}
}

func TestCatalogueProblemsAreAllReported(t *testing.T) {
	data := `{"format":"rueckgabe/catalogue@1","id":"x","version":"",
	 "categories":[
	   {"id":"a","name":"A","criteria":[{"id":"a.1","text":"eins"},{"id":"a.1","text":"zwei"}]},
	   {"id":"a","name":"","criteria":[]},
	   {"id":"b","name":"B","criteria":[{"id":"a.1","text":""}]}]}`
	_, err := ParseCatalogue("lessor.json", []byte(data))
	ps, ok := AsProblems(err)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		"lessor.json: version: is empty",
		"lessor.json: categories[0].criteria[1].id: duplicate id \"a.1\" (first at categories[0].criteria[0].id)",
		"lessor.json: categories[1].id: duplicate id \"a\"",
		"lessor.json: categories[1].name: is empty",
		"lessor.json: categories[1].criteria: category \"a\" has no criteria",
		"lessor.json: categories[2].criteria[0].id: duplicate id \"a.1\"",
		"lessor.json: categories[2].criteria[0].text: is empty",
	}
	assertProblems(t, ps, want)
}

func TestUnknownFieldAndSyntaxErrorsNameTheLine(t *testing.T) {
	_, err := ParseCatalogue("c.json", []byte("{\n\"format\": \"rueckgabe/catalogue@1\",\n\"categroies\": []}"))
	if err == nil || !strings.Contains(err.Error(), `unknown field "categroies"`) {
		t.Errorf("unknown field: %v", err)
	}
	_, err = ParseFactors("f.json", []byte("{\n\"rows\": [\n{\"months\": [0, 12],,}]}"))
	if err == nil || !strings.Contains(err.Error(), "f.json: line 3:") {
		t.Errorf("syntax error: %v", err)
	}
}

func assertProblems(t *testing.T, ps Problems, want []string) {
	t.Helper()
	if len(ps) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(ps), len(want), ps)
	}
	for i := 0; i < min(len(ps), len(want)); i++ {
		if !strings.HasPrefix(ps[i].Error(), want[i]) {
			t.Errorf("problem %d:\n got  %s\n want %s…", i, ps[i].Error(), want[i])
		}
	}
}
