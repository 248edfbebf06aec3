package store

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
	"pgregory.net/rapid"
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
		// names Windows gives to devices, in any case, with any extension; a trailing dot
		"CON": false, "con": false, "Nul.json": false, "aux.bundle.json": false, "PRN": false, "COM1": false, "com9.zip": false,
		"LPT1": false, "lpt0": false, "abc.": false, "a..": false,
		"CONSOLE": true, "COM10": true, "LPT": true, "con-1": true, "NUL_2": true, "a.con": true, "x.nul.json": true,
	} {
		if got := CheckID(id) == nil; got != ok {
			t.Errorf("CheckID(%q) ok=%v, want %v", id, got, ok)
		}
	}
}

// The search text lives in the status index: an edit of the plate or the
// name moves it, a status change keeps it, and check compares it.
func TestSearchFollowsEditsAndCheckComparesTheSearchText(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("M-AB 1", "Erika Mustermann")
	rec, err := s.Save(p, AnyRevision, "")
	if err != nil {
		t.Fatal(err)
	}
	found := func(q string) bool {
		recs, err := s.ListSummaries(Query{Search: q})
		if err != nil {
			t.Fatal(err)
		}
		return len(recs) == 1
	}
	if !found("m-ab") || !found("muster") || !found("erika must") || !found("WBAUL") || found("k-xy") || found("erika x") {
		t.Fatal("search before the edit")
	}
	p.Vehicle.Plate, p.Customer.Name = "K-XY 9", "Jörg Müller"
	if rec, err = s.Save(p, rec.Revision, ""); err != nil {
		t.Fatal(err)
	}
	if found("m-ab") || found("muster") || !found("kxy") || !found("jorg mull") || !found("müller") {
		t.Fatal("search after the edit still sees the old plate or name")
	}
	if _, err := sealWith(s, p.ID, rec.Revision, []byte(`{"hash":"h"}`), ""); err != nil {
		t.Fatal(err)
	}
	if !found("kxy") {
		t.Fatal("a sealed protocol is not found")
	}
	mustCheck(t, s)
	// a search text changed behind the store's back is reported
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(idxStatus.bucket)
		k, _ := b.Cursor().First()
		return b.Put(append([]byte(nil), k...), []byte("GHOST\x00\x00ghost"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep, _ := s.Check(); rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "holds") {
		t.Fatalf("check: %v", rep.Problems)
	}
}

// A store of schema 2 (status entries without search text, as wave 1 wrote
// them) is migrated at open: check is clean and search works.
func TestMigrationFromSchema2FillsTheSearchText(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	for i := range 3 {
		if _, err := s.Save(sample(fmt.Sprintf("M-MG %d", i), "Migra Tion"), AnyRevision, ""); err != nil {
			t.Fatal(err)
		}
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(idxStatus.bucket)
		var keys [][]byte
		b.ForEach(func(k, _ []byte) error { keys = append(keys, append([]byte(nil), k...)); return nil })
		for _, k := range keys {
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
		return setSchema(tx, 2)
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep, _ := s.Check(); rep.OK() {
		t.Fatal("check did not see the missing search texts")
	}
	s.Close()
	s = openTest(t, dir)
	mustCheck(t, s)
	if recs, _ := s.ListSummaries(Query{Search: "migra"}); len(recs) != 3 {
		t.Fatalf("search after migration: %d", len(recs))
	}
}

// Property: a search gives exactly what filtering the whole list by hand
// gives, in the same order, through both of its ways (few matches read and
// sorted; many walked in order) and with any limit.
func TestPropertySearchEqualsFilteringTheList(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		defer func(n int) { smallResult = n }(smallResult)
		smallResult = rapid.IntRange(0, 8).Draw(rt, "small")
		dir, err := os.MkdirTemp("", "search")
		if err != nil {
			rt.Fatal(err)
		}
		defer os.RemoveAll(dir)
		s, err := Open(dir, Options{})
		if err != nil {
			rt.Fatal(err)
		}
		defer s.Close()
		names := []string{"Erika Mustermann", "Hans Müller", "Jörg Schulz", "Anna Weber", "Hans-Jörg Meier", "Ida Muster"}
		n := rapid.IntRange(1, 25).Draw(rt, "n")
		for i := range n {
			p := sample(fmt.Sprintf("%s %d", rapid.SampledFrom([]string{"M-AB", "M-AC", "K-MA", "B-XY"}).Draw(rt, "plate"), i),
				rapid.SampledFrom(names).Draw(rt, "name"))
			rec, err := s.Save(p, AnyRevision, "")
			if err != nil {
				rt.Fatal(err)
			}
			if rapid.Bool().Draw(rt, "seal") {
				if _, err := sealWith(s, rec.ID, rec.Revision, []byte(`{"hash":"h"}`), ""); err != nil {
					rt.Fatal(err)
				}
			}
		}
		text := rapid.SampledFrom([]string{"m", "m-a", "mab", "k", "hans", "hans m", "jörg", "jorg schulz", "muster", "mu", "x", "WBAUL", "zz", "m ü"}).Draw(rt, "query")
		limit := rapid.IntRange(0, 30).Draw(rt, "limit")
		got, err := s.ListSummaries(Query{Search: text, Limit: limit})
		if err != nil {
			rt.Fatal(err)
		}
		all, _ := s.ListSummaries(Query{})
		q := newQuery(text)
		var want []string
		for _, r := range all {
			if q.matches(searchText(r)) && (limit == 0 || len(want) < limit) {
				want = append(want, r.ID)
			}
		}
		if fmt.Sprint(recIDs(got)) != fmt.Sprint(want) {
			rt.Fatalf("search %q limit %d: got %v, want %v", text, limit, recIDs(got), want)
		}
	})
}

// A reading command on a store of an older schema migrates it once when the
// medium is writable, instead of refusing.
func TestReadOnlyOpenMigratesAnOldStoreOnce(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	if _, err := s.Save(sample("M-RO 2", "Alt Bestand"), AnyRevision, ""); err != nil {
		t.Fatal(err)
	}
	s.db.Update(func(tx *bolt.Tx) error { return setSchema(tx, 2) })
	s.Close()
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a schema-2 store: %v", err)
	}
	if recs, _ := ro.ListSummaries(Query{Search: "alt"}); len(recs) != 1 {
		t.Fatal("search after the migration")
	}
	// on read-only media the migration cannot run: the error says so
	ro.Close()
	w, _ := Open(dir, Options{})
	w.db.Update(func(tx *bolt.Tx) error { return setSchema(tx, 2) })
	w.Close()
	if _, err := Open(dir, Options{ReadOnly: true, OpenFile: readOnlyMedia}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only media with an old store: %v", err)
	}
}

