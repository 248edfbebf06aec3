package inspection

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	dateType    = reflect.TypeFor[Date]()
	monthType   = reflect.TypeFor[Month]()
	timeType    = reflect.TypeFor[time.Time]()
)

// fillAll sets every value reachable from v, amounts too (fill leaves a
// decimal's unexported digits alone): pointers get a target, slices two
// elements.
func fillAll(v reflect.Value, n *int64) {
	*n++
	switch {
	case v.Type() == decimalType:
		v.Set(reflect.ValueOf(decimal.New(*n, -2)))
		return
	case v.Type() == dateType:
		v.Set(reflect.ValueOf(NewDate(2020, 1, 1).addDays(int(*n))))
	case v.Type() == monthType:
		v.Set(reflect.ValueOf(Month{NewDate(2020, time.Month(1+*n%12), 1)}))
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Date(2024, 4, 3, 9, 0, int(*n), 0, time.UTC)))
	case v.Kind() == reflect.Array:
		for i := range v.Len() {
			fillAll(v.Index(i), n)
		}
	case v.Kind() == reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillAll(v.Elem(), n)
	case v.Kind() == reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fillAll(v.Index(i), n)
		}
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			fillAll(v.Field(i), n)
		}
	case v.Kind() == reflect.String:
		v.SetString(fmt.Sprint("s", *n))
	case v.Kind() == reflect.Int, v.Kind() == reflect.Int64, v.Kind() == reflect.Int32:
		v.SetInt(*n)
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	default:
		panic("fillAll: add " + v.Type().String())
	}
}

// changes lists, for every value reachable from v, ways of changing it in
// place: a scalar or an amount altered, a pointer emptied, a slice shortened.
// Each change applies to the value found at the same place in another copy.
func changes(v reflect.Value, path string, at func(reflect.Value) reflect.Value, out *[]change) {
	add := func(what string, fn func(reflect.Value)) {
		*out = append(*out, change{path + " " + what, func(root reflect.Value) { fn(at(root)) }})
	}
	switch {
	case v.Type() == decimalType:
		add("digits", func(x reflect.Value) {
			d := x.Interface().(decimal.Decimal)
			x.Set(reflect.ValueOf(decimal.New(d.CoefficientInt64()+1, d.Exponent())))
		})
		add("exponent", func(x reflect.Value) {
			d := x.Interface().(decimal.Decimal)
			x.Set(reflect.ValueOf(decimal.New(d.CoefficientInt64()*10, d.Exponent()-1)))
		})
	case v.Type() == dateType:
		add("day", func(x reflect.Value) { x.Set(reflect.ValueOf(x.Interface().(Date).addDays(1))) })
	case v.Type() == monthType:
		add("month", func(x reflect.Value) { x.Set(reflect.ValueOf(Month{x.Interface().(Month).d.AddMonths(1)})) })
	case v.Type() == timeType:
		add("second", func(x reflect.Value) { x.Set(reflect.ValueOf(x.Interface().(time.Time).Add(time.Second))) })
	case v.Kind() == reflect.Array:
		for i := range v.Len() {
			changes(v.Index(i), fmt.Sprintf("%s[%d]", path, i), func(r reflect.Value) reflect.Value { return at(r).Index(i) }, out)
		}
	case v.Kind() == reflect.Pointer:
		add("nil", func(x reflect.Value) { x.Set(reflect.Zero(x.Type())) })
		changes(v.Elem(), path+"*", func(r reflect.Value) reflect.Value { return at(r).Elem() }, out)
	case v.Kind() == reflect.Slice:
		add("shorter", func(x reflect.Value) { x.Set(x.Slice(0, x.Len()-1)) })
		add("empty, not nil", func(x reflect.Value) { x.Set(reflect.MakeSlice(x.Type(), 0, 0)) })
		for i := range v.Len() {
			changes(v.Index(i), fmt.Sprintf("%s[%d]", path, i), func(r reflect.Value) reflect.Value { return at(r).Index(i) }, out)
		}
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			changes(v.Field(i), path+"."+v.Type().Field(i).Name, func(r reflect.Value) reflect.Value { return at(r).Field(i) }, out)
		}
	case v.Kind() == reflect.String:
		add("text", func(x reflect.Value) { x.SetString(x.String() + "!") })
	case v.Kind() == reflect.Int, v.Kind() == reflect.Int64, v.Kind() == reflect.Int32:
		add("number", func(x reflect.Value) { x.SetInt(x.Int() + 1) })
	case v.Kind() == reflect.Bool:
		add("flag", func(x reflect.Value) { x.SetBool(!x.Bool()) })
	default:
		panic("changes: add " + v.Type().String())
	}
}

