package service

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/seal"
	"rueckgabe/store"
)

var rules = catalog.MustDefault()

var sealTime = fixture.SealedAt

// complete is a protocol that may be sealed.
func complete(t testing.TB) *inspection.Protocol { return fixture.Complete(t, rules) }

// BundleOf refuses a stored record whose content no longer matches its
// seal: a damaged store is not exported as if it were sealed evidence.
func TestBundleOfRefusesADamagedRecord(t *testing.T) {
	st, id := sealedStore(t)
	rec, _, err := st.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	damaged := *rec
	damaged.Protocol = []byte(strings.Replace(string(rec.Protocol), `"235.20"`, `"135.20"`, 1))
	if string(damaged.Protocol) == string(rec.Protocol) {
		t.Fatal("nothing damaged")
	}
	if _, _, err := BundleOf(&damaged, rules); err == nil || !strings.Contains(err.Error(), "does not match its seal") {
		t.Fatalf("damaged record exported: %v", err)
	}
}

func TestRecordMetaTakesTheSeal(t *testing.T) {
	st, id := sealedStore(t)
	rec, _, _ := st.Get(id)
	m := recordMeta(rec)
	var s seal.Seal
	json.Unmarshal(rec.Seal, &s)
	if !m.Sealed || m.KeyID != s.KeyID || m.Hash != s.Hash || !m.At.Equal(sealTime) {
		t.Fatalf("meta of a sealed record: %+v", m)
	}
	draft := *rec
	draft.Status, draft.Seal = "draft", nil
	if m := recordMeta(&draft); m.Sealed || m.Hash != "" || !m.At.Equal(rec.UpdatedAt) {
		t.Fatalf("meta of a draft: %+v", m)
	}
	odd := *rec
	odd.Seal = json.RawMessage(`{"hash":"h","sealed_at":"gestern"}`)
	if m := recordMeta(&odd); m.Hash != "h" || !m.At.Equal(rec.UpdatedAt) {
		t.Fatalf("a seal with an unreadable time: %+v", m)
	}
}

func sealedStore(t *testing.T) (*store.Store, string) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := complete(t)
	if _, err := st.Save(p, store.AnyRevision, "test"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := SealProtocol(st, rules, testKey(t, st.Dir()), p.ID, store.AnyRevision, "Max Prüfer", sealTime); err != nil {
		t.Fatal(err)
	}
	return st, p.ID
}

func TestSealRefusedWhileIncompleteAndSealedIsImmutable(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := complete(t)
	p.Signatures = p.Signatures[:1]
	p.Completed = p.Completed[:8]
	p.Findings = p.Findings[:1] // only lackierung: verglasung etc. untouched again
	if _, err := st.Save(p, store.AnyRevision, "t"); err != nil {
		t.Fatal(err)
	}
	_, _, err = SealProtocol(st, rules, testKey(t, st.Dir()), p.ID, store.AnyRevision, "t", sealTime)
	missing, ok := seal.IsIncomplete(err)
	if !ok || !strings.Contains(strings.Join(missing, "\n"), "Kategorie Lieferumfang") || !strings.Contains(strings.Join(missing, "\n"), "Unterschrift fehlt: Prüfer") {
		t.Fatalf("incomplete seal: %v %v", err, missing)
	}
	if rec, _, _ := st.Get(p.ID); rec.Status != store.StatusDraft {
		t.Fatal("refused seal changed the status")
	}
	p2 := complete(t)
	p2.ID = p.ID
	if _, err := st.Save(p2, store.AnyRevision, "t"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := SealProtocol(st, rules, testKey(t, st.Dir()), p.ID, store.AnyRevision, "t", sealTime); err != nil {
		t.Fatal(err)
	}
	p2.Customer.Name = "Mallory"
	if _, err := st.Save(p2, store.AnyRevision, "t"); err == nil {
		t.Fatal("a sealed protocol was changed through the store")
	}
}

func TestChainAndCanonicalStability(t *testing.T) {
	st, first := sealedStore(t)
	p := complete(t)
	if _, err := st.Save(p, store.AnyRevision, "t"); err != nil {
		t.Fatal(err)
	}
	_, s2, err := SealProtocol(st, rules, testKey(t, st.Dir()), p.ID, store.AnyRevision, "t", sealTime)
	if err != nil {
		t.Fatal(err)
	}
	rec1, _, _ := st.Get(first)
	var s1 seal.Seal
	_ = json.Unmarshal(rec1.Seal, &s1)
	if s2.PreviousHash != s1.Hash {
		t.Errorf("second seal names %q, first hash %q", s2.PreviousHash, s1.Hash)
	}
	// canonical form is stable across runs and encodings
	a, _ := seal.Canonical(p)
	b, _ := seal.Canonical(p.Clone())
	if !bytes.Equal(a, b) {
		t.Error("canonical form differs between equal protocols")
	}
}
