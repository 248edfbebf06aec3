package seal

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// keys that encoding/json decodes alike in pairs: an escape and its letter,
// two different invalid bytes (each becomes U+FFFD), é raw and escaped.
var strictKeys = []string{`"a"`, `"\u0061"`, `"b"`, "\"\xff\"", "\"\xfe\"", `"é"`, `"\u00e9"`, `"a\"b"`, `"a\\"`, `""`}

func genJSON(t *rapid.T, depth int) string {
	kind := rapid.IntRange(0, 5).Draw(t, "kind")
	if depth > 3 {
		kind = 0
	}
	switch kind {
	case 0:
		return rapid.SampledFrom([]string{`1`, `-2.5e3`, `true`, `null`, `"x"`, `"{\"a\":1,\"a\":2}"`, `[]`, `{}`}).Draw(t, "scalar")
	case 1, 2:
		n := rapid.IntRange(0, 4).Draw(t, "n")
		parts := make([]string, n)
		for i := range parts {
			parts[i] = genJSON(t, depth+1)
		}
		return "[ " + strings.Join(parts, " ,\n") + "]"
	}
	n := rapid.IntRange(0, 40).Draw(t, "keys")
	parts := make([]string, n)
	for i := range parts {
		k := rapid.SampledFrom(strictKeys).Draw(t, "key")
		if rapid.Bool().Draw(t, "unique") {
			k = `"k` + strings.Repeat("x", i) + `"`
		}
		parts[i] = k + " : " + genJSON(t, depth+1)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// The scan for duplicate keys decides as the token walk does on any valid
// JSON: with escapes, invalid UTF-8, objects beyond 32 keys, nesting.
func TestDuplicateKeyScanAgreesWithTokenWalk(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := genJSON(t, 0)
		if !json.Valid([]byte(doc)) {
			t.Fatalf("generated invalid JSON %q", doc)
		}
		walk := strictWalk([]byte(doc)) != nil
		if scan := hasDuplicateKey([]byte(doc)); scan != walk {
			t.Fatalf("%q: scan says duplicate %v, token walk %v", doc, scan, walk)
		}
		if (strictJSON([]byte(doc)) != nil) != walk {
			t.Fatalf("%q: strictJSON differs from the walk", doc)
		}
	})
	for _, doc := range []string{`{"a":1,"\u0061":2}`, "{\"\xff\":1,\"\xfe\":2}", `{"x":[{"é":1,"\u00e9":2}]}`, `{"a":1} {"a":1}`, `{"a":1}x`} {
		if strictJSON([]byte(doc)) == nil {
			t.Errorf("%q accepted", doc)
		}
	}
}

// genBundle is bundle-like JSON: the members of a bundle (sometimes twice,
// in other case, unknown or null) with values from genJSON, sometimes a
// large profile object, sometimes with one byte changed, cut or added.
func genBundle(t *rapid.T) []byte {
	members := []string{"format", "protocol", "seal", "valuation", "profile", "Format", "extra"}
	n := rapid.IntRange(0, 6).Draw(t, "members")
	var parts []string
	for i := range n {
		name := rapid.SampledFrom(members).Draw(t, "member")
		v := genJSON(t, 1)
		switch rapid.IntRange(0, 5).Draw(t, "value") {
		case 0:
			v = `"seal-bundle-2"`
		case 1:
			v = `{"algorithm":"ed25519","hash":"ab","sealed_at":"2024-01-01T00:00:00Z"}`
		case 2:
			v = bigProfile
		case 3:
			v = "null"
		}
		_ = i
		parts = append(parts, `"`+name+`":`+v)
	}
	doc := []byte("{" + strings.Join(parts, ",") + "}\n")
	switch rapid.IntRange(0, 3).Draw(t, "mutation") {
	case 1:
		i := rapid.IntRange(0, len(doc)-1).Draw(t, "at")
		doc[i] = rapid.SampledFrom([]byte(`{}[]",:\ -0.eE+aunlx`+"\x00\xff")).Draw(t, "byte")
	case 2:
		doc = doc[:rapid.IntRange(0, len(doc)).Draw(t, "cut")]
	case 3:
		i := rapid.IntRange(0, len(doc)).Draw(t, "at")
		doc = append(doc[:i:i], append([]byte(rapid.SampledFrom([]string{"1", ",", "}", `"`, " ", "null"}).Draw(t, "insert")), doc[i:]...)...)
	}
	return doc
}

var bigProfile = `{"catalogue":[` + strings.Repeat(`{"id":"x","text":"Kratzer \u00e4"},`, 60) + `1],"hash":"sha256:00"}`

// The fast path of Check (one scan, the bundle built from its spans, a
// profile seen before recognised by its bytes) accepts only what the
// general path accepts — json.Valid, no duplicate key, json.Unmarshal — and
// gives the same bundle.
func TestFastBundleAgreesWithGeneralPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := genBundle(t)
		b, ok := fastBundle(doc)
		if !ok {
			return
		}
		if !json.Valid(doc) || strictWalk(doc) != nil {
			t.Fatalf("fast path accepted %q, which the general path refuses (%v)", doc, strictWalk(doc))
		}
		var want Bundle
		if err := json.Unmarshal(doc, &want); err != nil {
			t.Fatalf("fast path accepted %q: %v", doc, err)
		}
		if !reflect.DeepEqual(*b, want) {
			t.Fatalf("%q:\nfast    %+v\ngeneral %+v", doc, *b, want)
		}
	})
}
