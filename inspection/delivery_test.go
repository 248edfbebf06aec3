package inspection

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

func deliveryFixture(t *testing.T) *Protocol {
	t.Helper()
	p, probs := Decode(readFile(t, "../testdata/delivery-used.json"), rules)
	if len(probs) > 0 {
		t.Fatalf("delivery fixture: %v", probs)
	}
	return p
}

// TestDeliveryProtocolRoundTripsAndChargesNothing: a handover protocol
// decodes with its kind, record and handover, charges none of its findings
// (basis pre_existing), settles no km and no late return, and encodes back.
func TestDeliveryProtocolRoundTripsAndChargesNothing(t *testing.T) {
	p := deliveryFixture(t)
	if !p.IsDelivery() || p.KindLabel() != "Übergabeprotokoll" {
		t.Fatalf("kind = %q", p.Kind)
	}
	if r := p.DeliveryRecord; r == nil || r.ModelCode != "UL91" || len(r.Equipment) != 2 || r.Equipment[1].Code != "0494" || !r.Equipment[1].UnitPrice.Decimal.Equal(d("277.31")) {
		t.Fatalf("delivery record = %+v", p.DeliveryRecord)
	}
	if p.Handover.Date != date("2021-03-19") || p.Tyres.Wheels[0].Tyre != "Michelin Primacy 4 225/45 R18" {
		t.Fatalf("handover %v, wheel %+v", p.Handover, p.Tyres.Wheels[0])
	}
	v := Value(p, rules)
	if !v.Gross.IsZero() || !v.Km.Amount.IsZero() || !v.Late.Amount.IsZero() {
		t.Errorf("a delivery protocol charges nothing: gross %s, km %s, late %s", v.Gross, v.Km.Amount, v.Late.Amount)
	}
	for _, f := range v.Findings {
		if f.Basis != BasisPreExisting || !f.Charged.IsZero() {
			t.Errorf("finding %d: basis %s charged %s, want pre_existing 0", f.Index, f.Basis, f.Charged)
		}
	}
	if !Gross(p, rules).IsZero() {
		t.Error("Gross disagrees with Value on a delivery protocol")
	}
	out, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"kind": "delivery"`, `"model_code": "UL91"`, `"unit_price": "277.31"`, `"handover": {`, `"rim": "Styling 397 8J×18"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("encoded delivery protocol lacks %s", want)
		}
	}
	back, probs := Decode(out, rules)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	again, _ := Encode(back)
	if !bytes.Equal(out, again) {
		t.Error("delivery protocol does not round-trip")
	}
	q, _ := QuoteJSON(p, &v)
	if !bytes.Contains(q, []byte(`"kind": "delivery"`)) || !bytes.Contains(q, []byte(`"basis": "pre_existing"`)) {
		t.Errorf("quote of a delivery protocol:\n%s", q)
	}
	// A return of before this change encodes without kind: its seal's
	// canonical form is unchanged.
	r, _ := Encode(baseProtocol())
	if bytes.Contains(r, []byte(`"kind"`)) || bytes.Contains(r, []byte(`"baseline"`)) || bytes.Contains(r, []byte(`"delivery_record"`)) {
		t.Errorf("a plain return gained members:\n%s", r)
	}
}

// TestDeliveryProtocolProblems: a delivery protocol has a handover date, no
// return, no fees, no dispute, no baseline.
func TestDeliveryProtocolProblems(t *testing.T) {
	p := deliveryFixture(t)
	p.Handover.Date = Date{}
	p.Return.Date = date("2024-04-03")
	p.Fees = []Fee{{Label: "Übergabe", Amount: nd("50")}}
	p.Dispute = &Dispute{Comment: "x"}
	p.Baseline = &Baseline{ID: "X", SealHash: strings.Repeat("a", 64)}
	p.DeliveryRecord.Equipment = append(p.DeliveryRecord.Equipment, RecordItem{Quantity: -1})
	got := Validate(p, rules)
	for _, at := range []string{"handover.date", "return", "fees", "dispute", "baseline", "delivery_record.equipment[2].code", "delivery_record.equipment[2].quantity"} {
		if !slices.ContainsFunc(got, func(pr Problem) bool { return pr.Path == at }) {
			t.Errorf("no problem at %s in %v", at, got)
		}
	}
	if slices.ContainsFunc(got, func(pr Problem) bool { return strings.HasPrefix(pr.Path, "contract.") }) {
		t.Errorf("a delivery protocol needs no km rules: %v", got)
	}
	if _, probs := Decode([]byte(`{"kind":"lease"}`), rules); !slices.ContainsFunc(probs, func(pr Problem) bool { return pr.Path == "kind" }) {
		t.Errorf("unknown kind not reported: %v", probs)
	}
}

