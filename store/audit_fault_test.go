package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/inspection"
)

// A change and its audit entry are one transaction: when the entry cannot be
// written, the record is unchanged too.
func TestChangeAndAuditCommitTogether(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("M-AU 1", "Audit Test")
	rec, err := s.Save(p, AnyRevision, "")
	if err != nil {
		t.Fatal(err)
	}
	auditFault = errors.New("injected")
	defer func() { auditFault = nil }()
	p.Customer.Name = "geändert"
	if _, err := s.Save(p, rec.Revision, ""); err == nil {
		t.Fatal("save reported success without its audit entry")
	}
	auditFault = nil
	got, q, err := s.Get(rec.ID)
	if err != nil || got.Revision != rec.Revision || q.Customer.Name != "Audit Test" {
		t.Fatalf("the record changed although its audit entry failed: revision %d, name %q", got.Revision, q.Customer.Name)
	}
	mustCheck(t, s)
}

// check compares each record's revision with its newest audit entry.
func TestCheckFindsAChangeWithoutAuditEntry(t *testing.T) {
	s := openTest(t, t.TempDir())
	rec, err := s.Save(sample("M-AU 2", "Audit Test"), AnyRevision, "")
	if err != nil {
		t.Fatal(err)
	}
	// a revision written behind the store's back, as a half-done change would
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProtocols)
		r, err := decodeRecord(b.Get([]byte(rec.ID)))
		if err != nil {
			return err
		}
		r.Revision++
		v, err := encodeRecord(r)
		if err != nil {
			return err
		}
		return b.Put([]byte(rec.ID), v)
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check()
	if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "newest audit entry names revision 1") {
		t.Fatalf("check: %v %v", rep.Problems, err)
	}
	// and a record with no entry at all
	err = s.db.Update(func(tx *bolt.Tx) error {
		key := binary.BigEndian.AppendUint64(append([]byte(rec.ID), 0), 1)
		return tx.Bucket(bucketAudit).Delete(key)
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep, _ := s.Check(); !strings.Contains(strings.Join(rep.Problems, "\n"), "no audit entry") {
		t.Fatalf("check: %v", rep.Problems)
	}
}

func TestImportSealedRefusesTheSameIDWithAnotherSeal(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("M-IS 1", "Sealed Import")
	p.ID = "sealed-1"
	seal := func(h string) json.RawMessage { return json.RawMessage(`{"hash":"` + h + `"}`) }
	if res, _, err := s.ImportSealed(p, nil, seal("aa"), "aa", ""); err != nil || res != Imported {
		t.Fatalf("first import: %v %v", res, err)
	}
	if res, _, err := s.ImportSealed(p, nil, seal("aa"), "aa", ""); err != nil || res != Unchanged {
		t.Fatalf("same seal again: %v %v", res, err)
	}
	if res, _, err := s.ImportSealed(p, nil, seal("bb"), "bb", ""); err == nil {
		t.Fatalf("another seal for the same id was accepted as %v", res)
	}
	rec, _, _ := s.Get("sealed-1")
	if sealHash(rec.Seal) != "aa" {
		t.Fatalf("the stored seal changed to %s", sealHash(rec.Seal))
	}
}

// The store keeps the device's chain: each seal is made over the previous
// seal's hash, and the head moves in the sealing transaction.
func TestSealChainedLinksEachSealToThePrevious(t *testing.T) {
	s := openTest(t, t.TempDir())
	var seen []string
	for i, h := range []string{"h1", "h2", "h3"} {
		rec, err := s.Save(sample("M-SC "+h, "Chain"), AnyRevision, "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.SealChained(rec.ID, rec.Revision, "", func(_ *inspection.Protocol, prev string) (json.RawMessage, string, error) {
			seen = append(seen, prev)
			return json.RawMessage(`{"hash":"` + h + `"}`), h, nil
		})
		if err != nil {
			t.Fatalf("seal %d: %v", i, err)
		}
	}
	if strings.Join(seen, ",") != ",h1,h2" {
		t.Fatalf("previous hashes %q, want \"\", h1, h2", seen)
	}
	// a failed seal does not move the head
	rec, _ := s.Save(sample("M-SC x", "Chain"), AnyRevision, "")
	_, err := s.SealChained(rec.ID, rec.Revision, "", func(_ *inspection.Protocol, prev string) (json.RawMessage, string, error) {
		return nil, "", errors.New("incomplete")
	})
	if err == nil {
		t.Fatal("failing seal succeeded")
	}
	rec2, _ := s.Save(sample("M-SC y", "Chain"), AnyRevision, "")
	s.SealChained(rec2.ID, rec2.Revision, "", func(_ *inspection.Protocol, prev string) (json.RawMessage, string, error) {
		seen = append(seen, prev)
		return json.RawMessage(`{"hash":"h4"}`), "h4", nil
	})
	if seen[len(seen)-1] != "h3" {
		t.Fatalf("after a failed seal the head is %q, want h3", seen[len(seen)-1])
	}
}
