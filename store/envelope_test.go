package store

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

// randomRecord is a record with every envelope member set at random, texts
// with the characters encoding/json escapes among them.
func randomRecord(r *rand.Rand) *Record {
	plain := []string{"", "a", "Müller", "ÄÖÜ ß", "zu prüfen: Kette", "😀", "sha256:0f"}
	escaped := []string{"x\"y", `back\slash`, "tab\t", "<&>", "<", ">", "&", "\u2028", "\u2029", "\x01", "\x7f", "\xff"}
	txt := func() string {
		if r.Intn(40) == 0 {
			return escaped[r.Intn(len(escaped))]
		}
		return plain[r.Intn(len(plain))]
	}
	at := func() time.Time {
		return time.Date(2020+r.Intn(8), time.Month(1+r.Intn(12)), 1+r.Intn(28), r.Intn(24), r.Intn(60), r.Intn(60), r.Intn(2)*r.Intn(1e9), time.FixedZone("", 3600*(r.Intn(5)-2)))
	}
	rec := &Record{V: r.Intn(3), ID: txt(), Status: Status(txt()), Revision: r.Intn(1000) - 1, CreatedAt: at(), UpdatedAt: at(),
		UpdatedBy: txt(), PinnedProfile: txt(), Amends: txt(), AmendsHash: txt(), SyncedTo: txt(), Review: txt(),
		Summary:  Summary{Plate: txt(), VIN: txt(), Customer: txt(), Make: txt(), Model: txt(), ReturnDate: txt(), Gross: txt(), Findings: r.Intn(500), Kind: txt()},
		Protocol: json.RawMessage(`{"id":"x"}`)}
	if r.Intn(2) == 0 {
		rec.Seal, _ = json.Marshal(map[string]any{"hash": txt(), "n": []any{1, 2.5, map[string]any{"a": nil}}})
	}
	if r.Intn(2) == 0 {
		t := at()
		rec.SyncedAt = &t
	}
	if r.Intn(2) == 0 {
		t := at()
		rec.ReceivedAt = &t
	}
	return rec
}

// decodeEnvelope reads what json.Unmarshal reads, for every envelope the
// store writes and for damaged ones: the same record, or false and
// json.Unmarshal decides. A mutated envelope that it reads must be read the
// same by json.Unmarshal.
func TestDecodeEnvelopeIsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	fast := 0
	for i := range 3000 {
		rec := randomRecord(r)
		b, err := encodeRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		head := append(bytes.Clone(b[:bytes.Index(b, protocolField)]), '}')
		if i%2 == 1 { // damaged: one byte changed, removed or doubled
			j := r.Intn(len(head))
			switch r.Intn(3) {
			case 0:
				head[j] = "\"{}[],:\\ 0a-\x00é"[r.Intn(15)]
			case 1:
				head = append(head[:j], head[j+1:]...)
			default:
				head = append(head[:j+1], head[j:]...)
			}
		}
		var want Record
		werr := json.Unmarshal(head, (*envelope)(&want))
		var got Record
		if !decodeEnvelope(head, &got) {
			if i%2 == 0 && !bytes.ContainsRune(head, '\\') {
				// what the store writes takes the fast way unless it has escapes
				t.Errorf("not read: %s", head)
			}
			continue
		}
		fast++
		if werr != nil {
			t.Fatalf("read %s, which json.Unmarshal refuses: %v", head, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n got %+v\nwant %+v", head, got, want)
		}
	}
	if fast < 1000 {
		t.Fatalf("only %d of 3000 read the fast way", fast)
	}
}

// TestEncodeEnvelopeIsEncodingJSON: the envelope a save writes without
// encoding/json (appendEnvelope) is byte for byte json.Marshal's, for
// random records with texts encoding/json escapes, times in any zone and
// with or without a fraction, seals, empty seals and times it cannot write.
// A draft's envelope is written the fast way.
func TestEncodeEnvelopeIsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	fast := 0
	for i := range 3000 {
		rec := randomRecord(r)
		switch r.Intn(20) {
		case 0:
			rec.Seal = json.RawMessage{}
		case 1:
			rec.UpdatedAt = time.Date(10000+r.Intn(3), 1, 1, 0, 0, 0, 0, time.UTC)
		case 2:
			at := time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)
			rec.SyncedAt = &at
		}
		want, werr := marshalEnvelope(rec)
		got, err := encodeEnvelope(rec)
		if (err == nil) != (werr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("record %d:\n got %s (%v)\nwant %s (%v)", i, got, err, want, werr)
		}
		if head, ok := appendEnvelope(nil, rec); ok {
			fast++
			if !bytes.Equal(head, want) {
				t.Fatalf("record %d: appendEnvelope\n got %s\nwant %s", i, head, want)
			}
		} else if len(rec.Seal) == 0 && werr == nil {
			t.Fatalf("record %d: not written the fast way: %s", i, want)
		}
	}
	if fast < 1000 {
		t.Fatalf("only %d of 3000 written the fast way", fast)
	}
}

// What flatASCIIObject takes is valid JSON, and a seal as the store writes
// it is taken: for the seal and random alterations of it.
func TestFlatASCIIObjectIsValid(t *testing.T) {
	stored := `{"algorithm":"Ed25519","key_id":"3388ccd122bfc33a","public_key":"m/p3Ifbbgtw0GRNq4/EMD/xJXeG/U02SywN+wpvnEl0=","hash":"378754b0","signature":"7hcRlJN2+/==","sealed_at":"2024-04-03T10:30:00Z","previous_hash":"","valuation_hash":"0f9f4349"}`
	if !flatASCIIObject([]byte(stored)) || !flatASCIIObject([]byte(`{}`)) {
		t.Fatal("a stored seal not taken")
	}
	r := rand.New(rand.NewSource(2))
	bytesIn := []byte(`{}[]":,\ 1nx` + "\t\n\x00\xff")
	taken := 0
	for range 50000 {
		d := []byte(stored)
		for range 1 + r.Intn(3) {
			i := r.Intn(len(d))
			switch r.Intn(3) {
			case 0:
				d[i] = bytesIn[r.Intn(len(bytesIn))]
			case 1:
				d = append(d[:i], d[i+1:]...)
			default:
				d = append(d[:i], append([]byte{bytesIn[r.Intn(len(bytesIn))]}, d[i:]...)...)
			}
		}
		if flatASCIIObject(d) {
			taken++
			if !json.Valid(d) {
				t.Fatalf("%q taken, not valid JSON", d)
			}
		}
	}
	if taken == 0 {
		t.Fatal("no alteration taken: the test tests nothing")
	}
}
