package jsonspan

import (
	"encoding/json"
	"math/rand"
	"strings"
	"testing"
)

// Members gives the members encoding/json sees, in order, for valid
// objects; for anything else it says no or gives what it found so far —
// never a panic, never a span outside the input.
func TestMembersAgreesWithEncodingJSON(t *testing.T) {
	for _, doc := range []string{
		`{}`, ` { } `, `{"a":1}`, `{"a":"x\"}y","b":[1,{"c":"]"}],"d":{"e":null}}`,
		`{"k\\":"v\\\\","n":-1.5e3,"t":true,"f":false}`, "{\n \"a\" : [ ] ,\t\"b\" : { }\r}",
		`{"ü":"✓","x":"\u0022"}`,
	} {
		var want map[string]json.RawMessage
		if err := json.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		got := map[string]string{}
		if !Members([]byte(doc), func(k, v []byte) bool {
			var key string
			if err := json.Unmarshal(append(append([]byte{'"'}, k...), '"'), &key); err != nil {
				t.Fatalf("%s: key %q: %v", doc, k, err)
			}
			got[key] = string(v)
			return true
		}) {
			t.Fatalf("%s: not read", doc)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %v, want %v", doc, got, want)
		}
		for k, w := range want {
			if got[k] != string(w) {
				t.Errorf("%s: %s = %q, want %q", doc, k, got[k], w)
			}
		}
	}
	for _, bad := range []string{``, `[]`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":"x}`, `{"a":[1,2}`, `{"a":1}x`, `{a:1}`, `"{}"`, `{"a":1 "b":2}`} {
		if Members([]byte(bad), func(_, _ []byte) bool { return true }) {
			t.Errorf("%q read as an object", bad)
		}
	}
	if s, ok := String([]byte(`"a\u00fcb"`)); !ok || s != "aüb" {
		t.Errorf("String: %q %v", s, ok)
	}
	if _, ok := String([]byte(`12`)); ok {
		t.Error("a number read as a string")
	}
	if v := Get([]byte(`{"a":1,"id":"X-1"}`), "id"); string(v) != `"X-1"` {
		t.Errorf("Get: %s", v)
	}
}

func FuzzMembers(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":"x\"}y","b":[1,{"c":"]"}]}`, `{"a":[[[`, `{"\\":"\\\\"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ok := Members(data, func(k, v []byte) bool {
			String(v)
			return true
		})
		if ok && !json.Valid(data) {
			// Members does not validate scalars: only objects whose
			// structure it read; a valid document must be read
			return
		}
		if json.Valid(data) && len(data) > 0 {
			var m map[string]json.RawMessage
			if json.Unmarshal(data, &m) == nil && m != nil && !ok {
				t.Fatalf("a valid object not read: %q", data)
			}
		}
	})
}

// BenchmarkMembers: the top-level members of a 4 KB protocol-like document
// (nested objects and arrays of short strings), as the report reads each
// signed protocol.
func BenchmarkMembers(b *testing.B) {
	var findings []map[string]any
	for i := range 12 {
		findings = append(findings, map[string]any{"category": "Karosserie", "part": "Tür vorne links", "damage": "Kratzer", "criterion": "bis 25 mm", "cost": "120.50", "index": i, "photos": []string{"a1b2", "c3d4"}})
	}
	doc, _ := json.Marshal(map[string]any{"id": "X-1", "findings": findings, "vehicle": map[string]any{"vin": "WBA123", "plate": "M-AB 123"}, "signatures": []string{"x\"y", "z"}})
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		Members(doc, func(_, _ []byte) bool { return true })
	}
}

func TestDepth(t *testing.T) {
	for doc, want := range map[string]int{`1`: 0, `{}`: 1, `{"a":[1,{"b":"]]]{{"}]}`: 3, `[[[[]]]]`: 4, `"[[["`: 0} {
		if got := Depth([]byte(doc)); got != want {
			t.Errorf("Depth(%s) = %d, want %d", doc, got, want)
		}
	}
}

func TestKeysSorted(t *testing.T) {
	for doc, want := range map[string]bool{
		`{}`: true, `{"a":1,"b":{"a":[{"x":1,"y":"a\"b"}],"b":2}}`: true, `[{"a":1},{"a":2}]`: true,
		`{"b":1,"a":2}`: false, `{"a":1,"a":2}`: false, `{"a":{"z":1,"y":2}}`: false, `{"a":[{"b":1,"b":2}]}`: false,
		`{"a\\u0062":1}`: false, `{"a":"x","b":"a"}`: true, `{"a":1`: false, `{"":1,"a":2}`: true,
	} {
		if got := KeysSorted([]byte(doc)); got != want {
			t.Errorf("KeysSorted(%s) = %v, want %v", doc, got, want)
		}
	}
}

// SortedMembers says yes exactly where KeysSorted and Members both do, and
// gives the members Members gives: for the documents of the tests above and
// random ones with keys in and out of order, escaped, repeated, brackets
// cut off.
func TestSortedMembersIsKeysSortedAndMembers(t *testing.T) {
	docs := []string{`{}`, ` { } `, `{"a":1}`, `{"a":"x\"}y","b":[1,{"c":"]"}],"d":{"e":null}}`, `{"a":1}x`, `{"a":1,}`,
		`{"b":1,"a":2}`, `{"a":1,"a":2}`, `{"a":{"z":1,"y":2}}`, `{"a":[{"b":1,"b":2}]}`, `{"a\\u0062":1}`, `{"":1,"a":2}`, `[{"a":1}]`, `{"a":[1,2}`}
	r := rand.New(rand.NewSource(6))
	keys := []string{`"a"`, `"b"`, `"c"`, `"a\\"`, `""`}
	var value func(depth int) string
	value = func(depth int) string {
		switch n := r.Intn(6); {
		case depth > 3 || n == 0:
			return []string{`1`, `"x"`, `"q\"}"`, `null`, `[]`}[r.Intn(5)]
		case n == 1:
			return "[" + value(depth+1) + "," + value(depth+1) + "]"
		default:
			var b strings.Builder
			b.WriteByte('{')
			for i := range r.Intn(4) {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(keys[r.Intn(len(keys))] + ":" + value(depth+1))
			}
			b.WriteByte('}')
			return b.String()
		}
	}
	for range 20000 {
		d := value(0)
		if r.Intn(10) == 0 {
			d = d[:r.Intn(len(d)+1)]
		}
		docs = append(docs, d)
	}
	for _, d := range docs {
		var got, want []string
		ok := SortedMembers([]byte(d), func(k, v []byte) bool { got = append(got, string(k)+"="+string(v)); return true })
		wantOK := Members([]byte(d), func(k, v []byte) bool { want = append(want, string(k)+"="+string(v)); return true }) && KeysSorted([]byte(d))
		if ok != wantOK || ok && strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%s: %v %q, want %v %q", d, ok, got, wantOK, want)
		}
	}
}

// BenchmarkSortedMembers: BenchmarkMembers' document read with its keys'
// order checked throughout, as the report reads each signed protocol.
func BenchmarkSortedMembers(b *testing.B) {
	var findings []map[string]any
	for i := range 12 {
		findings = append(findings, map[string]any{"category": "Karosserie", "part": "Tür vorne links", "damage": "Kratzer", "criterion": "bis 25 mm", "cost": "120.50", "index": i, "photos": []string{"a1b2", "c3d4"}})
	}
	doc, _ := json.Marshal(map[string]any{"id": "X-1", "findings": findings, "vehicle": map[string]any{"vin": "WBA123", "plate": "M-AB 123"}, "signatures": []string{"x\"y", "z"}})
	if !SortedMembers(doc, func(_, _ []byte) bool { return true }) {
		b.Fatal("not sorted")
	}
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		SortedMembers(doc, func(_, _ []byte) bool { return true })
	}
}

// shortStringEnd ends a string where stringEnd does, for any bytes, and
// says whether it holds a backslash.
func TestShortStringEndIsStringEnd(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for range 50000 {
		b := make([]byte, 1+r.Intn(12))
		b[0] = '"'
		for i := 1; i < len(b); i++ {
			b[i] = `"\\ax`[r.Intn(4)]
		}
		end, escaped := shortStringEnd(b, 0)
		want := stringEnd(b, 0)
		wantEsc := want >= 0 && strings.Contains(string(b[1:want-1]), `\`)
		if end != want || end >= 0 && escaped != wantEsc {
			t.Fatalf("%q: %d %v, want %d %v", b, end, escaped, want, wantEsc)
		}
	}
}
