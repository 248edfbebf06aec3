package service

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"rueckgabe/seal"
	"rueckgabe/store"
)

// A seal dated before the seal it follows, or after the object store
// received it, is flagged: a device clock set back, or a seal made later
// than it claims. Gaps are counted, forks named.
func TestChainsFlagTimesGapsAndForks(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	add := func(id, hash, prev, at string, received time.Time) {
		t.Helper()
		p := complete(t)
		p.ID = id
		s, _ := json.Marshal(seal.Seal{KeyID: "k1", Hash: hash, PreviousHash: prev, SealedAt: at})
		if _, _, err := st.ImportSealed(p, nil, s, hash, "t"); err != nil {
			t.Fatal(err)
		}
		if !received.IsZero() {
			if err := st.MarkReceived(id, received, "t"); err != nil {
				t.Fatal(err)
			}
		}
	}
	day := time.Date(2024, 4, 3, 12, 0, 0, 0, time.UTC)
	add("A", "h1", "", "2024-04-03T10:00:00Z", day)
	add("B", "h2", "h1", "2024-04-02T10:00:00Z", day) // before A
	add("C", "h3", "h2", "2099-01-01T00:00:00Z", day) // after it arrived
	add("D", "h4", "h2", "2024-04-03T11:00:00Z", time.Time{})
	add("E", "h6", "h5", "2024-04-03T11:30:00Z", time.Time{}) // h5 never arrived
	chains, err := Chains(st)
	if err != nil || len(chains) != 1 {
		t.Fatalf("%v %v", chains, err)
	}
	c := chains[0]
	text := strings.Join(c.Lines(), "\n")
	for _, want := range []string{"B: sealed 2024-04-02T10:00:00Z, before the seal it follows (A,", "C: sealed 2099-01-01T00:00:00Z, after the object store received it",
		"the seals of C, D follow the same seal", "1 seal(s) not here yet"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
	if c.Seals != 5 || c.Gaps != 1 || len(c.Forks) != 1 {
		t.Errorf("chain %+v", c)
	}
	// check reads the same in its walk over the seals
	if rep, err := CheckSeals(st, rules, "", nil); err != nil || !reflect.DeepEqual(rep.Infos, chains) {
		t.Errorf("CheckSeals read the chains as %+v (%v), Chains as %+v", rep.Infos, err, chains)
	}
	if _, err := HoldForks(st, "t"); err != nil {
		t.Fatal(err)
	}
	for id, held := range map[string]bool{"C": true, "D": true, "A": false, "B": false} {
		rec, _, _ := st.Get(id)
		if (rec.Review != "") != held {
			t.Errorf("%s review %q", id, rec.Review)
		}
	}
}
