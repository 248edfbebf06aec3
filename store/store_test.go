package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestSaveGetRevisionsAndAudit(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("M-AB 1234", "Erika Mustermann")
	rec, err := s.Save(p, AnyRevision, "Max Prüfer")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || rec.Revision != 1 || rec.Status != StatusDraft || rec.Summary.Gross == "" {
		t.Fatalf("created %+v", rec)
	}
	p.Findings = append(p.Findings, finding("Kratzer"))
	rec, err = s.Save(p, 1, "Max Prüfer")
	if err != nil || rec.Revision != 2 {
		t.Fatalf("second save: %v %+v", err, rec)
	}
	// unchanged content writes nothing
	if rec, _ = s.Save(p, 2, "Max Prüfer"); rec.Revision != 2 {
		t.Errorf("unchanged save made revision %d", rec.Revision)
	}
	// a stale copy does not overwrite another window's edit
	if _, err := s.Save(p, 1, "other"); !errors.Is(err, ErrConflict) {
		t.Errorf("stale save: %v", err)
	}
	got, gp, err := s.Get(p.ID)
	if err != nil || got.Revision != 2 || len(gp.Findings) != 1 || gp.Findings[0].Note != "Kratzer" {
		t.Fatalf("Get: %v %+v", err, got)
	}
	audit, err := s.Audit(p.ID)
	if err != nil || len(audit) != 2 || audit[0].Action != "create" || audit[1].By != "Max Prüfer" {
		t.Fatalf("audit: %v %+v", err, audit)
	}
	if !containsLine(audit[1].Changes, `findings[0].note: neu "Kratzer"`) {
		t.Errorf("audit changes = %q", audit[1].Changes)
	}
	mustCheck(t, s)
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestSealedIsImmutableAndAmendmentsReferenceIt(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("M-AB 1234", "Erika Mustermann")
	rec, _ := s.Save(p, AnyRevision, "")
	if _, err := sealWith(s, p.ID, rec.Revision, []byte(`{"hash":"abc"}`), "Max"); err != nil {
		t.Fatal(err)
	}
	p.Customer.Name = "Mallory"
	if _, err := s.Save(p, AnyRevision, "x"); !errors.Is(err, ErrSealed) {
		t.Fatalf("save of sealed protocol: %v", err)
	}
	if _, err := sealWith(s, p.ID, AnyRevision, nil, "x"); !errors.Is(err, ErrSealed) {
		t.Errorf("second seal: %v", err)
	}
	if res, _, err := s.Import(p, "x"); err != nil || res != SkippedSealed {
		t.Errorf("import over sealed: %v %v", res, err)
	}
	_, sealed, _ := s.Get(p.ID)
	if sealed.Customer.Name != "Erika Mustermann" {
		t.Fatalf("sealed protocol changed: %q", sealed.Customer.Name)
	}
	am, err := s.Amend(p.ID, "Korrektur", "Max")
	if err != nil || am.Amends != p.ID || am.ID == p.ID || am.Status != StatusDraft {
		t.Fatalf("amend: %v %+v", err, am)
	}
	if _, err := s.MarkExported(p.ID, "Max"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Amend(am.ID, "Korrektur", "Max"); err == nil {
		t.Error("amending a draft should be refused")
	}
	mustCheck(t, s)
}

func TestImportIsIdempotent(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("HH-XY 77", "Hans Müller")
	p.ID = "BO-4711"
	for i, want := range []ImportResult{Imported, Unchanged} {
		q := *p
		res, rec, err := s.Import(&q, "import")
		if err != nil || res != want || rec.ID != "BO-4711" {
			t.Fatalf("import %d: %v %v %+v", i, res, err, rec)
		}
	}
	p2 := *p
	p2.Return.Place = "Halle 3"
	if res, rec, _ := s.Import(&p2, "import"); res != Updated || rec.Revision != 2 {
		t.Errorf("changed import: %v %+v", res, rec)
	}
	bad := *p
	bad.ID = "../../etc/passwd"
	if _, _, err := s.Import(&bad, "x"); err == nil || !strings.Contains(err.Error(), "use 1–64 letters") {
		t.Errorf("hostile id: %v", err)
	}
	n, _ := s.Count()
	if n[StatusDraft] != 1 {
		t.Errorf("count = %v", n)
	}
	mustCheck(t, s)
}

func TestListOrderAndSearch(t *testing.T) {
	s := openTest(t, t.TempDir())
	var ids []string
	for _, c := range []struct{ plate, name string }{
		{"M-AB 1234", "Erika Mustermann"}, {"HH-XY 77", "Hans Müller"}, {"B-CD 5", "Jörg Schulz"}, {"M-AX 99", "Anna Müller-Lüdenscheidt"},
	} {
		p := sample(c.plate, c.name)
		if _, err := s.Save(p, AnyRevision, ""); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if _, err := sealWith(s, ids[3], AnyRevision, nil, ""); err != nil { // newest, but sealed
		t.Fatal(err)
	}
	all, _ := s.List(Query{})
	got := recIDs(all)
	want := []string{ids[2], ids[1], ids[0], ids[3]} // drafts newest first, then sealed
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("order = %v, want %v", got, want)
	}
	for q, wantIDs := range map[string][]string{
		"m-ab":           {ids[0]},
		"MAB1234":        {ids[0]},
		"muller":         {ids[1], ids[3]},
		"Müller":         {ids[1], ids[3]},
		"hans mü":        {ids[1]},
		"lüdensch":       {ids[3]},
		"WBAUL":          {ids[2], ids[1], ids[0], ids[3]},
		"nobody":         nil,
		"\x1b[31m\u202e": nil,
	} {
		recs, err := s.List(Query{Search: q})
		if err != nil || strings.Join(recIDs(recs), ",") != strings.Join(wantIDs, ",") {
			t.Errorf("search %q = %v, want %v (%v)", q, recIDs(recs), wantIDs, err)
		}
	}
	page, _ := s.List(Query{Limit: 2, Offset: 1})
	if strings.Join(recIDs(page), ",") != ids[1]+","+ids[0] {
		t.Errorf("page = %v", recIDs(page))
	}
	sealed, _ := s.List(Query{Status: StatusSealed})
	if len(sealed) != 1 || sealed[0].ID != ids[3] {
		t.Errorf("sealed = %v", recIDs(sealed))
	}
}

func recIDs(recs []*Record) []string {
	out := []string{}
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

func TestCheckFindsIndexDamage(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("M-AB 1234", "Erika Mustermann")
	if _, err := s.Save(p, AnyRevision, ""); err != nil {
		t.Fatal(err)
	}
	// damage: remove an index entry and add a stray one behind the store's back
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(idxPlate.bucket)
		if err := b.Delete(indexKey("MAB1234", p.ID)); err != nil {
			return err
		}
		return b.Put(indexKey("GHOST", "nope"), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 2 || !strings.Contains(strings.Join(rep.Problems, "\n"), "missing entry") || !strings.Contains(strings.Join(rep.Problems, "\n"), "stray entry") {
		t.Errorf("problems = %v", rep.Problems)
	}
}

func TestBackupIsAConsistentStore(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("M-AB 1234", "Erika Mustermann")
	if _, err := s.Save(p, AnyRevision, ""); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := s.Backup(dir + "/" + FileName); err != nil {
		t.Fatal(err)
	}
	b := openTest(t, dir)
	mustCheck(t, b)
	if _, got, err := b.Get(p.ID); err != nil || got.Vehicle.Plate != "M-AB 1234" {
		t.Errorf("backup lacks the protocol: %v", err)
	}
}

// MarkExportedAll marks a batch in one transaction; a protocol that is not
// sealed is refused alone, the others are exported with their audit entry.
func TestMarkExportedAllRefusesOneMarksTheRest(t *testing.T) {
	s := openTest(t, t.TempDir())
	var ids []string
	for i := range 4 {
		p := sample(fmt.Sprintf("M-EX %d", i), "Erika Mustermann")
		rec, err := s.Save(p, AnyRevision, "")
		if err != nil {
			t.Fatal(err)
		}
		if i != 2 { // the third stays a draft
			if _, err := sealWith(s, p.ID, rec.Revision, []byte(`{"hash":"abc"}`), "Max"); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, p.ID)
	}
	errs := s.MarkExportedAll(append(ids, "NO-SUCH-ID"), "Max")
	for i, err := range errs {
		if refused := i == 2 || i == 4; (err != nil) != refused {
			t.Errorf("protocol %d: %v", i, err)
		}
	}
	for i, id := range ids {
		rec, _, err := s.Get(id)
		want := StatusExported
		if i == 2 {
			want = StatusDraft
		}
		if err != nil || rec.Status != want {
			t.Errorf("%s: %v %v, want %s", id, rec.Status, err, want)
		}
	}
	if audit, _ := s.Audit(ids[0]); len(audit) == 0 || audit[len(audit)-1].Action != "export" {
		t.Errorf("no export in the audit trail: %+v", audit)
	}
	mustCheck(t, s)
}
