package store

import (
	"fmt"
	"strings"
	"testing"
)

// ListSummaries gives what List gives, without the protocols; a search stops
// at its limit and pages like a plain list.
func TestListSummariesAndSearchLimit(t *testing.T) {
	s := openTest(t, t.TempDir())
	for i := range 12 {
		if _, err := s.Save(sample(fmt.Sprintf("M-LS %d", i), "Lena Sommer"), AnyRevision, ""); err != nil {
			t.Fatal(err)
		}
	}
	full, _ := s.List(Query{})
	heads, err := s.ListSummaries(Query{})
	if err != nil || len(heads) != len(full) {
		t.Fatalf("%d summaries, %d records: %v", len(heads), len(full), err)
	}
	for i := range full {
		if heads[i].ID != full[i].ID || heads[i].Summary != full[i].Summary || heads[i].Revision != full[i].Revision || heads[i].Protocol != nil {
			t.Fatalf("summary %d differs: %+v", i, heads[i])
		}
	}
	page1, _ := s.ListSummaries(Query{Search: "sommer", Limit: 5})
	page2, _ := s.ListSummaries(Query{Search: "sommer", Limit: 5, Offset: 5})
	all, _ := s.ListSummaries(Query{Search: "sommer"})
	if len(page1) != 5 || len(page2) != 5 || len(all) != 12 || page1[0].ID != all[0].ID || page2[0].ID != all[5].ID {
		t.Fatalf("search pages: %d %d %d", len(page1), len(page2), len(all))
	}
}

func TestCheckID(t *testing.T) {
	for id, ok := range map[string]bool{
		"a": true, "20261121T101530Z-3f2a": true, "BO-4711": true, "x.y_z-1": true, "Z9": true,
		strings.Repeat("a", 64): true, strings.Repeat("a", 65): false, "": false,
		"-a": false, ".a": false, "_a": false, "a b": false, "a/b": false, "ä": false, "a\x00": false, "a:b": false,
	} {
		if got := CheckID(id) == nil; got != ok {
			t.Errorf("CheckID(%q) ok=%v, want %v", id, got, ok)
		}
	}
}
