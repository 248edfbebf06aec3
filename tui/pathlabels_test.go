package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"rueckgabe/inspection"
)

// badProtocols are protocols with, between them, one bad value in every
// field Validate checks (and the bare ones: what Missing says of a new
// protocol) — the paths a problem shown in F6 and F7 can be at.
func badProtocols() []*inspection.Protocol {
	neg := decimal.NewNullDecimal(decimal.NewFromInt(-1))
	big := decimal.NewNullDecimal(decimal.NewFromInt(150))
	i64 := func(v int64) *int64 { return &v }
	no := false
	date := func(s string) inspection.Date { d, _ := inspection.ParseDate(s); return d }
	photo := inspection.Photo{SHA256: "x", Type: "image/gif", TakenFrom: "x"}
	finding := func(f inspection.Finding) inspection.Finding {
		if f.Category == "" {
			f.Category = "lackierung"
		}
		return f
	}
	bad := &inspection.Protocol{
		Catalogue: "nicht-der-katalog@1",
		Amends:    &inspection.Amendment{SealHash: "x"},
		Vehicle: inspection.Vehicle{VIN: "WBAUL91000VF7155", FirstRegistration: date("2021-03-19"), DeliveryOdometerKm: -1,
			PowerKW: i64(-1), ListPrice: neg, Value: neg, Body: "ufo"},
		Contract: inspection.Contract{Type: inspection.ContractKm, EndDate: date("2024-03-01"), AgreedKm: i64(-1),
			KmRules: &inspection.KmRules{ExtraRate: neg.Decimal, ReducedRate: neg.Decimal, ToleranceKm: i64(-1), ToleranceMode: "frei",
				ReducedCapKm: i64(-1), ReducedCapPercent: big, ReducedVoidAboveKm: i64(-1), SurchargeAbovePercent: neg}},
		Return:    inspection.Return{Date: date("2020-01-01"), OdometerKm: 5, OdometerStatus: "x"},
		Handover:  inspection.Handover{Place: "x"},
		Completed: []string{"keine-kategorie"},
		Findings: []inspection.Finding{
			finding(inspection.Finding{Category: "x"}),
			finding(inspection.Finding{Rule: "x", Repair: "x", Costs: inspection.Costs{Parts: neg.Decimal}, Cost: neg,
				Depreciation: inspection.Depreciation{Amount: neg}, FactorPercent: big, BaselineFinding: i64Int(0),
				Location: &inspection.Location{View: "x"}, Evidence: []inspection.Photo{photo, photo}}),
			finding(inspection.Finding{Rule: "karosserie.x1", Acceptable: true}),
			finding(inspection.Finding{Rule: "lackierung.x1", Acceptable: true, FactorPercent: decimal.NewNullDecimal(decimal.NewFromInt(10)),
				Cost: decimal.NewNullDecimal(decimal.NewFromInt(10)), NoChargeReason: "x",
				Location:     &inspection.Location{View: "left", Panel: "x", X: i64(2000), Y: i64(-1)},
				Measurements: &inspection.Measurements{LengthMm: neg, DiameterMm: neg, DepthMm: neg, TreadMm: big, CountOnPanel: i64(0)}}),
		},
		Tyres:        inspection.Tyres{MinTreadMm: big, Wheels: []inspection.Wheel{{}, {Position: "HL", TreadMm: big, NotMeasurable: "x"}}},
		Delivery:     []inspection.DeliveryItem{{Expected: -1, Returned: -1}, {Item: "Fahrzeugschlüssel", Expected: 2, Returned: 1}},
		AllDelivered: true,
		Evidence:     []inspection.Photo{photo},
		Fees: []inspection.Fee{{Code: "nicht-im-verzeichnis"}, {Code: "key_loss", Amount: neg, Quantity: -1, Taxable: &no},
			{Code: "return_debit"}, {Code: "contract_transfer"}},
		Dismissed:      []inspection.Dismissal{{}},
		Signatures:     []inspection.Signature{{Role: "x", Strokes: [][][2]int{{{2000, 0}}}}, {Role: inspection.RoleInspector, Name: "A B", SignedAt: time.Unix(1, 0), Attests: "00"}},
		Dispute:        &inspection.Dispute{Findings: []int{99}, Chosen: "x", Experts: []string{"a"}, ExpertCost: neg},
		Baseline:       &inspection.Baseline{SealHash: "x", VIN: "WBAUL91000VF71553"},
		DeliveryRecord: &inspection.DeliveryRecord{ListPrice: neg, Equipment: []inspection.RecordItem{{Quantity: -1, UnitPrice: neg}}},
	}
	residual := &inspection.Protocol{Contract: inspection.Contract{Type: inspection.ContractResidual, DealerNetPrice: neg,
		EndDate: date("2024-03-01"), MonthlyRate: neg}, Return: inspection.Return{Date: date("2024-04-03")}, Dispute: &inspection.Dispute{}}
	kmNoRules := &inspection.Protocol{Contract: inspection.Contract{Type: inspection.ContractKm},
		Return: inspection.Return{OdometerKm: 10}, Vehicle: inspection.Vehicle{DeliveryOdometerKm: 20}}
	otherType := &inspection.Protocol{Contract: inspection.Contract{Type: "leasing"}, Profile: "kein-profil@1", ProfileHash: "x"}
	hashOff := newProtocol(&Common{}, testRules)
	hashOff.ProfileHash = strings.Repeat("0", 64)
	delivery := &inspection.Protocol{Kind: inspection.KindDelivery, Contract: inspection.Contract{Type: "x"},
		Vehicle:  inspection.Vehicle{FirstRegistration: date("2021-03-19")},
		Handover: inspection.Handover{Date: date("2020-01-01")}, Return: inspection.Return{Place: "x"},
		Baseline: &inspection.Baseline{ID: "x"}, Fees: []inspection.Fee{{Code: "key_loss"}}, Dispute: &inspection.Dispute{},
		Findings: []inspection.Finding{finding(inspection.Finding{BaselineFinding: i64Int(0)})}}
	return []*inspection.Protocol{{}, {Kind: inspection.KindDelivery}, newProtocol(&Common{}, testRules), bad, residual, kmNoRules, otherType, hashOff, delivery}
}

