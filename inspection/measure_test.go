package inspection

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"rueckgabe/catalog"
)

// The six findings of the tried return, recorded by pointing at the car:
// where each is and what was measured; the criteria follow from the
// measurements where the profile has measures for them.
const triedReturn = `[
 {"category": "lackierung", "part": "Tür hinten links", "damage": "Kratzer", "size": ">2cm - 3cm", "repair": "paint", "cost": "180.00", "note": "",
  "location": {"view": "left", "panel": "tuer_hl", "x": 620, "y": 700}, "measurements": {"length_mm": "25", "primer_visible": true}},
 {"category": "stossfaenger", "rule": "stossfaenger.x1", "part": "Stoßfänger vorn", "damage": "Riss", "size": ">5cm - 10cm", "repair": "replace", "cost": "420.00", "note": "",
  "location": {"view": "front", "panel": "stossfaenger_vorn"}},
 {"category": "verglasung_beleuchtung", "part": "Frontscheibe", "damage": "Steinschlag", "size": "stecknadelkopfgroß", "repair": "repair", "cost": "90.00", "note": "",
  "location": {"view": "front", "panel": "frontscheibe", "x": 300, "y": 250}, "measurements": {"diameter_mm": "1.5", "driver_view": true}},
 {"category": "interieur", "rule": "interieur.ok3", "part": "Fahrersitz", "damage": "abgelöst", "size": "bis 1cm", "repair": "none", "note": "Einstiegswange",
  "location": {"view": "interior", "panel": "fahrersitz"}},
 {"category": "lieferumfang", "rule": "lieferumfang.x1", "part": "Fahrzeugschlüssel", "damage": "fehlt", "size": "", "repair": "replace", "cost": "250.00", "note": ""},
 {"category": "reifen_felgen_radkappen", "part": "Reifen HL", "damage": "Profiltiefe zu gering", "size": "stark", "repair": "replace", "cost": "160.00", "note": "",
  "location": {"view": "left", "panel": "rad_hl"}, "measurements": {"tread_mm": "1.4"}},
 {"category": "karosserie", "part": "Tür vorn links", "damage": "Delle", "size": "bis 1cm", "repair": "smart_repair", "cost": "80.00", "note": "",
  "location": {"view": "left", "panel": "tuer_vl"}, "measurements": {"depth_mm": "0.5", "diameter_mm": "8", "paint_damaged": false}}
]`

