package inspection

import (
	"strings"
	"testing"
)

func TestProposals(t *testing.T) {
	p := baseProtocol() // returned 2024-03-31
	p.Tyres.Wheels = []Wheel{{Position: "VL", TreadMm: nd("1.6")}, {Position: "HL", TreadMm: nd("1.5")}, {Position: "HR"}}
	p.Delivery = []DeliveryItem{{Item: "Fahrzeugschlüssel", Expected: 2, Returned: 1}, {Item: "Warndreieck", Expected: 1, Returned: 1}}
	p.Service = Service{HUDue: date("2024-03-31"), ServiceDue: date("2024-04-01")}
	got := Proposals(p, rules)
	want := []string{
		"reifen_felgen_radkappen/Reifen HL/Profiltiefe 1,5 mm unter 1,6 mm",
		"lieferumfang/Fahrzeugschlüssel/1 von 2 zurückgegeben",
		"mechanik_elektrik/HU/AU/HU/AU fällig am 31.03.2024",
	}
	if len(got) != len(want) {
		t.Fatalf("proposals = %+v", got)
	}
	for i, w := range want {
		g := got[i].Finding.Category + "/" + got[i].Finding.Part + "/" + got[i].Reason
		if g != w {
			t.Errorf("proposal %d = %q, want %q", i, g, w)
		}
	}
	if !got[0].Finding.SafetyRelevant {
		t.Error("tread below the minimum is safety-relevant (100 %)")
	}
	notes := ServiceNotes(p)
	if len(notes) != 1 || !strings.Contains(notes[0], "Inspektion erst am 01.04.2024 fällig: darf dem Kunden nicht berechnet werden") {
		t.Errorf("notes = %q", notes)
	}
	// a lessor rule set of 3 mm turns 1.6 mm into a finding too; recorded proposals are not proposed again
	p.Tyres.MinTreadMm = nd("3")
	p.Findings = append(p.Findings, got[1].Finding)
	again := Proposals(p, rules)
	if len(again) != 3 || again[0].Finding.Part != "Reifen VL" {
		t.Errorf("with 3 mm and the key recorded: %+v", again)
	}
}

// A missing item the profile prices comes with its fee, taken over once.
func TestMissingItemComesWithItsFee(t *testing.T) {
	p := baseProtocol()
	p.Delivery = []DeliveryItem{{Item: "Fahrzeugschlüssel", Expected: 2, Returned: 0}, {Item: "Warnweste", Expected: 1, Returned: 0}}
	props := Proposals(p, rules)
	if len(props) != 2 || props[0].Fee == nil || props[0].Fee.Code != "key_loss" || props[0].Fee.Quantity != 2 || props[1].Fee != nil {
		t.Fatalf("proposals %+v", props)
	}
	if !p.TakeOver(props[0]) || p.TakeOver(props[0]) {
		t.Fatal("the fee must be added once")
	}
	if len(p.Findings) != 2 || len(p.Fees) != 1 {
		t.Fatalf("findings %d, fees %+v", len(p.Findings), p.Fees)
	}
	v := Value(p, rules)
	if !v.FeesNet.Equal(d("100")) { // 2 × 50 € from the schedule
		t.Errorf("fees net %s", v.FeesNet)
	}
	old, err := rules.Resolve("bmw-fs-de@1") // a protocol of the first version: no fee mapping
	if err != nil {
		t.Fatal(err)
	}
	p.Profile = old.Ref()
	if pr := Proposals(p, old); len(pr) > 0 && pr[0].Fee != nil {
		t.Error("bmw-fs-de@1 names no fee for missing items")
	}
}
