package canon

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gowebpki/jcs"
	"pgregory.net/rapid"
)

// jsonValue draws any JSON value: objects with ASCII and other keys,
// strings of every kind of character, numbers of every form.
func jsonValue(t *rapid.T, depth int) any {
	kinds := 5
	if depth > 3 {
		kinds = 3
	}
	switch rapid.IntRange(0, kinds-1).Draw(t, "kind") {
	case 0:
		return rapid.OneOf(
			rapid.StringMatching(`[a-zA-Z0-9 _./-]{0,12}`),
			rapid.String(),
			rapid.SampledFrom([]string{"\x00\x1f\x7f", "\u2028\u2029", "\"\\/", "\u202e\u200b", "ü€😀", "<>&", "\t\n\r\b\f"}),
		).Draw(t, "string")
	case 1:
		return rapid.OneOf(
			rapid.Custom(func(t *rapid.T) any { return rapid.Int64Range(-1e15, 1e15).Draw(t, "int") }),
			rapid.Custom(func(t *rapid.T) any { return rapid.Float64().Draw(t, "float") }),
			rapid.Custom(func(t *rapid.T) any {
				return json.Number(rapid.SampledFrom([]string{"0", "-0", "1e3", "0.1", "123456789012345", "1234567890123456", "-5", "1E-7"}).Draw(t, "num"))
			}),
		).Draw(t, "number")
	case 2:
		return rapid.SampledFrom([]any{true, false, nil}).Draw(t, "literal")
	case 3:
		n := rapid.IntRange(0, 4).Draw(t, "len")
		a := make([]any, n)
		for i := range a {
			a[i] = jsonValue(t, depth+1)
		}
		return a
	}
	n := rapid.IntRange(0, 5).Draw(t, "members")
	m := map[string]any{}
	for range n {
		k := rapid.OneOf(rapid.StringMatching(`[a-z_]{1,8}`), rapid.String()).Draw(t, "key")
		m[k] = jsonValue(t, depth+1)
	}
	return m
}

// Transform gives, for any document, exactly the bytes (or the refusal) of
// the reference implementation — also written with other whitespace and
// with members in another order than encoding/json's.
func TestTransformIsTheReferenceByteForByte(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := jsonValue(t, 0)
		doc, err := json.Marshal(v)
		if err != nil {
			t.Skip(err)
		}
		if rapid.Bool().Draw(t, "indent") {
			var b bytes.Buffer
			_ = json.Indent(&b, doc, " ", "\t")
			doc = b.Bytes()
		}
		same(t, doc)
	})
}

// Hand-made documents at the edges: escapes, duplicates, surrogates, bad
// numbers and literals, trailing text.
func TestTransformAtTheEdges(t *testing.T) {
	for _, doc := range []string{
		`{"b":1,"a":2}`, `{"a":{"d":[1,{"z":0,"y":-0}],"c":"\u00e9\u0000\/"}}`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00x"`,
		`{"a":1,"a":2}`, `{"\u0061":1,"a":2}`, `{"ä":1,"z":2}`, `[1.0,1e2,-0.0,01,1.]`, `[tru]`, `[true1]`, `nul`, `{"a":1}x`, ` [ ] `,
		`{}`, `[]`, `""`, `"\x"`, `"a` + "\x01" + `"`, "\"\xff\"", `[1,]`, `{"a":}`, `{"a" 1}`, `123456789012345`, `1234567890123456`,
		`-`, `--1`, `"\u001F\u007f\u2028"`, strings.Repeat("[", 70) + strings.Repeat("]", 70),
	} {
		t.Run(doc, func(t *testing.T) { same(t, []byte(doc)) })
	}
}

// The documents rueckgabe signs take the fast path: the test data's
// protocols and bundles (what a seal hashes is their protocol, written by
// the program's encoder: ASCII keys, whole numbers).
func TestSignedDocumentsTakeTheFastPath(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*.json"))
	if len(files) == 0 {
		t.Skip("no test data")
	}
	fastOnes := 0
	for _, f := range files {
		doc, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		same(t, doc)
		if _, ok := fast(doc); ok {
			fastOnes++
		}
	}
	if fastOnes == 0 {
		t.Errorf("none of %d documents took the fast path", len(files))
	}
}

type failer interface {
	Helper()
	Fatalf(string, ...any)
}

func same(t failer, doc []byte) {
	t.Helper()
	want, wantErr := jcs.Transform(doc)
	got, gotErr := Transform(doc)
	if (wantErr == nil) != (gotErr == nil) || !bytes.Equal(got, want) {
		t.Fatalf("%q:\n got %q, %v\nwant %q, %v", doc, got, gotErr, want, wantErr)
	}
	if out, ok := fast(doc); ok && (wantErr != nil || !bytes.Equal(out, want)) {
		t.Fatalf("fast path %q:\n got %q\nwant %q, %v", doc, out, want, wantErr)
	}
}