type change struct {
	what  string
	apply func(root reflect.Value)
}

// TestSameFindingNoticesEveryField: sameFinding is what lets a save reuse a
// finding's bytes, so a field it does not compare would store a stale
// finding. Every value reachable from a Finding is changed in turn — in the
// finding itself and, through its pointers and slices, in place — and each
// change must be noticed, by sameFinding and by the encoding after it.
func TestSameFindingNoticesEveryField(t *testing.T) {
	var base Finding
	var n int64
	fillAll(reflect.ValueOf(&base).Elem(), &n)
	var all []change
	changes(reflect.ValueOf(base), "Finding", func(r reflect.Value) reflect.Value { return r }, &all)
	if len(all) < 40 {
		t.Fatalf("only %d changes found: the walk misses fields", len(all))
	}
	for _, c := range all {
		p := &Protocol{Findings: []Finding{base.clone()}}
		prev, _, err := EncodeCompactAfter(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !sameFinding(&base, &p.Findings[0]) {
			t.Fatal("a finding differs from its clone")
		}
		c.apply(reflect.ValueOf(&p.Findings[0]).Elem())
		if sameFinding(&base, &p.Findings[0]) {
			t.Errorf("%s: changed, but sameFinding says the same", c.what)
		}
		if sameFinding(prev.kept[0], &p.Findings[0]) {
			t.Errorf("%s: changed in place, and the kept copy changed with it", c.what)
		}
		e, rw, err := EncodeCompactAfter(p, prev)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rw.Findings, []int{0}) {
			t.Errorf("%s: not written anew (%v)", c.what, rw.Findings)
		}
		if want, _ := EncodeCompact(p); !bytes.Equal(e.Doc, want) {
			t.Errorf("%s: the document differs from EncodeCompact's", c.what)
		}
	}
}

