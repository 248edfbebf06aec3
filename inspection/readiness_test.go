package inspection

import (
	"strings"
	"testing"
)

func TestMissingBeforeSigning(t *testing.T) {
	p := baseProtocol()
	missing := strings.Join(Missing(p, rules), "\n")
	for _, want := range []string{"Kategorie Karosserie: weder Befunde", "Kategorie Lieferumfang", "Voraussetzungen: nicht alle bestätigt", "Profil nicht festgelegt",
		"Reifen VL, VR, HL, HR: Profiltiefe fehlt", "Lieferumfang nicht geprüft: Fahrzeugschlüssel, Zulassungsbescheinigung Teil I, Serviceheft"} {
		if !strings.Contains(missing, want) {
			t.Errorf("missing lacks %q:\n%s", want, missing)
		}
	}
	p = readyProtocol()
	if m := Missing(p, rules); len(m) != 0 {
		t.Errorf("complete protocol still misses %v", m)
	}
}

// readyProtocol has nothing open: categories done, preconditions confirmed,
// four wheels measured, the delivery scope confirmed, its finding priced.
func readyProtocol() *Protocol {
	p := baseProtocol()
	p.Profile, p.ProfileHash = rules.Ref(), rules.Hash
	yes := true
	p.Preconditions = Preconditions{Cleaned: &yes, Lighting: &yes, NoWeather: &yes, DoorsOpen: &yes, Accessible: &yes}
	p.Findings = []Finding{{Category: "lackierung", Part: "Tür vorn links", Cost: nd("10")}}
	for _, c := range rules.Catalogue.CategoryIDs() {
		if c != "lackierung" {
			p.Completed = append(p.Completed, c)
		}
	}
	for _, pos := range WheelPositions {
		p.Tyres.Wheels = append(p.Tyres.Wheels, Wheel{Position: pos, TreadMm: nd("4.5")})
	}
	p.AllDelivered = true
	return p
}

// Issue 30.3: a protocol whose tyres and delivery scope nobody looked at is
// not "vollständig", and neither is a not-acceptable finding at 0 €.
func TestNothingCheckedIsNotReady(t *testing.T) {
	one := func(edit func(p *Protocol), want string) {
		t.Helper()
		p := readyProtocol()
		edit(p)
		m := Missing(p, rules)
		if len(m) != 1 || !strings.Contains(m[0], want) {
			t.Errorf("want exactly %q, missing %q", want, m)
		}
	}
	// a new draft's wheels and scope: listed, nothing checked
	draft := NewDraft(rules, "Max Prüfer", "")
	one(func(p *Protocol) { p.Tyres = draft.Tyres },
		"Reifen VL, VR, HL, HR: Profiltiefe fehlt")
	one(func(p *Protocol) { p.AllDelivered, p.Delivery = false, draft.Delivery },
		"Lieferumfang nicht geprüft: Fahrzeugschlüssel, Zulassungsbescheinigung Teil I, Serviceheft, Bordwerkzeug, Warndreieck, Verbandskasten, Kofferraumabdeckung, Warnweste")
	one(func(p *Protocol) { p.Tyres.Wheels = p.Tyres.Wheels[:2] }, "Reifen HL, HR: Profiltiefe fehlt")
	one(func(p *Protocol) { p.Tyres.Wheels = append(p.Tyres.Wheels, Wheel{Position: "Reserve"}) }, "Reifen Reserve: Profiltiefe fehlt")
	one(func(p *Protocol) { p.Tyres.Wheels[1].TreadMm.Valid = false }, "Reifen VR: Profiltiefe fehlt")
	// a wheel that cannot be measured, said why: ready
	p := readyProtocol()
	p.Tyres.Wheels[1].TreadMm.Valid = false
	p.Tyres.Wheels[1].NotMeasurable = "Notrad montiert, Originalrad fehlt"
	if m := Missing(p, rules); len(m) != 0 {
		t.Errorf("a wheel marked not measurable with its reason still misses %v", m)
	}
	// item by item: the items listed are the check; an unlisted one is not
	one(func(p *Protocol) {
		p.AllDelivered = false
		p.Delivery = []DeliveryItem{{Item: "Fahrzeugschlüssel", Expected: 2, Returned: 1}}
		p.Dismissed = []Dismissal{{Rule: "lieferumfang.x1", Part: "Fahrzeugschlüssel", Reason: "als Gebühr"}}
	}, "Lieferumfang nicht geprüft: Zulassungsbescheinigung Teil I, Serviceheft")
	p = readyProtocol()
	p.AllDelivered = false
	p.Dismissed = []Dismissal{{Rule: "lieferumfang.x1", Part: "Fahrzeugschlüssel", Reason: "als Gebühr"}}
	for _, l := range DeliveryScope(p, rules) {
		returned := l.Expected
		if l.Item == "Fahrzeugschlüssel" {
			returned = 1
		}
		p.SetDelivery(rules, l, returned, l.Expected)
	}
	if m := Missing(p, rules); len(m) != 0 {
		t.Errorf("every item counted still misses %v", m)
	}
	// a profile without delivery items: an empty scope is not a confirmed one
	bare := *rules
	bare.DeliveryItems = nil
	p = readyProtocol()
	p.AllDelivered = false
	if m := Missing(p, &bare); len(m) != 1 || !strings.HasPrefix(m[0], "Lieferumfang nicht bestätigt") {
		t.Errorf("a profile without delivery items, nothing listed: %v", m)
	}
	p.Delivery = []DeliveryItem{{Item: "Fahrzeugschlüssel", Expected: 1, Returned: 1}}
	if m := Missing(p, &bare); len(m) != 0 {
		t.Errorf("a profile without delivery items, one listed: %v", m)
	}
	// not acceptable at 0 €
	one(func(p *Protocol) { p.Findings[0].Cost = nd("0") }, "Befund 1 (Tür vorn links): nicht akzeptabel zu 0,00 € – Kosten erfassen oder „ohne Berechnung“ begründen")
	one(func(p *Protocol) { p.Findings[0].Cost.Valid = false }, "Befund 1 (Tür vorn links): nicht akzeptabel zu 0,00 €")
	p = readyProtocol()
	p.Findings[0].Cost = nd("0")
	p.Findings[0].NoChargeReason = "Schlüssel nachgereicht, Gebühr entfällt"
	if m := Missing(p, rules); len(m) != 0 {
		t.Errorf("0 € with its reason still misses %v", m)
	}
	p.Findings[0].Acceptable, p.Findings[0].NoChargeReason = true, ""
	if m := Missing(p, rules); len(m) != 0 {
		t.Errorf("an acceptable finding at 0 € misses %v", m)
	}
}