func TestMeasurementsDecideTheCriterion(t *testing.T) {
	data := specWith(t, map[string]any{"profile": "bmw-fs-de@3"}, triedReturn, "")
	p, v := decodeOK(t, data)
	want := []struct{ rule, basis string }{
		{"lackierung.x1", "table"},              // primer visible
		{"stossfaenger.x1", "table"},            // chosen: no measure for a crack
		{"verglasung_beleuchtung.x3", "safety"}, // driver's view
		{"interieur.ok3", "acceptable"},
		{"lieferumfang.x1", "full"},
		{"reifen_felgen_radkappen.x1", "safety"}, // below 1.6 mm
		{"karosserie.ok1", "acceptable"},         // < 1 mm, paint intact
	}
	q, err := QuoteJSON(p, &v)
	if err != nil {
		t.Fatal(err)
	}
	var quote struct {
		Findings []struct{ Rule, Basis, Explanation string }
	}
	if err := json.Unmarshal(q, &quote); err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		f := quote.Findings[i]
		quoted := w.rule // the quote names the rule of a measured finding only
		if p.Findings[i].Measurements == nil {
			quoted = ""
		}
		if p.Findings[i].Rule != w.rule || f.Rule != quoted || f.Basis != w.basis {
			t.Errorf("finding %d: rule %s (quote %q), basis %s; want %s, %s", i, p.Findings[i].Rule, f.Rule, f.Basis, w.rule, w.basis)
		}
	}
	if !p.Findings[2].SafetyRelevant || p.Findings[2].Acceptable || !p.Findings[6].Acceptable {
		t.Errorf("marks not taken from the measured criterion: %+v / %+v", p.Findings[2], p.Findings[6])
	}
	if e := quote.Findings[6].Explanation; !strings.HasPrefix(e, "nach Messung (Tiefe < 1 mm, Lack unbeschädigt): ") {
		t.Errorf("explanation of the measured dent = %q", e)
	}
	if e := quote.Findings[1].Explanation; strings.Contains(e, "Messung") {
		t.Errorf("a chosen criterion claims a measurement: %q", e)
	}
	// the glass chip, no longer in the driver's view but larger than a pinhead
	larger := strings.Replace(triedReturn, `{"diameter_mm": "1.5", "driver_view": true}`, `{"diameter_mm": "2.5", "driver_view": false}`, 1)
	p2, _ := decodeOK(t, specWith(t, map[string]any{"profile": "bmw-fs-de@3"}, larger, ""))
	if f := p2.Findings[2]; f.Rule != "verglasung_beleuchtung.x2" || !f.SafetyRelevant || f.Acceptable {
		t.Errorf("chip of 2.5 mm: %s safety=%t acceptable=%t", f.Rule, f.SafetyRelevant, f.Acceptable)
	}
	small := strings.Replace(triedReturn, `{"diameter_mm": "1.5", "driver_view": true}`, `{"diameter_mm": "2", "driver_view": false}`, 1)
	p3, _ := decodeOK(t, specWith(t, map[string]any{"profile": "bmw-fs-de@3"}, small, ""))
	if f := p3.Findings[2]; f.Rule != "verglasung_beleuchtung.ok1" || !f.Acceptable {
		t.Errorf("pinhead outside the view: %s acceptable=%t", f.Rule, f.Acceptable)
	}
	// a protocol's own minimum tread raises the bar
	deep := strings.Replace(triedReturn, `"tread_mm": "1.4"`, `"tread_mm": "2.5"`, 1)
	p4, _ := decodeOK(t, specWith(t, map[string]any{"profile": "bmw-fs-de@3"}, deep, ""))
	if f := p4.Findings[5]; f.Rule != "reifen_felgen_radkappen.ok1" {
		t.Errorf("2.5 mm at 1.6 minimum: %s", f.Rule)
	}
	p5, _ := decodeOK(t, specWith(t, map[string]any{"profile": "bmw-fs-de@3", "tyres": map[string]any{"min_tread_mm": "3"}}, deep, ""))
	if f := p5.Findings[5]; f.Rule != "reifen_felgen_radkappen.x1" {
		t.Errorf("2.5 mm at 3 mm minimum: %s", f.Rule)
	}
	// the older profile has no measures: nothing is derived
	p6, _ := Decode(specWith(t, map[string]any{"profile": "bmw-fs-de@2"}, triedReturn, ""), rules)
	if p6.Findings[0].Rule != "" {
		t.Errorf("bmw-fs-de@2 derived %s", p6.Findings[0].Rule)
	}
}

func TestAMeasuredContradictionNeedsAReason(t *testing.T) {
	chosen := strings.Replace(triedReturn, `"damage": "Delle",`, `"rule": "karosserie.x1", "damage": "Delle",`, 1)
	got := problemsOf(specWith(t, map[string]any{"profile": "bmw-fs-de@3"}, chosen, ""))
	want := "findings[6].override_reason: is missing: the measurements decide karosserie.ok1 (Tiefe < 1 mm, Lack unbeschädigt), the finding is judged by karosserie.x1; an override needs a reason"
	if !strings.Contains(got, want) {
		t.Errorf("problems:\n%s\nlack %s", got, want)
	}
	reason := strings.Replace(chosen, `"rule": "karosserie.x1", "damage": "Delle",`, `"rule": "karosserie.x1", "override_reason": "Delle auf der Sicke, nur durch Ausbeulen zu beheben", "damage": "Delle",`, 1)
	if got := problemsOf(specWith(t, map[string]any{"profile": "bmw-fs-de@3"}, reason, "")); strings.Contains(got, "findings[6]") {
		t.Errorf("with a reason: %s", got)
	}
	// another criterion with the same marks is no contradiction
	same := strings.Replace(triedReturn, `"damage": "Kratzer", "size"`, `"rule": "lackierung.x4", "damage": "Kratzer", "size"`, 1)
	if got := problemsOf(specWith(t, map[string]any{"profile": "bmw-fs-de@3"}, same, "")); strings.Contains(got, "findings[0]") {
		t.Errorf("same marks: %s", got)
	}
}

