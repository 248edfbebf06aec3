package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/seal"
	"rueckgabe/store"
)

// sealN seals n protocols in dir's store, one after another, and returns
// their ids and seals in chain order.
func sealN(t *testing.T, dir string, n int) ([]string, []*seal.Seal) {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ids []string
	var seals []*seal.Seal
	for i := range n {
		p := complete(t)
		p.ID = ""
		if _, err := st.Save(p, store.AnyRevision, "t"); err != nil {
			t.Fatal(err)
		}
		rec, s, err := SealProtocol(st, rules, testKey(t, st.Dir()), p.ID, store.AnyRevision, "t", sealTime.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		ids, seals = append(ids, rec.ID), append(seals, s)
	}
	return ids, seals
}

// inFile changes dir's store file behind the store's back.
func inFile(t *testing.T, dir string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// checkSeals runs CheckSeals on dir's store with dir's device key as its own.
func checkSeals(t *testing.T, dir string) *SealCheck {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	own := ""
	if k, _ := seal.LoadKey(dir); k != nil {
		own = k.ID
	}
	rep, err := CheckSeals(st, rules, own, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestCheckSealsOfASoundChain(t *testing.T) {
	dir := t.TempDir()
	sealN(t, dir, 4)
	rep := checkSeals(t, dir)
	if len(rep.Problems) > 0 || rep.Sealed != 4 || len(rep.Chains) != 1 || !rep.Chains[0].Own || rep.Chains[0].Seals != 4 || rep.Chains[0].Gaps != 0 {
		t.Fatalf("%+v", rep)
	}
}

// Two seals naming the same predecessor: the chain head was set back (a
// restored backup, an edited file) and the device sealed again.
func TestCheckSealsFindsAFork(t *testing.T) {
	dir := t.TempDir()
	ids, seals := sealN(t, dir, 2)
	inFile(t, dir, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("last_seal_hash"), []byte(seals[0].Hash))
	})
	more, _ := sealN(t, dir, 1)
	rep := checkSeals(t, dir)
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "the chain forks") ||
		!strings.Contains(rep.Problems[0], ids[1]) || !strings.Contains(rep.Problems[0], more[0]) || rep.Chains[0].Forks != 1 {
		t.Fatalf("%+v", rep)
	}
}

// A protocol of this device removed from the file leaves a gap (the middle
// one) or a head no stored seal has (the newest): both are errors.
func TestCheckSealsFindsARemovedProtocolOfThisDevice(t *testing.T) {
	dir := t.TempDir()
	ids, _ := sealN(t, dir, 4)
	inFile(t, dir, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("protocols"))
		if err := b.Delete([]byte(ids[1])); err != nil {
			return err
		}
		return b.Delete([]byte(ids[3]))
	})
	rep := checkSeals(t, dir)
	all := strings.Join(rep.Problems, "\n")
	if len(rep.Problems) != 2 || !strings.Contains(all, ids[2]+": its seal follows seal") || !strings.Contains(all, "gap") ||
		!strings.Contains(all, "this device's last seal") {
		t.Fatalf("%s\n%+v", all, rep)
	}
}

// Sealed protocols of another device come with gaps (the office holds what
// was sent to it): counted, no error.
func TestCheckSealsCountsGapsOfOtherDevices(t *testing.T) {
	device, office := t.TempDir(), t.TempDir()
	ids, _ := sealN(t, device, 3)
	sealN(t, office, 1) // the office's own key and chain
	src, err := store.Open(device, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dst, err := store.Open(office, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{ids[0], ids[2]} { // the second never reached the office
		rec, p, err := src.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		var s seal.Seal
		_ = json.Unmarshal(rec.Seal, &s)
		if _, _, err := dst.ImportSealed(p, nil, rec.Seal, s.Hash, "office"); err != nil {
			t.Fatal(err)
		}
	}
	src.Close()
	dst.Close()
	rep := checkSeals(t, office)
	if len(rep.Problems) > 0 || len(rep.Chains) != 2 {
		t.Fatalf("%+v", rep)
	}
	for _, c := range rep.Chains {
		if !c.Own && (c.Seals != 2 || c.Gaps != 1) || c.Own && (c.Seals != 1 || c.Gaps != 0) {
			t.Errorf("%+v", c)
		}
	}
}

// VerifyRecord refuses a record whose seal was changed in any part the
// signature binds, or whose key id is not its key's.
func TestVerifyRecordRefusesAChangedSeal(t *testing.T) {
	st, id := sealedStore(t)
	rec, _, err := st.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	v, err := VerifyRecord(rec, rules)
	if err != nil {
		t.Fatalf("the genuine record: %v", err)
	}
	if c, err := CheckRecord(rec, rules); err != nil || c.Bundle != nil || c.Seal.Hash != v.Seal.Hash || c.Protocol.ID != id {
		t.Fatalf("CheckRecord of the genuine record: %v %+v", err, c)
	}
	// a changed protocol (its stored bytes) is refused by both
	changed := *rec
	changed.Protocol = bytes.Replace(rec.Protocol, []byte(`"odometer_km":`), []byte(`"odometer_km":1`), 1)
	var mm *MismatchError
	if bytes.Equal(changed.Protocol, rec.Protocol) {
		t.Fatal("the test changed nothing")
	}
	if _, err := VerifyRecord(&changed, rules); !errors.As(err, &mm) {
		t.Errorf("changed protocol: VerifyRecord %v", err)
	}
	if _, err := CheckRecord(&changed, rules); !errors.As(err, &mm) {
		t.Errorf("changed protocol: CheckRecord %v", err)
	}
	for name, change := range map[string]func(s *seal.Seal){
		"time":       func(s *seal.Seal) { s.SealedAt = "2030-01-01T00:00:00Z" },
		"chain link": func(s *seal.Seal) { s.PreviousHash = strings.Repeat("0", 64) },
		"key id":     func(s *seal.Seal) { s.KeyID = "0000000000000000" },
		"signature":  func(s *seal.Seal) { s.Signature = s.Signature[4:] + s.Signature[:4] },
	} {
		var s seal.Seal
		_ = json.Unmarshal(rec.Seal, &s)
		change(&s)
		bad := *rec
		bad.Seal, _ = json.Marshal(s)
		var m *MismatchError
		if _, err := VerifyRecord(&bad, rules); !errors.As(err, &m) || m.ID != id {
			t.Errorf("%s changed: %v", name, err)
		}
		// the check without a bundle (report, check) refuses it the same
		if _, err := CheckRecord(&bad, rules); !errors.As(err, &m) || m.ID != id {
			t.Errorf("%s changed: CheckRecord: %v", name, err)
		}
		if _, err := OutputProtocol(&bad, rules); err == nil {
			t.Errorf("%s changed: OutputProtocol gave it out", name)
		}
		if _, err := RecordPDF(rules, t.TempDir())(&bad, nil); !errors.As(err, &m) {
			t.Errorf("%s changed: a PDF was made: %v", name, err)
		}
	}
}

// BenchmarkVerifyRecord: what every output of a sealed record, `check` and
// `report --csv` pay per protocol (docs/performance.md).
func BenchmarkVerifyRecord(b *testing.B) {
	dir := b.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	p := complete(b)
	if _, err := st.Save(p, store.AnyRevision, "t"); err != nil {
		b.Fatal(err)
	}
	if _, _, err := SealProtocol(st, rules, testKey(b, st.Dir()), p.ID, store.AnyRevision, "t", sealTime); err != nil {
		b.Fatal(err)
	}
	rec, _, err := st.Get(p.ID)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := VerifyRecord(rec, rules); err != nil {
			b.Fatal(err)
		}
	}
}
