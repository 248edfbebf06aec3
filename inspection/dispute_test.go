package inspection

import "testing"

func TestDealerSurchargeIsFivePercentOfTheValueWhenDisputed(t *testing.T) {
	p := baseProtocol()
	p.Vehicle.Value = nd("18500.00")
	if _, ok := DealerSurcharge(p); ok {
		t.Fatal("a surcharge without a dispute")
	}
	p.Dispute = NewDispute()
	if got, ok := DealerSurcharge(p); !ok || !got.Equal(d("925.00")) {
		t.Fatalf("surcharge %s %v, want 925.00", got, ok)
	}
	p.Vehicle.Value = p.Contract.DealerNetPrice // not valid
	if _, ok := DealerSurcharge(p); ok {
		t.Fatal("a surcharge without a vehicle value")
	}
	if d := NewDispute(); len(d.Experts) != 2 || d.Chosen != d.Experts[0] {
		t.Fatalf("new dispute: %+v", d)
	}
	d := NewDispute()
	d.Experts[0] = "changed"
	if DefaultExperts[0] == "changed" {
		t.Fatal("a dispute shares the default experts")
	}
}

func TestNewDraftAndFindingBlockers(t *testing.T) {
	p := NewDraft(rules.Catalogue, "Max Prüfer")
	if len(p.Tyres.Wheels) != 4 || len(p.Delivery) == 0 || p.Contract.KmRules.ToleranceMode != ToleranceThreshold || p.Inspector != "Max Prüfer" {
		t.Fatalf("draft: %+v", p)
	}
	for _, it := range p.Delivery {
		if it.Returned != it.Expected {
			t.Fatalf("delivery item %+v", it)
		}
	}
	ps := Problems{{Path: "findings[1].override_reason"}, {Path: "findings[1].costs"}, {Path: "findings[0].factor_percent"}, {Path: "findings[12].override_reason"}}
	if bl := FindingBlockers(ps, 1); len(bl) != 1 || bl[0].Path != "findings[1].override_reason" {
		t.Fatalf("blockers of 1: %v", bl)
	}
	if bl := FindingBlockers(ps, 0); len(bl) != 1 {
		t.Fatalf("blockers of 0: %v", bl)
	}
}
