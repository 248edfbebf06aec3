package store

import (
	"fmt"
	"testing"
)

// A German plate's district may carry an umlaut (MÜ, LÖ); typed as "MUE",
// "MU" or "MÜ" it is found, through the index and in the list walk alike.
func TestPlateSearchFindsUmlautsTypedWithout(t *testing.T) {
	for _, small := range []int{600, 0} { // the index's candidates, then the walk
		t.Run(fmt.Sprint("smallResult=", small), func(t *testing.T) {
			old := smallResult
			smallResult = small
			t.Cleanup(func() { smallResult = old })
			s := openTest(t, t.TempDir())
			for _, plate := range []string{"B-MÜ 77", "LÖ-AB 12", "B-MA 1"} {
				if _, err := s.Save(sample(plate, "Kunde "+plate), AnyRevision, "t"); err != nil {
					t.Fatal(err)
				}
			}
			for q, want := range map[string]string{
				"b-mue 77": "B-MÜ 77", "b-mu": "B-MÜ 77", "bmu77": "B-MÜ 77", "b-mü": "B-MÜ 77",
				"loe-ab": "LÖ-AB 12", "lo": "LÖ-AB 12", "B-MA": "B-MA 1",
			} {
				recs, err := s.ListSummaries(Query{Search: q})
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) != 1 || recs[0].Summary.Plate != want {
					var got []string
					for _, r := range recs {
						got = append(got, r.Summary.Plate)
					}
					t.Errorf("%q found %q, want %q", q, got, want)
				}
			}
		})
	}
}