// returnAgainst is a return of the fixture's car with the fixture as its
// baseline: the two damages present at handover, and one new.
func returnAgainst(t *testing.T) *Protocol {
	t.Helper()
	del := deliveryFixture(t)
	p := baseProtocol()
	p.Vehicle = del.Vehicle
	p.Return = Return{Date: date("2024-03-19"), OdometerKm: 70000}
	p.Contract.EndDate = date("2024-03-31")
	p.Baseline = BaselineOf(del, rules, strings.Repeat("5e", 32))
	zero, one := 0, 1
	p.Findings = []Finding{
		{Category: "lackierung", Part: "Tür hinten links", Damage: "Kratzer", Repair: RepairPaint, Cost: nd("420.00"), BaselineFinding: &zero},
		{Category: "verglasung_beleuchtung", Part: "Frontscheibe", Damage: "Steinschlag", Repair: RepairRepair, Cost: nd("180.00"), BaselineFinding: &one},
		{Category: "karosserie", Part: "Kotflügel vorn rechts", Damage: "Delle", Repair: RepairRepair, Cost: nd("300.00")},
	}
	return p
}

// TestBaselineFindingIsNeverCharged: of three damages, the two present at
// handover are charged 0 with basis pre_existing; only the new one counts.
func TestBaselineFindingIsNeverCharged(t *testing.T) {
	p := returnAgainst(t)
	if probs := Validate(p, rules); len(probs) > 0 {
		t.Fatal(probs)
	}
	v := Value(p, rules)
	for i, want := range []Basis{BasisPreExisting, BasisPreExisting, BasisTable} {
		if v.Findings[i].Basis != want {
			t.Errorf("finding %d: basis %s, want %s", i, v.Findings[i].Basis, want)
		}
	}
	if !v.Findings[0].Charged.IsZero() || !v.Findings[1].Charged.IsZero() || v.Findings[2].Charged.IsZero() {
		t.Errorf("charged %s, %s, %s", v.Findings[0].Charged, v.Findings[1].Charged, v.Findings[2].Charged)
	}
	if !v.DamagesCharged.Equal(v.Findings[2].Charged) || !Gross(p, rules).Equal(v.Gross) {
		t.Errorf("damages %s, want only the new finding's %s", v.DamagesCharged, v.Findings[2].Charged)
	}
	if v.Findings[0].Explanation != ExplainPreExisting {
		t.Errorf("explanation %q", v.Findings[0].Explanation)
	}
	// Charging a pre-existing damage takes a factor and a reason.
	p.Findings[1].FactorPercent = nd("50")
	if probs := Validate(p, rules); !slices.ContainsFunc(probs, func(pr Problem) bool { return pr.Path == "findings[1].override_reason" }) {
		t.Errorf("a charge on a pre-existing damage without a reason: %v", probs)
	}
	p.Findings[1].OverrideReason = "Delle seit Auslieferung deutlich größer"
	if probs := Validate(p, rules); len(probs) > 0 {
		t.Fatal(probs)
	}
	if v := Value(p, rules); !v.Findings[1].Charged.Equal(d("90.00")) || v.Findings[1].Basis != BasisOverride {
		t.Errorf("charged anyway: %s %s, want override 90.00", v.Findings[1].Basis, v.Findings[1].Charged)
	}
	// Out of range, and without a baseline: problems.
	seven := 7
	p.Findings[0].BaselineFinding = &seven
	if probs := Validate(p, rules); !slices.ContainsFunc(probs, func(pr Problem) bool { return pr.Path == "findings[0].baseline_finding" }) {
		t.Errorf("index beyond the baseline's findings: %v", probs)
	}
	p.Baseline = nil
	probs := Validate(p, rules)
	if !slices.ContainsFunc(probs, func(pr Problem) bool { return pr.Path == "findings[1].baseline_finding" }) {
		t.Errorf("baseline_finding without a baseline: %v", probs)
	}
	bad := returnAgainst(t)
	bad.Baseline.SealHash = "nope"
	if probs := Validate(bad, rules); !slices.ContainsFunc(probs, func(pr Problem) bool { return pr.Path == "baseline.seal_hash" }) {
		t.Errorf("bad seal hash: %v", probs)
	}
	other := returnAgainst(t)
	other.Vehicle.VIN = "WBA3A5C50CF256985" // the VIN typed over after the baseline was taken
	if probs := Validate(other, rules); !slices.ContainsFunc(probs, func(pr Problem) bool { return pr.Path == "baseline.vin" }) {
		t.Errorf("a baseline of another car: %v", probs)
	}
}

