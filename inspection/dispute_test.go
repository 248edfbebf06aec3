package inspection

import "testing"

func TestDealerSurchargeIsTheProfilesPercentOfTheValueWhenDisputed(t *testing.T) {
	p := baseProtocol()
	p.Vehicle.Value = nd("18500.00")
	if Value(p, rules).Surcharge != nil {
		t.Fatal("a surcharge without a dispute")
	}
	p.Dispute = NewDispute(rules)
	s := Value(p, rules).Surcharge
	if s == nil || !s.Amount.Equal(d("925.00")) || !s.Percent.Equal(d("5")) || !s.Basis.Equal(d("18500")) {
		t.Fatalf("surcharge %+v, want 5 %% of 18500.00 = 925.00", s)
	}
	if v := Value(p, rules); !v.Net.IsZero() {
		t.Fatalf("the surcharge is the dealer's, not in the customer's net: %s", v.Net)
	}
	p.Vehicle.Value = p.Contract.DealerNetPrice // not valid
	if Value(p, rules).Surcharge != nil {
		t.Fatal("a surcharge without a vehicle value")
	}
	if len(Missing(p, rules)) == 0 {
		t.Fatal("a dispute without vehicle value can be signed")
	}
	if d := NewDispute(rules); len(d.Experts) != 2 || d.Chosen != "" {
		t.Fatalf("new dispute: %+v", d)
	}
	dd := NewDispute(rules)
	dd.Experts[0] = "changed"
	if rules.Experts[0] == "changed" {
		t.Fatal("a dispute shares the profile's experts")
	}
}

func TestNewDraftAndFindingBlockers(t *testing.T) {
	p := NewDraft(rules, "Max Prüfer", "Autohaus Beispiel")
	if len(p.Tyres.Wheels) != 4 || len(p.Delivery) != 0 || p.AllDelivered || p.Contract.KmRules.ToleranceMode != ToleranceThreshold || p.Inspector != "Max Prüfer" || p.Dealership != "Autohaus Beispiel" {
		t.Fatalf("draft: %+v", p)
	}
	if p.Profile != "bmw-fs-de@3" || p.ProfileHash != rules.Hash || p.Contract.KmRules.ToleranceKm == nil || *p.Contract.KmRules.ToleranceKm != 2500 {
		t.Fatalf("draft profile %s %s, km rules %+v", p.Profile, p.ProfileHash, p.Contract.KmRules)
	}
	// the profile's items are the scope, each unchecked until the inspector checks it
	if sc := DeliveryScope(p, rules); len(sc) != 8 || sc[0].Item != "Fahrzeugschlüssel" || sc[0].Expected != 2 || sc[0].Checked || sc[0].Index != -1 {
		t.Fatalf("scope of a new draft: %+v", sc)
	}
	ps := Problems{{Path: "findings[1].override_reason"}, {Path: "findings[1].costs"}, {Path: "findings[0].factor_percent"}, {Path: "findings[12].override_reason"}}
	if bl := FindingBlockers(ps, 1); len(bl) != 1 || bl[0].Path != "findings[1].override_reason" {
		t.Fatalf("blockers of 1: %v", bl)
	}
	if bl := FindingBlockers(ps, 0); len(bl) != 1 {
		t.Fatalf("blockers of 0: %v", bl)
	}
}
