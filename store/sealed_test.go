package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"rueckgabe/inspection"
)

// EachSealedBatch hands on every record in batches of the size asked;
// Decode gives the sealed ones with the valuation kept for them, and nil
// for drafts — what EachSealed gives, in the same order.
func TestEachSealedBatchIsEachSealed(t *testing.T) {
	s := openTest(t, t.TempDir())
	for i := range 7 {
		rec, err := s.Save(sample(fmt.Sprintf("M-AB %d", i), "Kunde"), AnyRevision, "t")
		if err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			continue // a draft
		}
		seal := json.RawMessage(fmt.Sprintf(`{"hash":"h%d"}`, i))
		_, err = s.SealChainedSigned(rec.ID, AnyRevision, "t", func(p *inspection.Protocol, _ string) (SealMade, error) {
			return SealMade{Seal: seal, Hash: fmt.Sprintf("h%d", i), Signed: Signed{Valuation: fmt.Appendf(nil, `{"gross":"%d.00"}`, i)}}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var want []*Record
	if err := s.EachSealed(func(r *Record) error { want = append(want, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(want) != 4 {
		t.Fatalf("%d sealed", len(want))
	}
	for _, n := range []int{1, 3, 7, 100} {
		var got []*Record
		err := s.EachSealedBatch(n, func(views []SealedView) error {
			if len(views) > n {
				t.Fatalf("a batch of %d for %d", len(views), n)
			}
			for _, v := range views {
				r, err := v.Decode()
				if err != nil {
					t.Fatal(err)
				}
				if r != nil {
					got = append(got, r)
				}
			}
			return nil
		})
		if err != nil || len(got) != len(want) {
			t.Fatalf("n=%d: %d records, %v", n, len(got), err)
		}
		for i := range got {
			if got[i].ID != want[i].ID || !bytes.Equal(got[i].Protocol, want[i].Protocol) || len(got[i].Valuation) == 0 || !bytes.Equal(got[i].Valuation, want[i].Valuation) {
				t.Errorf("n=%d: record %d: %s %q, want %s %q", n, i, got[i].ID, got[i].Valuation, want[i].ID, want[i].Valuation)
			}
		}
	}
}
