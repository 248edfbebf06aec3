package seal

import (
	"encoding/json"
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