// TestBaselineRoundTripsAndIsChecked: a return's baseline survives encoding;
// CheckBaseline agrees with the delivery protocol it came from and names a
// tampered copy.
func TestBaselineRoundTripsAndIsChecked(t *testing.T) {
	p := returnAgainst(t)
	out, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	back, probs := Decode(out, rules)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if again, _ := Encode(back); !bytes.Equal(out, again) {
		t.Error("baseline does not round-trip")
	}
	if !bytes.Contains(out, []byte(`"baseline_finding": 1`)) {
		t.Errorf("no baseline_finding in\n%s", out)
	}
	del := deliveryFixture(t)
	hash := strings.Repeat("5e", 32)
	if d := CheckBaseline(back, del, rules, hash); len(d) > 0 {
		t.Errorf("baseline of its own delivery: %v", d)
	}
	if d := CheckBaseline(back, del, rules, strings.Repeat("ab", 32)); len(d) == 0 {
		t.Error("another seal hash passed")
	}
	back.Baseline.Findings[1].Part = "Motorhaube"
	if d := CheckBaseline(back, del, rules, hash); len(d) == 0 {
		t.Error("a changed copy of the delivery's damage passed")
	}
}

// TestDeliverySignatures: a handover protocol is signed by the customer
// (customer_handover) and the inspector; the customer's signature binds the
// damage and scope recorded, not the customer's address.
func TestDeliverySignatures(t *testing.T) {
	p := deliveryFixture(t)
	if got := RequiredRoles(p); !slices.Equal(got, []string{RoleCustomerHandover, RoleInspector}) {
		t.Fatalf("roles %v", got)
	}
	at := time.Date(2021, 3, 19, 10, 0, 0, 0, time.UTC)
	for _, r := range RequiredRoles(p) {
		if err := p.Sign(rules, Signature{Role: r, Name: "Erika Mustermann", SignedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if m := MissingSignatures(p); len(m) > 0 {
		t.Errorf("missing %v", m)
	}
	if probs := Validate(p, rules); len(probs) > 0 {
		t.Fatal(probs)
	}
	c, err := AttestedContent(p, rules, RoleCustomerHandover)
	if err != nil || !bytes.Contains(c, []byte(`"delivery_record"`)) || bytes.Contains(c, []byte(`"420.00"`)) {
		t.Errorf("handover content: %s %v", c, err)
	}
	p.Customer.Address = "anders"
	if v := VoidStale(p, rules); len(v) != 1 || v[0].Role != RoleInspector {
		t.Errorf("an address change voids only the inspector's: %v", v)
	}
	p.Findings[1].Damage = "Beule"
	if v := VoidStale(p, rules); len(v) != 1 || v[0].Role != RoleCustomerHandover {
		t.Errorf("a damage change voids the customer's: %v", v)
	}
	p.Signatures = append(p.Signatures, Signature{Role: RoleCustomerValuation, Name: "Erika Mustermann", SignedAt: at})
	if v := VoidStale(p, rules); len(v) != 1 || v[0].Role != RoleCustomerValuation {
		t.Errorf("a valuation signature on a handover: %v", v)
	}
}

// TestTyresDifferingFromDeliveryAreProposed: the guide's "vom
// Fahrzeugzustand bei Auslieferung abweichende Bereifung und Felgen".
func TestTyresDifferingFromDeliveryAreProposed(t *testing.T) {
	p := returnAgainst(t)
	p.Tyres.Wheels = []Wheel{
		{Position: "VL", TreadMm: nd("4.0"), Tyre: "Hankook Ventus 225/40 R18", Rim: "Styling 397 8J×18"},
		{Position: "VR", TreadMm: nd("4.0"), Tyre: "michelin primacy 4  225/45 R18", Rim: "Styling 397 8J×18"},
	}
	var got []Proposal
	for _, pr := range Proposals(p, rules) {
		if pr.Finding.Rule == "reifen_felgen_radkappen.x8" {
			got = append(got, pr)
		}
	}
	if len(got) != 1 || got[0].Finding.Part != "Reifen VL" || !strings.Contains(got[0].Reason, "Hankook") {
		t.Fatalf("proposals %+v", got)
	}
	if scope := DeliveryScope(p, rules); len(scope) != 1 || scope[0].Item != "Fahrzeugschlüssel" || scope[0].Expected != 2 || scope[0].Checked {
		t.Errorf("the scope is what was handed over: %+v", scope)
	}
	if len(Proposals(deliveryFixture(t), rules)) != 0 {
		t.Error("a delivery protocol proposes nothing")
	}
}

// TestDeliveryRecordFileIsTheDocumentedExample: docs/format.md's delivery
// record (the guide's Lieferumfang page) is the fixture, decodes without a
// problem and starts a draft handover protocol with its car and record.
func TestDeliveryRecordFileIsTheDocumentedExample(t *testing.T) {
	doc := string(readFile(t, "../docs/format.md"))
	_, rest, ok := strings.Cut(doc, "## The delivery record file\n")
	if !ok {
		t.Fatal("docs/format.md has no delivery record section")
	}
	_, rest, _ = strings.Cut(rest, "```json\n")
	example, _, _ := strings.Cut(rest, "\n```")
	data := readFile(t, "../testdata/delivery-record.json")
	if !bytes.Equal(bytes.TrimSpace([]byte(example)), bytes.TrimSpace(data)) {
		t.Error("the example in docs/format.md differs from testdata/delivery-record.json")
	}
	if !IsRecordFile(data) || IsRecordFile(readFile(t, "../testdata/full-example.json")) {
		t.Fatal("IsRecordFile does not tell a record from a protocol")
	}
	rf, probs := DecodeRecordFile(data)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	p := rf.NewDelivery(rules, "Max Prüfer", "Autohaus Beispiel")
	if !p.IsDelivery() || p.Vehicle.VIN != "WBAUL91000VF71552" || p.DeliveryRecord.ModelCode != "UL91" || len(p.DeliveryRecord.Equipment) != 7 ||
		!p.Vehicle.ListPrice.Decimal.Equal(d("31134.45")) || p.Tyres.Wheels[3].Rim != "Styling 381 7,5J×17" || p.Tyres.Wheels[0].TreadMm.Valid {
		t.Fatalf("draft from the record: %+v", p)
	}
	// a draft: what the handover adds is missing, nothing else
	for _, pr := range Validate(p, rules) {
		if pr.Path != "vehicle.first_registration" && pr.Path != "handover.date" {
			t.Errorf("unexpected problem of the draft: %s", pr)
		}
	}
	_, probs = DecodeRecordFile([]byte(`{"format":"rueckgabe/delivery-record@1","vehicle":{"vin":"WBAUL91000VF7155"},"list_price":31134.45,"equipment":[{"quantity":-1}]}`))
	for _, at := range []string{"vehicle.vin", "list_price", "equipment[0].code", "equipment[0].quantity"} {
		if !slices.ContainsFunc(probs, func(pr Problem) bool { return pr.Path == at }) {
			t.Errorf("no problem at %s: %v", at, probs)
		}
	}
}