func i64Int(v int) *int { return &v }

// Every path a problem in F6 and F7 can be at has a German name in
// fieldLabels: a check added to Validate at a new field fails here until
// the table names it (the fallback, the nearest named field or the path,
// is for what slips through, not the plan).
func TestEveryProblemPathHasALabel(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range badProtocols() {
		for _, o := range inspection.OpenPoints(p, testRules) {
			if o.Path == "" || seen[o.Path] {
				continue
			}
			seen[o.Path] = true
			label, ok := pathLabel(p, o.Path)
			if !ok {
				t.Errorf("no label for %s (%s): falls back to %q", o.Path, o.Text, label)
			}
			if strings.ContainsAny(label, "[]_") || strings.Contains(label, "%!") {
				t.Errorf("label of %s reads %q", o.Path, label)
			}
		}
	}
	// the bad values reach the fields they were put in
	for _, want := range []string{"return.odometer_km", "tyres.wheels[1].tread_mm", "tyres.wheels[1].not_measurable", "findings[3].measurements.count_on_panel",
		"findings[1].evidence[1].sha256", "signatures[0].strokes[0][0]", "fees[1].taxable", "contract.km_rules.surcharge_percent", "delivery_record.equipment[0].code",
		"dispute.findings[0]", "handover.date", "profile", "profile_hash", "return.odometer_status", "findings[3].location.x"} {
		if !seen[want] {
			t.Errorf("no problem at %s: the bad protocols no longer reach it", want)
		}
	}
	t.Logf("%d paths", len(seen))
}