func TestCheckContradictionsAreProblems(t *testing.T) {
	cases := []struct {
		edit func(p *Protocol)
		path string
	}{
		{func(p *Protocol) { p.Tyres.Wheels[0].NotMeasurable = "Notrad" }, "tyres.wheels[0].not_measurable"},
		{func(p *Protocol) {
			p.Delivery = []DeliveryItem{{Item: "Fahrzeugschlüssel", Expected: 2, Returned: 1}}
			p.Dismissed = []Dismissal{{Rule: "lieferumfang.x1", Part: "Fahrzeugschlüssel", Reason: "als Gebühr"}}
		}, "delivery_complete"},
		{func(p *Protocol) { p.Findings[0].NoChargeReason = "Kulanz" }, "findings[0].no_charge_reason"},
		{func(p *Protocol) {
			p.Findings[0].SafetyRelevant, p.Findings[0].FactorPercent = true, nd("50")
		}, "findings[0].override_reason"},
		{func(p *Protocol) {
			p.Findings[0].Accident, p.Findings[0].FactorPercent = true, nd("99.5")
		}, "findings[0].override_reason"},
	}
	for _, c := range cases {
		p := readyProtocol()
		c.edit(p)
		ps := Validate(p, rules)
		if len(ps) != 1 || ps[0].Path != c.path {
			t.Errorf("want one problem at %s, got %v", c.path, ps)
		}
		if m := Missing(p, rules); len(m) != 1 || !strings.HasPrefix(m[0], c.path+": ") {
			t.Errorf("missing: %v", m)
		}
	}
	// safety-relevant at 50 % with a reason: ready, and the reason is the override's
	p := readyProtocol()
	p.Findings[0].SafetyRelevant, p.Findings[0].FactorPercent, p.Findings[0].OverrideReason = true, nd("50"), "Vorschaden bei Übergabe dokumentiert"
	if m := Missing(p, rules); len(m) != 0 {
		t.Errorf("with a reason: %v", m)
	}
	if v := Value(p, rules).Findings[0]; !v.Charged.Equal(d("5")) || v.Explanation != "Faktor vom Prüfer gesetzt: 50 % statt 100 % (sicherheitsrelevant)" {
		t.Errorf("valued %s %q", v.Charged, v.Explanation)
	}
}

