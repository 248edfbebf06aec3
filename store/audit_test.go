package store

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"rueckgabe/inspection"
	"rueckgabe/store/internal/jsondiff"
)

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

// A document the scanner cannot read field by field is one change line, not
// a lost audit entry.
func TestDiffOfUnreadableDocumentsIsOneLine(t *testing.T) {
	got := diffJSON([]byte(`{"a":1}`), []byte(`{"a\\"b":1,"c":[2]}`))
	if len(got) != 1 || !strings.Contains(got[0], "geändert") {
		t.Fatalf("diff = %q", got)
	}
}

// TestIndexesFollowOnlyIndexed: moveIndexes skips records whose indexed
// fields are equal, so no index value or payload may depend on anything else.
func TestIndexesFollowOnlyIndexed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		text := rapid.SampledFrom([]string{"", "M-AB 1", "Müller", "Łukasz Wałęsa", "WBA123", "2024-04-03"})
		shared := &Record{ID: "p1", Status: rapid.SampledFrom([]Status{StatusDraft, StatusSealed}).Draw(t, "status"),
			CreatedAt: time.Unix(rapid.Int64Range(0, 1e9).Draw(t, "created"), 0).UTC(),
			Summary: Summary{Plate: text.Draw(t, "plate"), VIN: text.Draw(t, "vin"), Customer: text.Draw(t, "customer"),
				ReturnDate: text.Draw(t, "return")}}
		rec := func(label string) *Record {
			r := *shared
			r.Revision, r.UpdatedBy = rapid.IntRange(1, 9).Draw(t, label+"rev"), text.Draw(t, label+"by")
			r.Summary.Make, r.Summary.Model = text.Draw(t, label+"make"), text.Draw(t, label+"model")
			r.Summary.Gross, r.Summary.Findings = text.Draw(t, label+"gross"), rapid.IntRange(0, 9).Draw(t, label+"findings")
			return &r
		}
		a, b := rec("a"), rec("b")
		if indexedOf(a) != indexedOf(b) {
			t.Fatalf("records built alike differ in indexed: %+v %+v", indexedOf(a), indexedOf(b))
		}
		for _, ix := range indexes {
			if !slices.Equal(ix.values(a), ix.values(b)) || !bytes.Equal(ix.value(a), ix.value(b)) {
				t.Fatalf("index %s depends on more than indexed: %+v vs %+v", ix.name, a, b)
			}
		}
	})
}

// TestValueNeutralFieldsAreNeutral: a save that changes only the fields
// listed in valueNeutral keeps the list total without valuing the protocol
// again. Each of them is changed here on random protocols, and the
// valuation must stay the same; a field added to the list without a setter
// here fails the test.
func TestValueNeutralFieldsAreNeutral(t *testing.T) {
	setters := map[string]func(p *inspection.Protocol, s string){
		"findings[].note":  func(p *inspection.Protocol, s string) { p.Findings[0].Note = s },
		"customer.name":    func(p *inspection.Protocol, s string) { p.Customer.Name = s },
		"customer.address": func(p *inspection.Protocol, s string) { p.Customer.Address = s },
		"vehicle.plate":    func(p *inspection.Protocol, s string) { p.Vehicle.Plate = s },
		"vehicle.vin":      func(p *inspection.Protocol, s string) { p.Vehicle.VIN = s },
		"vehicle.make":     func(p *inspection.Protocol, s string) { p.Vehicle.Make = s },
		"vehicle.model":    func(p *inspection.Protocol, s string) { p.Vehicle.Model = s },
		"return.place":     func(p *inspection.Protocol, s string) { p.Return.Place = s },
		"inspector":        func(p *inspection.Protocol, s string) { p.Inspector = s },
		"dealership":       func(p *inspection.Protocol, s string) { p.Dealership = s },
	}
	for path := range valueNeutral {
		if setters[path] == nil {
			t.Fatalf("value-neutral field %s has no setter in this test", path)
		}
	}
	s := openTest(t, t.TempDir())
	rapid.Check(t, func(t *rapid.T) {
		p := sample("M-AB 1", "Erika Mustermann")
		for i := range rapid.IntRange(1, 4).Draw(t, "findings") {
			f := finding(strconv.Itoa(i))
			f.Acceptable = rapid.Bool().Draw(t, "acceptable")
			p.Findings = append(p.Findings, f)
		}
		before := summarize(p, s.rules)
		q := p.Clone()
		path := rapid.SampledFrom(slices.Sorted(maps.Keys(setters))).Draw(t, "field")
		setters[path](q, rapid.String().Draw(t, "text"))
		a, _ := inspection.EncodeCompact(p)
		b, _ := inspection.EncodeCompact(q)
		d := diffDocs(a, b)
		if after := summarize(q, s.rules); after.Gross != before.Gross {
			t.Fatalf("changing %s moved the total %s → %s", path, before.Gross, after.Gross)
		}
		if _, _, sameShape := jsondiff.Lockstep(a, b); sameShape && !bytes.Equal(a, b) && !d.valueNeutral {
			t.Fatalf("changing %s was not seen as value-neutral: %q", path, d.lines)
		}
	})
	// and a change that does move money is never neutral
	p := sample("M-AB 1", "Erika Mustermann")
	p.Findings = append(p.Findings, finding("a"))
	a, _ := inspection.EncodeCompact(p)
	p.Findings[0].Acceptable = !p.Findings[0].Acceptable
	b, _ := inspection.EncodeCompact(p)
	if diffDocs(a, b).valueNeutral {
		t.Error("a classification change was taken as value-neutral")
	}
}