// A store of schema 3 (names folded the wave-1 way: "łukasz" kept its Ł, no
// transliteration) is migrated at open: the name index and the search texts
// are rebuilt, check is clean and the names are found as typed in issue 14.
func TestMigrationFromSchema3FoldsNamesAgain(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	for i, name := range []string{"Łukasz Wałęsa", "Jürgen Müller", "Şükrü Çağlar"} {
		if _, err := s.Save(sample(fmt.Sprintf("M-FO %d", i), name), AnyRevision, ""); err != nil {
			t.Fatal(err)
		}
	}
	oldFold := strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")
	err := s.db.Update(func(tx *bolt.Tx) error {
		names := tx.Bucket(idxCustomer.bucket)
		status := tx.Bucket(idxStatus.bucket)
		var keys, vals [][]byte
		status.ForEach(func(k, v []byte) error {
			keys, vals = append(keys, append([]byte(nil), k...)), append(vals, []byte(oldFold.Replace(strings.ToLower(string(v)))))
			return nil
		})
		for i := range keys {
			status.Put(keys[i], vals[i])
		}
		var nameKeys [][]byte
		names.ForEach(func(k, _ []byte) error { nameKeys = append(nameKeys, append([]byte(nil), k...)); return nil })
		for _, k := range nameKeys {
			names.Delete(k)
		}
		rec, _ := decodeHead(tx.Bucket(bucketProtocols).Get([]byte(firstID(tx))))
		for _, w := range strings.Fields(oldFold.Replace(strings.ToLower(rec.Summary.Customer))) {
			names.Put(indexKey(w, rec.ID), nil)
		}
		return setSchema(tx, 3)
	})
	if err != nil {
		t.Fatal(err)
	}
	if recs, _ := s.ListSummaries(Query{Search: "lukasz"}); len(recs) != 0 {
		t.Fatalf("the wave-1 fold should not find lukasz: %d", len(recs))
	}
	s.Close()
	s = openTest(t, dir)
	mustCheck(t, s)
	for _, q := range []string{"lukasz", "walesa", "mueller", "juergen", "sukru", "çağ"} {
		if recs, _ := s.ListSummaries(Query{Search: q}); len(recs) != 1 {
			t.Errorf("search %q after migration: %d", q, len(recs))
		}
	}
}

func firstID(tx *bolt.Tx) string {
	k, _ := tx.Bucket(bucketProtocols).Cursor().First()
	return string(k)
}