func TestLocationProblems(t *testing.T) {
	bad := strings.Replace(triedReturn, `{"view": "left", "panel": "tuer_hl", "x": 620, "y": 700}`, `{"view": "left", "panel": "heckklappe", "x": 1200, "y": -1}`, 1)
	bad = strings.Replace(bad, `{"view": "front", "panel": "stossfaenger_vorn"}`, `{"view": "below", "panel": "stossfaenger_vorn"}`, 1)
	bad = strings.Replace(bad, `"tread_mm": "1.4"`, `"tread_mm": "31", "count_on_panel": 0, "length_mm": "-2"`, 1)
	veh := map[string]any{"vin": "WBAUL91000VF71552", "plate": "M-AB 1234", "first_registration": "2021-03-19", "delivery_odometer_km": 0, "body": "cabrio"}
	got := problemsOf(specWith(t, map[string]any{"profile": "bmw-fs-de@3", "vehicle": veh}, bad, ""))
	for _, want := range []string{
		`vehicle.body: "cabrio" is not a body style (use one of limousine, kombi, suv)`,
		`findings[0].location.panel: "heckklappe" is not a panel of view "left" of the limousine outline (use one of`,
		`findings[0].location.x: 1200 is outside 0–1000`,
		`findings[0].location.y: -1 is outside 0–1000`,
		`findings[1].location.panel: view "below" is not a view of the outline`,
		`findings[5].measurements.tread_mm: 31 mm is not a tread depth`,
		`findings[5].measurements.count_on_panel: 0 is not a count`,
		`findings[5].measurements.length_mm: -2 mm is outside`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q in\n%s", want, got)
		}
	}
	// the same panel on a Kombi: a Heckklappe, drawn from behind
	veh["body"] = "kombi"
	kombi := strings.Replace(triedReturn, `{"view": "left", "panel": "tuer_hl", "x": 620, "y": 700}`, `{"view": "rear", "panel": "heckklappe"}`, 1)
	if got := problemsOf(specWith(t, map[string]any{"profile": "bmw-fs-de@3", "vehicle": veh}, kombi, "")); strings.Contains(got, "location") || strings.Contains(got, "body") {
		t.Errorf("kombi: %s", got)
	}
}

func TestPlaceRoundTripsAndIsConditionContent(t *testing.T) {
	data := specWith(t, map[string]any{"profile": "bmw-fs-de@3"}, triedReturn, "")
	p, _ := decodeOK(t, data)
	p.Vehicle.Body = catalog.BodySUV
	out, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"body": "suv"`, `"location": {`, `"panel": "tuer_hl"`, `"x": 620`, `"measurements": {`, `"depth_mm": "0.5"`, `"paint_damaged": false`, `"diameter_mm": "1.5"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("encoded lacks %s", want)
		}
	}
	back, probs := Decode(out, rules)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	again, _ := Encode(back)
	if !bytes.Equal(out, again) {
		t.Errorf("round trip differs:\n%s\n%s", out, again)
	}
	compact, _ := EncodeCompact(p)
	viaJSON, _ := json.Marshal(toWire(p))
	if !bytes.Equal(compact, viaJSON) {
		t.Errorf("compact differs from encoding/json:\n%s\n%s", compact, viaJSON)
	}
	// the customer's agreement on the condition covers where and how big
	before, _ := Attests(p, rules, RoleCustomerCondition)
	inspector, _ := Attests(p, rules, RoleInspector)
	valuation, _ := Attests(p, rules, RoleCustomerValuation)
	c := p.Clone()
	c.Findings[6].Measurements.DepthMm = nd("0.8")
	if a, _ := Attests(c, rules, RoleCustomerCondition); a == before {
		t.Error("a changed depth keeps the condition signature")
	}
	c = p.Clone()
	c.Findings[0].Location.Panel = "tuer_vl"
	if a, _ := Attests(c, rules, RoleCustomerCondition); a == before {
		t.Error("a changed panel keeps the condition signature")
	}
	if a, _ := Attests(c, rules, RoleInspector); a == inspector {
		t.Error("a changed panel keeps the inspector's signature")
	}
	if a, _ := Attests(c, rules, RoleCustomerValuation); a != valuation {
		t.Error("the panel changed what the valuation signature covers")
	}
	// the criterion of a measured finding is condition: another with the
	// same figures leaves the valuation signature, not the condition's
	c = p.Clone()
	c.Findings[0].Rule, c.Findings[0].OverrideReason = "lackierung.x4", "Harz, nicht Kratzer"
	if a, _ := Attests(c, rules, RoleCustomerValuation); a != valuation {
		t.Error("the measured finding's criterion is in what the valuation signature covers")
	}
	if a, _ := Attests(c, rules, RoleCustomerCondition); a == before {
		t.Error("the measured finding's criterion is not in what the condition signature covers")
	}
}