// TestSaveKeepsTheListTotalRight: through Save, a note edit keeps the total
// (without valuing) and a cost edit moves it, as a full valuation says.
func TestSaveKeepsTheListTotalRight(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("M-AB 1", "Erika Mustermann")
	p.Findings = append(p.Findings, finding("a"), finding("b"))
	rec, err := s.Save(p, AnyRevision, "t")
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range []func(){
		func() { p.Findings[1].Note = "neu" },
		func() { p.Findings[1].Cost = decimal.NewNullDecimal(decimal.New(31415, -2)) },
		func() { p.Findings[0].Note, p.Findings[0].Acceptable = "beides", !p.Findings[0].Acceptable },
		func() { p.Customer.Name = "Łukasz Wałęsa" },
	} {
		edit()
		if rec, err = s.Save(p, rec.Revision, "t"); err != nil {
			t.Fatal(err)
		}
		if want := summarize(p, s.rules); rec.Summary != want {
			t.Fatalf("after the edit the list shows %+v, valuing gives %+v", rec.Summary, want)
		}
	}
}

// TestRecordsOutliveTheirTransaction: Save reads the stored record as a view
// of bbolt's mapped page; what it returns must be a copy. After Close the
// mapping is gone, so a record still pointing into it would crash here.
// Save returns its record without the document (the Store writes later
// saves into its bytes), the unchanged one too.
func TestRecordsOutliveTheirTransaction(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := sample("M-AB 1", "Erika Mustermann")
	p.Findings = append(p.Findings, finding("a"))
	rec, err := s.Save(p, AnyRevision, "t")
	if err != nil {
		t.Fatal(err)
	}
	unchanged, err := s.Save(p, rec.Revision, "t") // same content: the stored record comes back
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := s.SealChained(rec.ID, rec.Revision, "t", func(_ *inspection.Protocol, prev string) (json.RawMessage, string, error) {
		return json.RawMessage(`{}`), "h1", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := inspection.EncodeCompact(p)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if unchanged.Protocol != nil || unchanged.Revision != rec.Revision || unchanged.ID != rec.ID {
		t.Errorf("unchanged save: returned revision %d of %s with %d bytes of document", unchanged.Revision, unchanged.ID, len(unchanged.Protocol))
	}
	for name, r := range map[string]*Record{"seal": sealed} {
		if !bytes.Equal(r.Protocol, want) {
			t.Errorf("%s: protocol after close differs", name)
		}
	}
}