func TestConfirmAndSetDelivery(t *testing.T) {
	p := NewDraft(rules, "Max Prüfer", "")
	if short := p.ConfirmDelivery(rules); short != nil || !p.AllDelivered || len(p.Delivery) != 0 {
		t.Fatalf("alles vollständig on an untouched scope: %v %v %v", short, p.AllDelivered, p.Delivery)
	}
	for _, l := range DeliveryScope(p, rules) {
		if !l.Checked || l.Returned != l.Expected {
			t.Fatalf("confirmed line %+v", l)
		}
	}
	// a key short afterwards: the confirmation is withdrawn, every other line stays checked
	key := DeliveryScope(p, rules)[0]
	if !p.SetDelivery(rules, key, 1, 2) || p.AllDelivered || len(p.Delivery) != 8 {
		t.Fatalf("short key: %v %v", p.AllDelivered, p.Delivery)
	}
	for _, l := range DeliveryScope(p, rules) {
		if !l.Checked || (l.Item == "Fahrzeugschlüssel") != (l.Returned < l.Expected) {
			t.Fatalf("line after withdrawal %+v", l)
		}
	}
	if got := len(Proposals(p, rules)); got != 1 {
		t.Fatalf("proposals: %d", got)
	}
	// "alles vollständig" with a key short: the rest is checked, the key stays short
	q := NewDraft(rules, "Max Prüfer", "")
	q.SetDelivery(rules, DeliveryScope(q, rules)[0], 1, 2)
	if short := q.ConfirmDelivery(rules); len(short) != 1 || short[0].Item != "Fahrzeugschlüssel" || q.AllDelivered || len(q.Delivery) != 8 {
		t.Fatalf("confirm with a key short: %v %v %v", short, q.AllDelivered, q.Delivery)
	}
	if m := missingChecks(q, rules); len(m) != 1 || !strings.HasPrefix(m[0], "Reifen") {
		t.Fatalf("after confirming: %v", m)
	}
	// round trip: the listed lines, delivery_complete, not_measurable and no_charge_reason survive
	r := readyProtocol()
	r.Tyres.Wheels[3] = Wheel{Position: "HR", NotMeasurable: "Rad blockiert"}
	r.Findings[0].Cost, r.Findings[0].NoChargeReason = nd("0"), "Kulanz des Leasinggebers"
	data, err := Encode(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"delivery_complete": true`, `"not_measurable": "Rad blockiert"`, `"no_charge_reason": "Kulanz des Leasinggebers"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("encoded lacks %s", want)
		}
	}
	back, _ := DecodeDraft(data, rules)
	if !back.AllDelivered || back.Tyres.Wheels[3].NotMeasurable != "Rad blockiert" || back.Findings[0].NoChargeReason != "Kulanz des Leasinggebers" {
		t.Errorf("decoded %+v", back)
	}
	compact, _ := EncodeCompact(r)
	if again, _ := Encode(back); string(again) != string(data) || !strings.Contains(string(compact), `"no_charge_reason":"Kulanz des Leasinggebers"`) {
		t.Error("not stable through decode and encode")
	}
}

// A finding whose measurements decide no criterion and that has none of its
// own (the one chosen before a measure decided was not kept) is an open
// point until a criterion is chosen: before, it was charged as not
// acceptable and sealed without one.
func TestMeasuredFindingWithoutCriterionIsOpen(t *testing.T) {
	p := readyProtocol()
	p.Findings[0].Measurements = &Measurements{DepthMm: nd("0.3")}
	m := Missing(p, rules)
	if len(m) != 1 || !strings.Contains(m[0], "Befund 1 (Tür vorn links): Kriterium fehlt") {
		t.Fatalf("missing %q", m)
	}
	crit, _ := rules.Catalogue.Criterion("lackierung.x1") // chosen
	f := &p.Findings[0]
	f.Rule, f.Acceptable, f.SafetyRelevant, f.Accident = crit.ID, crit.Acceptable, crit.SafetyRelevant, crit.Accident
	if m := Missing(p, rules); len(m) != 0 {
		t.Errorf("a criterion chosen, still missing %q", m)
	}
}
