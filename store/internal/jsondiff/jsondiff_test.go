package jsondiff

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"rueckgabe/inspection"
)

// sample and finding: protocols as the store encodes them, for documents of
// the shape the audit diff sees.
func sample(plate, customer string) *inspection.Protocol {
	return &inspection.Protocol{
		Vehicle:  inspection.Vehicle{VIN: "WBAUL91000VF71552", Plate: plate, Make: "BMW", Model: "125i"},
		Customer: inspection.Customer{Name: customer, Address: "Musterweg 1"},
		Return:   inspection.Return{OdometerKm: 62501, Place: "Halle 2"},
	}
}

func finding(note string) inspection.Finding {
	return inspection.Finding{Category: "lackierung", Part: "Tür vorn links", Repair: inspection.RepairPaint,
		Cost: decimal.NewNullDecimal(decimal.RequireFromString("100.00")), Note: note}
}

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
		fast, _, ok := Lockstep(before, after)
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
	if _, _, ok := Lockstep([]byte(`{"a":[1,2]}`), []byte(`{"a":[1]}`)); ok {
		t.Error("array length change must fall back")
	}
	if _, _, ok := Lockstep([]byte(`{"a":1}`), []byte(`{"b":1}`)); ok {
		t.Error("key change must fall back")
	}
}

// TestLockstepDiffOnAnyDocument: on random documents of one structure with
// some scalars changed, the lockstep diff (with its shared start skipped and
// its shared end cut off) gives exactly the general diff's lines. Numbers that
// grow by a digit at the first difference, escaped quotes and backslashes are
// the cases the byte-level shortcuts could get wrong.
func TestLockstepDiffOnAnyDocument(t *testing.T) {
	scalars := []any{"a", "ab", `q"`, `\`, `\"`, "ü", "", 1, 12, 123, 1.5, true, false, nil}
	rapid.Check(t, func(t *rapid.T) {
		var gen func(depth int) any
		gen = func(depth int) any {
			kind := rapid.IntRange(0, 2).Draw(t, "kind")
			if depth > 3 {
				kind = 0
			}
			switch kind {
			case 1:
				m := map[string]any{}
				for i := range rapid.IntRange(0, 4).Draw(t, "keys") {
					m[fmt.Sprintf("k%d", i)] = gen(depth + 1)
				}
				return m
			case 2:
				var a []any
				for range rapid.IntRange(0, 4).Draw(t, "len") {
					a = append(a, gen(depth+1))
				}
				return a
			}
			return rapid.SampledFrom(scalars).Draw(t, "scalar")
		}
		var mutate func(v any) any
		mutate = func(v any) any {
			switch t2 := v.(type) {
			case map[string]any:
				for k, e := range t2 {
					t2[k] = mutate(e)
				}
				return t2
			case []any:
				for i, e := range t2 {
					t2[i] = mutate(e)
				}
				return t2
			}
			if rapid.IntRange(0, 3).Draw(t, "change") == 0 {
				return rapid.SampledFrom(scalars).Draw(t, "new")
			}
			return v
		}
		v := gen(0)
		before, _ := json.Marshal(v)
		after, _ := json.Marshal(mutate(v))
		checkLockstep(t, before, after)
	})
}

// TestLockstepDiffEdges: a number growing by a digit right at the first
// difference, one byte changed just before the shared end, escaped quotes.
func TestLockstepDiffEdges(t *testing.T) {
	for _, c := range [][2]string{
		{`[12]`, `[123]`}, {`{"a":1,"b":2}`, `{"a":12,"b":2}`}, {`[1]`, `[2]`}, {`[1,2]`, `[1,3]`},
		{`["a\\"]`, `["a\\\""]`}, {`{"a":["x\"y",1]}`, `{"a":["x\"y",2]}`}, {`"a"`, `"b"`},
	} {
		checkLockstep(t, []byte(c[0]), []byte(c[1]))
	}
}

func checkLockstep(t fatalHelper, before, after []byte) {
	t.Helper()
	fast, _, ok := Lockstep(before, after)
	if !ok {
		t.Fatalf("same structure, lockstep gave up:\n%s\n%s", before, after)
	}
	slow := General(before, after)
	slices.Sort(fast)
	slices.Sort(slow)
	if !slices.Equal(fast, slow) {
		t.Fatalf("%s\n%s\nlockstep %q\ngeneral  %q", before, after, fast, slow)
	}
}

type fatalHelper interface {
	Helper()
	Fatalf(string, ...any)
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