// The forms name their fields in the same words: every field a form shows
// with a path has an entry of its own in the table.
func TestEveryFormFieldHasALabel(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 40)
	d.press("d")
	p := d.m.sess.p
	p.Dispute = &inspection.Dispute{Experts: []string{"DEKRA", "TÜV"}}
	cp := d.m.pages[pageChecks].(*checksPage)
	sp := d.m.pages[pageSign].(*signPage)
	e := &findingEditor{c: d.m.c, s: d.m.sess, index: 0, work: p}
	var fields []*field
	fields = append(fields, masterFields()...)
	fields = append(fields, deliveryMasterFields()...)
	fields = append(fields, preconditionFields(testRules)...)
	fields = append(fields, cp.fields()...)
	fields = append(fields, tyreFields(&inspection.Protocol{Kind: inspection.KindDelivery, Tyres: p.Tyres})...)
	fields = append(fields, e.detailFields()...) // with the measurements
	fields = append(fields, sp.pathFields()...)
	fields = append(fields, &field{label: "Vermerk (Kunde verweigert Unterschrift)", path: "refusal.note"}) // pathFields' other path
	if len(fields) < 60 {
		t.Fatalf("only %d fields: the forms were not all collected", len(fields))
	}
	for _, fd := range fields {
		if fd.path == "" || strings.HasPrefix(fd.path, "delivery/") { // no problem can be at these
			continue
		}
		if label, ok := pathLabel(p, fd.path); !ok {
			t.Errorf("form field %q (%s) has no label: %q", fd.label, fd.path, label)
		}
	}
}

// The tester's lines: F6 and F7 name the field, not its JSON path.
func TestOpenPointsNameTheField(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d")
	p := d.m.sess.p
	p.Return.OdometerKm = 0
	p.Completed = testRules.Catalogue.CategoryIDs()
	yes := true
	p.Preconditions = inspection.Preconditions{Cleaned: &yes, Lighting: &yes, NoWeather: &yes, DoorsOpen: &yes, Accessible: &yes}
	p.AllDelivered = true
	for i := range p.Tyres.Wheels {
		p.Tyres.Wheels[i].TreadMm = decimal.NewNullDecimal(decimal.RequireFromString("5"))
	}
	p.Tyres.Wheels[2].TreadMm = decimal.NewNullDecimal(decimal.RequireFromString("35"))
	if p.Tyres.Wheels[2].Position != "HL" {
		t.Fatalf("wheel 2 is %s", p.Tyres.Wheels[2].Position)
	}
	d.m.sess.recompute()
	for _, want := range []string{"km-Stand bei Rückgabe: fehlt (km-Stand bei Rückgabe, z. B. 62.501)",
		"Reifen HL, Profiltiefe: 35,0 mm ist keine Profiltiefe (0 bis 30 mm, z. B. 4,5)"} {
		if !slices.Contains(d.m.sess.missing, want) {
			t.Errorf("open points lack %q: %q", want, d.m.sess.missing)
		}
	}
	d.press("f6")
	sp := d.m.pages[pageSummary].(*summaryPage)
	var all []string
	for _, b := range sp.blocks(80) {
		all = append(all, b.draw()...)
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"• km-Stand bei Rückgabe: fehlt", "• Reifen HL, Profiltiefe: 35,0 mm ist keine"} {
		if !strings.Contains(text, want) {
			t.Errorf("F6 lacks %q:\n%s", want, text)
		}
	}
	d.press("f7")
	for _, s := range []string{text, d.screen()} {
		if strings.Contains(s, "odometer_km") || strings.Contains(s, "tyres.wheels") {
			t.Errorf("a JSON path reaches the screen:\n%s", s)
		}
	}
	d.mustSee("km-Stand bei Rückgabe: fehlt")
}

func TestPathLabelFallback(t *testing.T) {
	p := &inspection.Protocol{Findings: []inspection.Finding{{Part: "Tür hinten links"}}, Tyres: inspection.Tyres{Wheels: []inspection.Wheel{{Position: "VL"}}}}
	for path, want := range map[string]string{
		"findings[0].neues_feld":      "Befund 1 (Tür hinten links)", // the nearest named field
		"tyres.wheels[0].neu":         "Reifen VL",
		"gibt_es_nicht.auch_nicht[2]": "gibt_es_nicht.auch_nicht[2]",
	} {
		if got, ok := pathLabel(p, path); got != want || ok {
			t.Errorf("pathLabel(%s) = %q, %v; want %q, false", path, got, ok, want)
		}
	}
	if got, ok := pathLabel(p, "tyres.wheels[5].tread_mm"); got != "Reifen Nr. 6, Profiltiefe" || !ok { // no such wheel: counted
		t.Errorf("a wheel not listed: %q", got)
	}
	if got, ok := pathLabel(p, "contract.km_rules.surcharge_above_percent"); got != "Zuschlag ab % Mehr-km" || !ok {
		t.Errorf("a label with a %% sign: %q", got)
	}
}
