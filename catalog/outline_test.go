package catalog

import (
	"strings"
	"testing"
)

func TestBuiltinOutlinesDrawEveryBodyWithCataloguePartsOnly(t *testing.T) {
	all, err := Outlines()
	if err != nil {
		t.Fatal(err)
	}
	cat := MustDefault().Catalogue
	for _, body := range Bodies {
		o := all[body]
		if o == nil {
			t.Fatalf("no outline for %s", body)
		}
		if err := o.CheckParts(body, cat); err != nil {
			t.Errorf("%s: %v", body, err)
		}
		for _, vid := range Views {
			v, ok := o.View(vid)
			if !ok || len(v.Panels) == 0 {
				t.Errorf("%s: view %s missing or empty", body, vid)
				continue
			}
			// every panel can be hit at its centre: the diagram's keys and
			// the mouse reach each one
			for i := range v.Panels {
				p := &v.Panels[i]
				if x, y := p.Centre(); v.At(x, y) != p {
					t.Errorf("%s/%s: panel %s is hidden at its centre (%v,%v) by %v", body, vid, p.ID, x, y, v.At(x, y))
				}
			}
		}
	}
	if _, ok := all[BodyKombi].Panel(ViewRear, "heckklappe"); !ok {
		t.Error("a Kombi has a Heckklappe")
	}
	if _, ok := all[BodyLimousine].Panel(ViewRear, "kofferraumdeckel"); !ok {
		t.Error("a Limousine has a Kofferraumdeckel")
	}
	if o, err := OutlineFor(""); err != nil || o.Body != BodyLimousine {
		t.Errorf("default body = %v, %v", o, err)
	}
	if _, err := OutlineFor("cabrio"); err == nil || !strings.Contains(err.Error(), "limousine, kombi, suv") {
		t.Errorf("unknown body: %v", err)
	}
}

func TestOutlineProblemsNameTheirPath(t *testing.T) {
	const bad = `{"format": "rueckgabe/outline@1", "body": "cabrio", "version": "1", "title": "X", "source": "",
 "views": [
  {"id": "top", "name": "Oben", "width_mm": 4700, "height_mm": 1850, "panels": [
   {"id": "dach", "name": "Dach", "key": "d", "parts": ["Dach"], "polygon": [[0,0],[500,0],[500,500]]},
   {"id": "dach", "name": "", "key": "d", "parts": [], "polygon": [[0,0],[1200,0],[0,10]]},
   {"id": "haube", "name": "Haube", "key": "H", "parts": ["Haube"], "polygon": [[0,0],[10,10],[20,20]]}
  ]},
  {"id": "below", "name": "Unten", "width_mm": 0, "height_mm": 1, "panels": []}
 ]}`
	_, err := ParseOutline("o.json", []byte(bad))
	ps, ok := AsProblems(err)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	got := ps.Error()
	for _, want := range []string{
		`body: "cabrio" is not a body style`,
		`views[0].panels[1].id: duplicate id "dach"`,
		`views[0].panels[1].name: is empty`,
		`views[0].panels[1].key: duplicate id "d"`,
		`views[0].panels[1].parts: panel "dach" names no part`,
		`views[0].panels[1].polygon[1]: [1200, 0] lies outside 0–1000`,
		`views[0].panels[2].key: "H": one letter a–z`,
		`views[0].panels[2].polygon: encloses no area`,
		`views[1].id: "below" is not a view`,
		`views[1]: width_mm and height_mm must be 1–20000`,
		`views: view "interior" is missing`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	o, _ := OutlineFor(BodySUV)
	o2 := *o
	o2.Views = append([]View(nil), o.Views...)
	o2.Views[0].Panels = append([]Panel(nil), o.Views[0].Panels...)
	o2.Views[0].Panels[0].Parts = []string{"Flügeltür"}
	if err := o2.CheckParts("suv.json", MustDefault().Catalogue); err == nil || !strings.Contains(err.Error(), `views[0].panels[0].parts[0]: "Flügeltür" is not a part of catalogue bmw-fs-2012@2`) {
		t.Errorf("CheckParts = %v", err)
	}
}

func TestMeasuresAreCheckedAgainstTheCatalogue(t *testing.T) {
	prof := strings.Replace(dealerProfile, `"vat_percent": "19",`, `"vat_percent": "19", "min_tread_mm": "3",
  "measures": [
    {"rule": "karosserie.ok9", "when": {"depth_mm": {"lt": "1"}}},
    {"rule": "karosserie.ok1", "damages": ["Steinschlag"], "parts": ["Frontscheibe"], "when": {"depth_mm": {"lt": "1,5"}}},
    {"rule": "lackierung.x1", "when": {}},
    {"rule": "lackierung.x1", "when": {"length_mm": {}}},
    {"rule": "reifen_felgen_radkappen.x1", "when": {"tread_mm": {"lt": "min_tread"}, "depth_mm": {"lt": "min_tread"}}},
    {"rule": "lackierung.ok6", "when": {"diameter_mm": {"le": "3"}, "count_on_panel": {"le": "4"}}}
  ],`, 1)
	if prof == dealerProfile {
		t.Fatal("test profile has no min_tread_mm to anchor on")
	}
	_, err := ParseProfile("p.json", []byte(prof))
	ps, ok := AsProblems(err)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	got := ps.Error()
	for _, want := range []string{
		`measures[0].rule: "karosserie.ok9" is not a criterion`,
		`measures[1].damages[0]: "Steinschlag" is not a damage of category karosserie`,
		`measures[1].parts[0]: "Frontscheibe" is not a part of category karosserie`,
		`measures[1].when.depth_mm: "1,5" is not a limit`,
		`measures[2].when: names no condition`,
		`measures[3].when.length_mm: names no limit`,
		`measures[4].when.depth_mm: "min_tread" is not a limit`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "measures[5]") || strings.Contains(got, "measures[4].when.tread_mm") {
		t.Errorf("a valid measure was refused:\n%s", got)
	}
}
