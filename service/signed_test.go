package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// randomSealed seals n random protocols of both profiles (fixture.Random)
// in dir's store and returns the store, open.
func randomSealed(t *testing.T, dir string, n int, seed int64) *store.Store {
	t.Helper()
	reg, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := rand.New(rand.NewSource(seed))
	key := testKey(t, dir)
	for i := range n {
		p := fixture.Random(t, r, i)
		if _, _, err := st.Import(p, "t"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := SealProtocol(st, reg.Default(), key, p.ID, store.AnyRevision, "t", sealTime); err != nil {
			t.Fatalf("seal %s: %v", p.ID, err)
		}
	}
	return st
}

// A record keeps what its seal signed, and its report line read from those
// bytes is the line the long way gives (decode, value under the pinned
// profile): every column, for random protocols of both profiles, disputes
// and residual contracts among them.
func TestSignedLineIsTheLongWays(t *testing.T) {
	dir := t.TempDir()
	st := randomSealed(t, dir, 24, 26)
	reg, _ := catalog.LoadDir(dir)
	rules := reg.Default()
	n := 0
	err := st.EachSealed(func(rec *store.Record) error {
		n++
		sr, ok, err := readSigned(rec, true)
		if err != nil || !ok {
			t.Fatalf("%s: a freshly sealed record is not read by its signed bytes: %v", rec.ID, err)
		}
		if _, err := sr.seal.CheckSignature(); err != nil {
			t.Fatal(err)
		}
		long, err := CheckRecord(rec, rules)
		if err != nil {
			t.Fatal(err)
		}
		want, wantDate, err := lineOf(rec, bulkChecked{verified: long}, rules)
		if err != nil {
			t.Fatal(err)
		}
		got, gotDate, err := lineOf(rec, bulkChecked{signed: sr}, rules)
		if err != nil {
			t.Fatal(err)
		}
		if gotDate != wantDate {
			t.Errorf("%s: return date %v, the long way %v", rec.ID, gotDate, wantDate)
		}
		for _, c := range ReportColumns {
			if g, w := c.Value(got), c.Value(want); g != w {
				t.Errorf("%s: %s is %q by the signed bytes, %q the long way", rec.ID, c.Name, g, w)
			}
		}
		return nil
	})
	if err != nil || n != 24 {
		t.Fatalf("%d sealed, %v", n, err)
	}
}

// What the short way refuses or leaves to the long way: a kept valuation
// changed behind the store's back is a mismatch; a protocol changed is
// found by the long way; a record moved under another id is not the record
// its bytes name; a record without kept bytes (sealed by an older version)
// gives the same line the long way.
func TestSignedBytesChangedBehindTheStore(t *testing.T) {
	dir := t.TempDir()
	st := randomSealed(t, dir, 6, 7)
	reg, _ := catalog.LoadDir(dir)
	rules := reg.Default()
	before, err := ReportLines(st, rules, ReportFilter{}, nil)
	if err != nil || len(before) != 6 {
		t.Fatalf("%d lines, %v", len(before), err)
	}
	st.Close()

	// R-00 as an older version kept it: no valuation, the protocol as a
	// draft's bytes (not canonical)
	inFile(t, dir, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("valuations")).Delete([]byte("R-00"))
	})
	st2, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	after, err := ReportLines(st2, rules, ReportFilter{}, nil)
	if err != nil || len(after) != 6 {
		t.Fatalf("%d lines, %v", len(after), err)
	}
	for i := range before {
		for _, c := range ReportColumns {
			if c.Value(before[i]) != c.Value(after[i]) {
				t.Errorf("%s: %s %q, without the kept bytes %q", before[i].ID, c.Name, c.Value(before[i]), c.Value(after[i]))
			}
		}
	}
	st2.Close()

	// R-01's kept valuation: a cent more
	inFile(t, dir, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("valuations"))
		v := bytes.Clone(b.Get([]byte("R-01")))
		i := bytes.Index(v, []byte(`"gross":"`)) + len(`"gross":"`)
		v[i]++
		return b.Put([]byte("R-01"), v)
	})
	// R-02 under the id R-09: the same bytes, another key; R-03's seal
	// a second later than signed
	inFile(t, dir, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("protocols"))
		v := bytes.Replace(b.Get([]byte("R-02")), []byte(`"id":"R-02"`), []byte(`"id":"R-09"`), 1)
		if err := b.Put([]byte("R-09"), v); err != nil {
			return err
		}
		at := []byte(sealTime.UTC().Format(time.RFC3339))
		later := []byte(sealTime.UTC().Add(time.Second).Format(time.RFC3339))
		v = b.Get([]byte("R-03"))
		if !bytes.Contains(v, at) {
			t.Fatalf("R-03 has no seal time %s", at)
		}
		return b.Put([]byte("R-03"), bytes.Replace(v, at, later, 1))
	})
	// R-04's protocol reformatted (the same protocol, not the signed bytes);
	// R-05 copied as it is under the key R-07 (booked twice, were it read);
	// R-00 (kept no signed bytes) with a member named twice; a valuation
	// kept for no protocol
	inFile(t, dir, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("protocols"))
		v := bytes.Replace(b.Get([]byte("R-04")), []byte(`,"protocol":{`), []byte(`,"protocol": {`), 1)
		if err := b.Put([]byte("R-04"), v); err != nil {
			return err
		}
		if err := b.Put([]byte("R-07"), bytes.Clone(b.Get([]byte("R-05")))); err != nil {
			return err
		}
		v = bytes.Replace(b.Get([]byte("R-00")), []byte(`,"protocol":{`), []byte(`,"protocol":{"dealership":"Falsch GmbH",`), 1)
		if err := b.Put([]byte("R-00"), v); err != nil {
			return err
		}
		return tx.Bucket([]byte("valuations")).Put([]byte("GHOST"), []byte(`{}`))
	})
	st3, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st3.Close()
	_, err = ReportLines(st3, rules, ReportFilter{}, nil)
	var m *MismatchError
	for _, want := range []string{"R-01: passt nicht", "kept valuation", "R-09: passt nicht", "R-03: passt nicht", "R-04: passt nicht", "not the bytes its seal signed", "R-07: passt nicht", "stored under another id", "R-00: passt nicht", "names a member twice"} {
		if !errors.As(err, &m) || !strings.Contains(err.Error(), want) {
			t.Fatalf("report of a changed store lacks %q: %v", want, err)
		}
	}
	// single outputs refuse them too
	for _, id := range []string{"R-01", "R-04", "R-00"} {
		rec, err := st3.Record(id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := VerifyRecord(rec, rules); !errors.As(err, &m) {
			t.Errorf("%s: VerifyRecord %v", id, err)
		}
	}
	var moved *store.MovedError
	if _, err := st3.Record("R-07"); !errors.As(err, &moved) {
		t.Errorf("R-07 read: %v", err)
	}
	if rep, err := st3.Check(); err != nil || !strings.Contains(strings.Join(rep.Problems, "\n"), `valuation "GHOST": kept for no sealed protocol`) {
		t.Errorf("store check: %v %v", rep, err)
	}
	rep, err := CheckSeals(st3, rules, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	probs := strings.Join(rep.Problems, "\n")
	if !strings.Contains(probs, "R-01: does not match its seal") || !strings.Contains(probs, "R-09: does not match its seal") || !strings.Contains(probs, "R-03: does not match its seal: signature is not valid") ||
		!strings.Contains(probs, "R-04: does not match its seal") || !strings.Contains(probs, "R-07: does not match its seal") || !strings.Contains(probs, "R-00: does not match its seal") || strings.Contains(probs, "R-02:") || strings.Contains(probs, "R-05:") {
		t.Fatalf("check: %s", probs)
	}
}

// A sealed record keeps the canonical form its seal's hash covers and the
// valuation its valuation hash covers; a bundle imported keeps them too.
func TestSealAndImportKeepTheSignedBytes(t *testing.T) {
	st, id := sealedStore(t)
	rec, _, err := st.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	v, err := VerifyRecord(rec, rules)
	if err != nil {
		t.Fatal(err)
	}
	if seal.Hash(rec.Protocol) != v.Seal.Hash || seal.Hash(rec.Valuation) != v.Seal.ValuationHash {
		t.Fatalf("the record does not keep the signed bytes: %d/%d bytes", len(rec.Protocol), len(rec.Valuation))
	}
	b, _, err := seal.Check(v.Bundle)
	if err != nil {
		t.Fatal(err)
	}
	// a bundle whose protocol was reformatted still hashes canonically
	b.Protocol = append([]byte(" "), b.Protocol...)
	signed := SignedOf(b)
	if seal.Hash(signed.Protocol) != b.Seal.Hash || seal.Hash(signed.Valuation) != b.Seal.ValuationHash {
		t.Fatal("SignedOf does not give the signed bytes")
	}
	b.Valuation = append([]byte(`{"extra":1,`), bytes.TrimSpace(b.Valuation)[1:]...)
	if s := SignedOf(b); s.Valuation != nil {
		t.Fatal("SignedOf kept a valuation that does not hash to the seal")
	}
	dst, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	p, probs := inspection.Decode(b.Protocol, rules)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if _, _, err := dst.ImportSealedSigned(p, nil, rec.Seal, v.Seal.Hash, "office", signed); err != nil {
		t.Fatal(err)
	}
	got, _, err := dst.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := readSigned(got, true); !ok || err != nil {
		t.Fatalf("the imported record is not read by its signed bytes: %v", err)
	}
}

// Signed bytes the short way does not read take the long way: members out
// of canonical order or named twice (only a signer writing by hand makes
// them), a value of another type, no id.
func TestSignedDocReadsOnlyCanonicalMembers(t *testing.T) {
	val := `{"gross":"1.00","net":"1.00"}`
	for doc, want := range map[string]bool{
		`{"dealership":"A","id":"X"}`:                                   true,
		`{"id":"X","dealership":"A"}`:                                   false,
		`{"dealership":"A","id":"X","id":"Y"}`:                          false,
		`{"dealership":"A","id":"X","vehicle":{"vin":"1","plate":"2"}}`: false,
		`{"dealership":1,"id":"X"}`:                                     false,
		`{"dealership":"A"}`:                                            false,
		`{"id":"X","return":{"date":"2026-01-02"}}`:                     true,
	} {
		var d signedDoc
		if got := d.read([]byte(doc), []byte(val)); got != want {
			t.Errorf("%s: read %v, want %v", doc, got, want)
		}
	}
	var d signedDoc
	if d.read([]byte(`{"id":"X"}`), []byte(`{"net":"1.00","gross":"1.00"}`)) {
		t.Error("a valuation out of order was read")
	}
}

// readSeal reads a stored seal as json.Unmarshal does — as the store writes
// it and altered: members missing, unknown, repeated, in other case,
// escaped, of other types, not JSON.
func TestReadSealIsUnmarshal(t *testing.T) {
	stored := `{"algorithm":"Ed25519","key_id":"3388ccd122bfc33a","public_key":"m/p3Ifbbgtw0GRNq4/EMD/xJXeG/U02SywN+wpvnEl0=","hash":"378754b0","signature":"7hcRlJN2lTB4bhkRZZ+/==","sealed_at":"2024-04-03T10:30:00Z","previous_hash":"","valuation_hash":"0f9f4349"}`
	docs := []string{stored, `{}`, `null`, ``, `[]`, `{"hash":1}`, `{"hash":null}`, `{"Hash":"x"}`, `{"hash":"a","hash":"b"}`, `{"hash":"\u0041"}`,
		`{"hash":"ü"}`, `{"hash":"a\tb"}`, `{"other":"x","hash":"y"}`, `{"hash":"a",}`, `{"hash":"a"} x`, ` {"hash" : "a" } `, `{"hash":"a"`}
	r := rand.New(rand.NewSource(12))
	edits := []func(string) string{
		func(s string) string { return strings.Replace(s, `"key_id"`, `"KEY_ID"`, 1) },
		func(s string) string { return strings.Replace(s, `"sealed_at":"2024`, `"sealed_at":"\u00322024`, 1) },
		func(s string) string { return strings.Replace(s, `"previous_hash":""`, `"previous_hash":null`, 1) },
		func(s string) string { return strings.Replace(s, `{`, `{"hash":"first",`, 1) },
		func(s string) string { return strings.Replace(s, `"algorithm":"Ed25519",`, ``, 1) },
		func(s string) string { return strings.Replace(s, `"hash":"378754b0"`, `"hash":378754`, 1) },
		func(s string) string { return strings.Replace(s, `}`, `,"x":{"y":[1]}}`, 1) },
		func(s string) string { return s[:r.Intn(len(s)+1)] },
	}
	for range 2000 {
		d := stored
		for range r.Intn(3) {
			d = edits[r.Intn(len(edits))](d)
		}
		docs = append(docs, d)
	}
	for _, d := range docs {
		var got, want seal.Seal
		gotErr, wantErr := readSeal([]byte(d), &got), json.Unmarshal([]byte(d), &want)
		if (gotErr == nil) != (wantErr == nil) || got != want {
			t.Fatalf("%s: %+v %v, want %+v %v", d, got, gotErr, want, wantErr)
		}
	}
}
