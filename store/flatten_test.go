package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"rueckgabe/inspection"
)

// TestScanFlatAgreesWithGenericFlatten checks the fast scanner against the
// encoding/json-based flatten on documents our encoder writes.
func TestScanFlatAgreesWithGenericFlatten(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := sample(rapid.String().Draw(t, "plate"), rapid.String().Draw(t, "name"))
		for range rapid.IntRange(0, 12).Draw(t, "findings") {
			p.Findings = append(p.Findings, finding(rapid.String().Draw(t, "note")))
		}
		doc, err := inspection.EncodeCompact(p)
		if err != nil {
			t.Fatal(err)
		}
		fl, ok := scanFlat(doc)
		if !ok {
			t.Fatalf("scanner gave up on %s", doc)
		}
		want := flatten(doc)
		if len(fl) != len(want) {
			t.Fatalf("scanner found %d scalars, generic %d", len(fl), len(want))
		}
		for _, f := range fl {
			if want[f.path] != string(f.val) {
				t.Fatalf("%s: scanner %s, generic %s", f.path, f.val, want[f.path])
			}
		}
	})
}

func TestScanFlatRejectsWhatItDoesNotExpect(t *testing.T) {
	for _, doc := range []string{``, `{`, `{"a":}`, `{"a" 1}`, `[1,]`, `{"a":"x}`, `{"a\"b":1}`, `{"a":1} x`} {
		if _, ok := scanFlat([]byte(doc)); ok {
			t.Errorf("scanFlat(%q) accepted", doc)
		}
	}
}

func TestDiffJSON(t *testing.T) {
	got := diffJSON([]byte(`{"a":{"b":"x","c":[1,2]},"d":true}`), []byte(`{"a":{"b":"y","c":[1]},"e":"neu"}`))
	want := []string{`a.b: "x" → "y"`, `a.c[1]: 2 entfernt`, `d: true entfernt`, `e: neu "neu"`}
	if len(got) != len(want) {
		t.Fatalf("diff = %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// TestLockstepDiffAgreesWithGeneralDiff: where the fast path applies, it gives
// the same lines as the general diff.
func TestLockstepDiffAgreesWithGeneralDiff(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 6).Draw(t, "findings")
		mk := func(label string) []byte {
			p := sample(rapid.SampledFrom([]string{"M-A 1", "M-B 2"}).Draw(t, label+"plate"), rapid.String().Draw(t, label+"name"))
			for i := range n {
				p.Findings = append(p.Findings, finding(rapid.SampledFrom([]string{"a", "b", "\"q\"", "ü"}).Draw(t, label+itoa(i))))
			}
			doc, _ := inspection.EncodeCompact(p)
			return doc
		}
		before, after := mk("a"), mk("b")
		fast, ok := lockstepDiff(before, after)
		if !ok {
			t.Fatalf("same structure, lockstep gave up:\n%s\n%s", before, after)
		}
		old, cur := flatMap(before), flatMap(after)
		var slow int
		for p, v := range cur {
			if old[p] != v {
				slow++
			}
		}
		if len(fast) != slow {
			t.Fatalf("lockstep %d changes %q, general %d", len(fast), fast, slow)
		}
	})
	if _, ok := lockstepDiff([]byte(`{"a":[1,2]}`), []byte(`{"a":[1]}`)); ok {
		t.Error("array length change must fall back")
	}
	if _, ok := lockstepDiff([]byte(`{"a":1}`), []byte(`{"b":1}`)); ok {
		t.Error("key change must fall back")
	}
}

// flatten is the generic oracle for the scanner: every scalar by its path,
// through encoding/json.
func flatten(doc []byte) map[string]string {
	var v any
	out := map[string]string{}
	if json.Unmarshal(doc, &v) != nil {
		return out
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, e := range t {
				walk(join(path, k), e)
			}
		case []any:
			for i, e := range t {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		default:
			b, _ := json.Marshal(t)
			out[path] = string(b)
		}
	}
	walk("", v)
	return out
}

// A document the scanner cannot read field by field is one change line, not
// a lost audit entry.
func TestDiffOfUnreadableDocumentsIsOneLine(t *testing.T) {
	got := diffJSON([]byte(`{"a":1}`), []byte(`{"a\\"b":1,"c":[2]}`))
	if len(got) != 1 || !strings.Contains(got[0], "geändert") {
		t.Fatalf("diff = %q", got)
	}
}
