package service

import (
	"testing"

	"rueckgabe/internal/fixture"
	"rueckgabe/store"
)

// A sealed handover protocol is found for its VIN, linked into a return,
// and left out of the accounting report (it charges nothing).
func TestHandoverIsFoundLinkedAndNotReported(t *testing.T) {
	st, retID := sealedStore(t)
	del := fixture.DeliveryComplete(t, rules)
	if _, _, err := st.Import(del, "test"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := SealProtocol(st, rules, testKey(t, st.Dir()), del.ID, store.AnyRevision, "Max Prüfer", sealTime); err != nil {
		t.Fatal(err)
	}
	ds, err := Deliveries(st, rules, del.Vehicle.VIN)
	if err != nil || len(ds) != 1 || ds[0].Record.ID != del.ID || len(ds[0].SealHash) != 64 {
		t.Fatalf("deliveries: %v %+v", err, ds)
	}
	ret := fixture.Complete(t, rules)
	got, n, err := LinkBaseline(st, rules, ret)
	if err != nil || n != 1 || got == nil || ret.Baseline == nil || ret.Baseline.SealHash != ds[0].SealHash || ret.DeliveryRecord == nil {
		t.Fatalf("link: %v %d %+v", err, n, ret.Baseline)
	}
	if m := baselineProblem(st, rules, ret); m != "" {
		t.Errorf("the linked baseline is refused: %s", m)
	}
	lines, err := ReportLines(st, rules, ReportFilter{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0].ID != retID {
		t.Errorf("report lines %+v: only the return", lines)
	}
}
