package store

import (
	"errors"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// Windows and macOS ignore case in file names: a protocol nord-1 beside
// Nord-1 would share its archive, bundle and PDF names. The store refuses it.
func TestIDsDifferingOnlyInCaseAreRefused(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("HH-XY 77", "Hans Müller")
	p.ID = "Nord-1"
	if res, _, err := s.Import(p, "t"); err != nil || res != Imported {
		t.Fatalf("first import: %v %v", res, err)
	}
	for _, id := range []string{"nord-1", "NORD-1", "nOrD-1"} {
		q := sample("HH-XY 78", "Eva Muster")
		q.ID = id
		_, _, err := s.Import(q, "t")
		var clash *CaseClashError
		if !errors.As(err, &clash) || clash.Existing != "Nord-1" || !strings.Contains(err.Error(), `differs only in case from "Nord-1"`) {
			t.Errorf("import %s: %v", id, err)
		}
		if _, _, err := s.ImportSealed(q, nil, []byte(`{"hash":"x"}`), "x", "t"); !errors.As(err, &clash) {
			t.Errorf("sealed import %s: %v", id, err)
		}
	}
	// the same id again is an update of that protocol, not a clash
	again := sample("HH-XY 77", "Hans Müller")
	again.ID = "Nord-1"
	again.Return.Place = "Halle 3"
	if res, _, err := s.Import(again, "t"); err != nil || res != Updated {
		t.Errorf("re-import of Nord-1: %v %v", res, err)
	}
	// other ids are not held up: a different letter, a longer id, a digit-first one
	for _, id := range []string{"Nord-2", "nord-10", "Nord", "2026T-a"} {
		q := sample("HH-XY 79", "Max Muster")
		q.ID = id
		if _, _, err := s.Import(q, "t"); err != nil {
			t.Errorf("import %s: %v", id, err)
		}
	}
	q := sample("HH-XY 80", "Max Muster")
	q.ID = "2026t-A"
	if _, _, err := s.Import(q, "t"); err == nil || !strings.Contains(err.Error(), `"2026T-a"`) {
		t.Errorf("2026t-A beside 2026T-a: %v", err)
	}
	counts, _ := s.Count()
	if n := counts[StatusDraft]; n != 5 {
		t.Errorf("%d drafts stored, want 5: %v", n, counts)
	}
	mustCheck(t, s)
}

func TestCaseTwin(t *testing.T) {
	s := openTest(t, t.TempDir())
	ids := []string{"Aa", "ab", "2024-X1", "2024-x2", "123", "Z"}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("twins"))
		for _, id := range ids {
			if err == nil {
				err = b.Put([]byte(id), []byte("1"))
			}
		}
		if err != nil {
			return err
		}
		for id, want := range map[string]string{
			"aa": "Aa", "AA": "Aa", "Aa": "", "AB": "ab", "ac": "", "2024-X2": "2024-x2", "2024-x1": "2024-X1",
			"2024-X3": "", "123": "", "z": "Z", "Zz": "",
		} {
			if got := caseTwin(b, id); got != want {
				t.Errorf("caseTwin(%q) = %q, want %q", id, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