// TestPlaceEncodesAsEncodingJSONDoes: the hand-written finding encoder
// writes location and measurements as encoding/json does.
func TestPlaceEncodesAsEncodingJSONDoes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := genFinding(t)
		if rapid.Bool().Draw(t, "location") {
			f.Location = &Location{View: anyText(t, "view"), Panel: anyText(t, "panel")}
			if rapid.Bool().Draw(t, "x?") {
				x := rapid.Int64Range(-5, 1005).Draw(t, "x")
				f.Location.X = &x
			}
		}
		if rapid.Bool().Draw(t, "measured") {
			b := rapid.Bool().Draw(t, "b")
			n := rapid.Int64Range(0, 9).Draw(t, "n")
			f.Measurements = &Measurements{DepthMm: nd("0.50"), LengthMm: nd(rapid.SampledFrom([]string{"12", "0", "3.25"}).Draw(t, "len")), PrimerVisible: &b, CountOnPanel: &n}
		}
		want, err := json.Marshal(findingToWire(&f))
		if err != nil {
			t.Fatal(err)
		}
		if got := appendFinding(nil, &f); !bytes.Equal(got, want) {
			t.Fatalf("\ngot  %s\nwant %s", got, want)
		}
	})
}

func TestDealerTableByPanelCounts(t *testing.T) {
	dealer, err := catalog.ParseProfile("profile-bvrla-test.json", readFile(t, "testdata/profile-bvrla-test.json"))
	if err != nil {
		t.Fatal(err)
	}
	chip := func(panel, dia string) string {
		return `{"category": "lackierung", "part": "Motorhaube", "damage": "Steinschlag", "size": "bis 1cm", "repair": "paint", "cost": "40.00", "note": "",
		  "location": {"view": "top", "panel": "` + panel + `"}, "measurements": {"diameter_mm": "` + dia + `"}}`
	}
	dent := func(dia string, paint bool) string {
		return `{"category": "karosserie", "part": "Tür vorn links", "damage": "Delle", "size": "bis 1cm", "repair": "smart_repair", "cost": "80.00", "note": "",
		  "location": {"view": "left", "panel": "tuer_vl"}, "measurements": {"diameter_mm": "` + dia + `", "paint_damaged": ` + map[bool]string{true: "true", false: "false"}[paint] + `}}`
	}
	scratch := func(l string, primer bool) string {
		return `{"category": "lackierung", "part": "Dach", "damage": "Kratzer", "size": "bis 1cm", "repair": "paint", "cost": "80.00", "note": "",
		  "location": {"view": "top", "panel": "dach"}, "measurements": {"length_mm": "` + l + `", "primer_visible": ` + map[bool]string{true: "true", false: "false"}[primer] + `}}`
	}
	decode := func(fs ...string) *Protocol {
		t.Helper()
		var m map[string]any
		_ = json.Unmarshal(specWith(t, map[string]any{"profile": nil}, "["+strings.Join(fs, ",")+"]", ""), &m)
		m["fees"] = []any{}
		b, _ := json.Marshal(m)
		p, probs := Decode(b, dealer)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		return p
	}
	rulesOf := func(p *Protocol) string {
		var out []string
		for _, f := range p.Findings {
			out = append(out, f.Rule)
		}
		return strings.Join(out, " ")
	}
	// four chips of 3 mm on the bonnet are wear; a fifth makes them all damage
	four := []string{chip("motorhaube", "3"), chip("motorhaube", "2"), chip("motorhaube", "1"), chip("motorhaube", "3")}
	if got := rulesOf(decode(four...)); got != "lackierung.ok6 lackierung.ok6 lackierung.ok6 lackierung.ok6" {
		t.Errorf("four chips: %s", got)
	}
	if got := rulesOf(decode(append(four, chip("motorhaube", "1"))...)); got != strings.TrimSpace(strings.Repeat("lackierung.x5 ", 5)) {
		t.Errorf("five chips: %s", got)
	}
	// the fifth on another panel counts there
	if got := rulesOf(decode(append(four, chip("dach", "3.5"))...)); got != "lackierung.ok6 lackierung.ok6 lackierung.ok6 lackierung.ok6 lackierung.x5" {
		t.Errorf("fifth on the roof, 3.5 mm: %s", got)
	}
	if got := rulesOf(decode(dent("15", false), dent("12", false))); got != "karosserie.ok1 karosserie.ok1" {
		t.Errorf("two dents: %s", got)
	}
	if got := rulesOf(decode(dent("15", false), dent("12", false), dent("5", false))); got != "karosserie.x1 karosserie.x1 karosserie.x1" {
		t.Errorf("three dents: %s", got)
	}
	if got := rulesOf(decode(dent("16", false), dent("5", true))); got != "karosserie.x1 karosserie.x1" {
		t.Errorf("large / paint damaged dent: %s", got)
	}
	if got := rulesOf(decode(scratch("25", false), scratch("10", true), scratch("26", false))); got != "lackierung.ok1 lackierung.x1 lackierung.x1" {
		t.Errorf("scratches: %s", got)
	}
	// a stated count wins over the diagram's
	stated := strings.Replace(chip("motorhaube", "2"), `{"diameter_mm": "2"}`, `{"diameter_mm": "2", "count_on_panel": 6}`, 1)
	if got := rulesOf(decode(stated)); got != "lackierung.x5" {
		t.Errorf("six chips stated: %s", got)
	}

	// Rejudge: one chip of five made a scratch leaves four, wear again —
	// the others are judged anew, but one with an override reason
	p := decode(append(four, chip("motorhaube", "1"))...)
	p.Findings[3].OverrideReason = "Gutachter: Steinschlag bis in die Grundierung"
	p.Findings[0].Damage = "Kratzer"
	if got := Rejudge(p, dealer, 0); !slices.Equal(got, []int{1, 2, 4}) {
		t.Errorf("rejudged %v, want [1 2 4]", got)
	}
	if got := rulesOf(p); got != "lackierung.x5 lackierung.ok6 lackierung.ok6 lackierung.x5 lackierung.ok6" {
		t.Errorf("after the scratch: %s", got)
	}
	if probs := Validate(p, dealer).At("findings[1]"); len(probs) > 0 {
		t.Errorf("a rejudged finding still has problems: %v", probs)
	}
	// and a fifth chip added makes the four damage (the fifth, being
	// edited, is judged by its editor)
	p = decode(four...)
	p.Findings = append(p.Findings, p.Findings[0])
	if got := Rejudge(p, dealer, 4); !slices.Equal(got, []int{0, 1, 2, 3}) || rulesOf(p) != strings.Repeat("lackierung.x5 ", 4)+"lackierung.ok6" {
		t.Errorf("a fifth chip: rejudged %v, rules %s", got, rulesOf(p))
	}
}

// A finding that names no damage is judged by its measurements; one that
// names another damage than a measure's is not.
func TestMeasuresAndTheNamedDamage(t *testing.T) {
	chip := func(damage string) string {
		return `[{"category": "verglasung_beleuchtung", "part": "Frontscheibe", "damage": "` + damage + `", "size": "", "repair": "repair", "cost": "90.00", "note": "",
		  "measurements": {"driver_view": true}}]`
	}
	for damage, want := range map[string]string{"": "verglasung_beleuchtung.x3", "Steinschlag": "verglasung_beleuchtung.x3", "Riss": ""} {
		p, _ := Decode(specWith(t, map[string]any{"profile": "bmw-fs-de@3"}, chip(damage), ""), rules)
		if got := p.Findings[0].Rule; got != want {
			t.Errorf("damage %q: rule %q, want %q", damage, got, want)
		}
	}
}
