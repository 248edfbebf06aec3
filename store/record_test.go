package store

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestRecordEncodingIsPlainJSON: the spliced encoding equals json.Marshal of
// the record, and decoding reads both it and any plain JSON record back.
func TestRecordEncodingIsPlainJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := &Record{V: 1, ID: rapid.StringMatching(`[A-Z0-9-]{1,20}`).Draw(t, "id"), Status: StatusDraft,
			Revision: rapid.IntRange(1, 1000).Draw(t, "rev"), CreatedAt: time.Unix(rapid.Int64Range(0, 4e9).Draw(t, "t"), 0).UTC(),
			UpdatedBy: rapid.String().Draw(t, "by"),
			Summary:   Summary{Customer: rapid.String().Draw(t, "customer") + `,"protocol":`, Plate: rapid.String().Draw(t, "plate")}}
		r.UpdatedAt = r.CreatedAt
		doc, _ := json.Marshal(map[string]any{"note": rapid.String().Draw(t, "note"), "protocol": 1})
		r.Protocol = doc
		fast, err := encodeRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := json.Marshal(r)
		if !bytes.Equal(fast, plain) {
			t.Fatalf("spliced record differs from json.Marshal:\n%s\n%s", fast, plain)
		}
		back, err := decodeRecord(fast)
		if err != nil || !bytes.Equal(back.Protocol, r.Protocol) || back.Summary != r.Summary || back.UpdatedBy != r.UpdatedBy {
			t.Fatalf("decode: %v %+v", err, back)
		}
	})
}

// Superseded skips, without decoding, every record whose envelope names no
// protocol it amends — also when its protocol or a text of its envelope
// holds the member's name.
func TestMayAmendReadsTheEnvelopeOnly(t *testing.T) {
	for _, c := range []struct {
		rec  Record
		want bool
	}{
		{Record{ID: "A", Amends: "B", Protocol: []byte(`{}`)}, true},
		{Record{ID: "A", Protocol: []byte(`{"amends":{"id":"B"}}`)}, false},
		{Record{ID: "A", UpdatedBy: `"amends":"B"`, Review: `x"amends":`, Protocol: []byte(`{}`)}, false},
	} {
		v, err := encodeRecord(&c.rec)
		if err != nil {
			t.Fatal(err)
		}
		if got := mayAmend(v); got != c.want {
			t.Errorf("%s: mayAmend %v, want %v", v, got, c.want)
		}
	}
}