// TestSameHeadNoticesEveryField: sameHead lets a save reuse the bytes of
// the protocol outside its findings, so a field it does not compare would
// store a stale head. Every value reachable from a Protocol but its
// findings is changed in turn — in the protocol itself and, through its
// pointers and slices, in place — and each change must be noticed, by
// sameHead and by the encoding after it, which is EncodeCompact's.
func TestSameHeadNoticesEveryField(t *testing.T) {
	var base Protocol
	var n int64
	fillAll(reflect.ValueOf(&base).Elem(), &n)
	base.Findings = []Finding{{Category: "lackierung", Note: "a"}}
	var all []change
	typ := reflect.TypeFor[Protocol]()
	for i := range typ.NumField() {
		if typ.Field(i).Name == "Findings" {
			continue
		}
		changes(reflect.ValueOf(base).Field(i), "Protocol."+typ.Field(i).Name, func(r reflect.Value) reflect.Value { return r.Field(i) }, &all)
	}
	if len(all) < 150 {
		t.Fatalf("only %d changes found: the walk misses fields", len(all))
	}
	for _, c := range all {
		p := base.Clone()
		prev, _, err := EncodeCompactAfter(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !sameHead(&base, p) || !sameHead(prev.headOf, p) {
			t.Fatal("a protocol differs from its clone")
		}
		c.apply(reflect.ValueOf(p).Elem())
		if sameHead(&base, p) {
			t.Errorf("%s: changed, but sameHead says the same", c.what)
		}
		if sameHead(prev.headOf, p) {
			t.Errorf("%s: changed in place, and the kept copy changed with it", c.what)
		}
		e, rw, err := EncodeCompactAfter(p, prev)
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := EncodeCompact(p); !bytes.Equal(e.Doc, want) {
			t.Errorf("%s: the document differs from EncodeCompact's", c.what)
		}
		if !bytes.Equal(e.Doc, prev.Doc) && rw.Only && len(rw.Findings) == 0 {
			t.Errorf("%s: the document changed, and nothing is said rewritten", c.what)
		}
	}
}

// TestEncodeCompactAfterIsEncodeCompact: a run of edits of every kind (a
// field of a finding changed in place, through a slice or pointer too,
// findings added, removed, replaced, the rest of the protocol changed), each
// encoded after the one before: the bytes are always EncodeCompact's, every
// finding not reported rewritten is the same bytes as before, and Only holds
// exactly when the findings' count and all other bytes are the same.
func TestEncodeCompactAfterIsEncodeCompact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		prev, _, err := EncodeCompactAfter(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		for step := range rapid.IntRange(1, 8).Draw(t, "edits") {
			n := len(p.Findings)
			switch k := rapid.IntRange(0, 7).Draw(t, "edit"); {
			case k == 0 && n > 0:
				p.Findings[rapid.IntRange(0, n-1).Draw(t, "i")].Note = anyText(t, "note")
			case k == 1 && n > 0:
				f := &p.Findings[rapid.IntRange(0, n-1).Draw(t, "i")]
				f.Cost = decimal.NullDecimal{Decimal: anyMoney(t, "cost"), Valid: rapid.Bool().Draw(t, "cost?")}
			case k == 2 && n > 0:
				f := &p.Findings[rapid.IntRange(0, n-1).Draw(t, "i")]
				if len(f.Evidence) > 0 {
					f.Evidence[0].Name = anyText(t, "photo name") // in place, through the slice
				} else if f.BaselineFinding != nil {
					*f.BaselineFinding++ // in place, through the pointer
				} else {
					f.Evidence = append(f.Evidence, anyPhoto(t))
				}
			case k == 3:
				p.Findings = append(p.Findings, genFinding(t))
			case k == 4 && n > 0:
				i := rapid.IntRange(0, n-1).Draw(t, "i")
				p.Findings = slices.Delete(p.Findings, i, i+1)
			case k == 5 && n > 0:
				p.Findings[rapid.IntRange(0, n-1).Draw(t, "i")] = genFinding(t)
			case k == 6:
				p.Customer.Name = anyText(t, "name")
			}
			e, rw, err := EncodeCompactAfter(p, prev)
			if err != nil {
				t.Fatal(err)
			}
			want, err := EncodeCompact(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(e.Doc, want) {
				t.Fatalf("edit %d:\ngot  %s\nwant %s", step, e.Doc, want)
			}
			for i := range p.Findings {
				if got, want := e.Finding(i), appendFinding(nil, &p.Findings[i]); !bytes.Equal(got, want) {
					t.Fatalf("edit %d: finding %d is\n%s\nnot\n%s", step, i, got, want)
				}
				if !slices.Contains(rw.Findings, i) && (i >= len(prev.kept) || !bytes.Equal(e.Finding(i), prev.Finding(i))) {
					t.Fatalf("edit %d: finding %d changed but is not reported rewritten", step, i)
				}
			}
			outside := func(e *Encoding) []byte {
				if len(e.starts) == 0 {
					return e.Doc
				}
				return slices.Concat(e.Doc[:e.starts[0]], e.Doc[e.ends[len(e.ends)-1]:])
			}
			only := len(prev.kept) == len(p.Findings) && bytes.Equal(outside(prev), outside(e))
			if rw.Only != only {
				t.Fatalf("edit %d: Only %v, want %v", step, rw.Only, only)
			}
			prev = e
		}
	})
}
