package inspection

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"rueckgabe/money"
)

// toAny is the tree as encoding/json gives it, to compare the two.
func (d *jdoc) toAny(n int32) any {
	node := d.nodes[n]
	switch node.kind {
	case jFalse:
		return false
	case jTrue:
		return true
	case jString:
		return d.text(node.val)
	case jNumber:
		return json.Number(d.text(node.val))
	case jArray:
		out := make([]any, 0, node.val.b-node.val.a)
		for c := node.val.a; c < node.val.b; c++ {
			out = append(out, d.toAny(c))
		}
		return out
	case jObject:
		out := map[string]any{}
		for c := node.val.a; c < node.val.b; c++ {
			out[d.text(d.nodes[c].key)] = d.toAny(c) // the last of equal keys counts
		}
		return out
	}
	return nil
}

// decodeSlow is DecodeDraft as it was: encoding/json for every file.
func decodeSlow(data []byte) (*Protocol, Problems) {
	var probs Problems
	if len(data) > MaxProtocolBytes {
		return decodeOnly(data, rules)
	}
	m, ok := decodeObjectSlow(data, &probs, protocolWords)
	if !ok {
		return nil, probs
	}
	return readProtocol(rootObj(treeFromAny(m), &probs), rules), probs
}

// sameAsEncodingJSON checks that parseTree reads data as encoding/json
// does, or leaves it to encoding/json, and that a protocol decodes to the
// same model and problems either way.
func sameAsEncodingJSON(t interface {
	Helper()
	Fatalf(string, ...any)
}, data []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var want any
	err := dec.Decode(&want)
	if err == nil {
		if _, end := dec.Token(); !errors.Is(end, io.EOF) {
			err = errors.New("more after the value")
		}
	}
	doc, ok := parseTree(data)
	if ok {
		if err != nil {
			t.Fatalf("parseTree reads what encoding/json refuses (%v): %q", err, data)
		}
		if got := doc.toAny(doc.root()); !reflect.DeepEqual(got, want) {
			t.Fatalf("parseTree reads\n%#v\nencoding/json\n%#v\nof %q", got, want, data)
		}
		for i, n := range doc.nodes[:len(doc.nodes)-1] {
			if up := doc.nodes[n.parent]; int32(i) < up.val.a || int32(i) >= up.val.b {
				t.Fatalf("node %d is not a child of its parent %d", i, n.parent)
			}
		}
	}
	p, probs := DecodeDraft(data, rules)
	wantP, wantProbs := decodeSlow(data)
	if !reflect.DeepEqual(probs, wantProbs) {
		t.Fatalf("problems\n%v\nby encoding/json\n%v\nof %q", probs, wantProbs, data)
	}
	if !reflect.DeepEqual(p, wantP) {
		t.Fatalf("protocol\n%#v\nby encoding/json\n%#v\nof %q", p, wantP, data)
	}
}

// hostile are pieces of JSON that a file may hold where a value stands.
var hostile = []string{
	`null`, `true`, `false`, `0`, `-0`, `-0.0`, `1e400`, `-1E-400`, `12345678901234567890123`, `62501`, `"62501"`,
	`1.5`, `"12.50"`, `"-0.00"`, `"0.0850"`, `"1234567890123456.5"`, `"12,50"`, `"1e3"`, `"٣"`,
	`[]`, `{}`, `[[[1,2]]]`, `{"a":1,"a":2}`, `[1,"x",null,{}]`,
	`"\u00fc\ud83d\ude00\/\b\f\n\r\t\"\\"`, `"\ud800"`, `"\udc00\ud800"`, `"\uD834\uDD1E"`, "\"\xff\xfe\"", "\"\xed\xa0\x80\"",
	`"\u2028 & < >"`, "\"\x01\"", `"\x"`, `"\u12"`, `tru`, `nul`, `01`, `1.`, `.5`, `-`, `+1`, `1e`, `"`, `[1,]`, `{"a"}`,
	strings.Repeat("[", 600) + strings.Repeat("]", 600),
}

func TestParseTreeReadsWhatEncodingJSONReads(t *testing.T) {
	for _, h := range hostile {
		for _, doc := range []string{
			h, " " + h + "\n", `{"x":` + h + `}`, `{"findings":[{"cost":` + h + `}],"vehicle":{"vin":` + h + `}}`,
			`{"contract":{"agreed_km":` + h + `,"agreed_km":` + h + `}}`, `{"id":"a","return":{"odometer_km":1,"odometer_km":` + h + `},"id":` + h + `}`, `{"completed_categories":[` + h + `]}`,
			`{"signatures":[{"strokes":[[` + h + `]]}]}`, `{"dispute":{"findings":[` + h + `]}}`, `{"a":1}` + h, `{"fees":` + h + `}`,
			`{"vat_percent":` + h + `,"return":{"odometer_km":` + h + `},"findings":[` + h + `,{"rule":` + h + `}]}`,
		} {
			sameAsEncodingJSON(t, []byte(doc))
		}
	}
}

// Random protocols, as written and with hostile pieces put in at random
// places, read the same by both paths.
func TestPropertyParseTreeIsEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		p.Dealership = anyText(t, "dealer")
		p.Fees = append(p.Fees, Fee{Label: anyText(t, "fee label"), Amount: nd("1.5")})
		var doc []byte
		var err error
		if rapid.Bool().Draw(t, "compact") {
			doc, err = EncodeCompact(p)
		} else {
			doc, err = Encode(p)
		}
		if err != nil {
			t.Fatal(err)
		}
		for range rapid.IntRange(0, 3).Draw(t, "edits") {
			at := rapid.IntRange(0, len(doc)).Draw(t, "at")
			cut := rapid.IntRange(0, min(12, len(doc)-at)).Draw(t, "cut")
			piece := rapid.SampledFrom(hostile).Draw(t, "piece")
			doc = append(doc[:at:at], append([]byte(piece), doc[at+cut:]...)...)
		}
		sameAsEncodingJSON(t, doc)
	})
}

func FuzzParseTree(f *testing.F) {
	f.Add(readFile(f, "testdata/spec-example.json"))
	for _, h := range hostile {
		f.Add([]byte(`{"findings":[{"costs":{"parts":` + h + `}}],"vehicle":{"vin":` + h + `}}`))
	}
	f.Add([]byte(strings.Repeat(`{"a":`, 11000) + "1" + strings.Repeat("}", 11000)))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsEncodingJSON(t, data)
	})
}

func TestWholeNumberIsStrconv(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.StringMatching(`-?(0|[1-9][0-9]{0,20})(\.[0-9]{1,3})?([eE][+-]?[0-9]{1,3})?`),
			rapid.SampledFrom([]string{"9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999", "2147483648", "-2147483649", "999999999", "-0"})).Draw(t, "n")
		doc, ok := parseTree([]byte(s))
		if !ok {
			t.Fatalf("%s does not parse", s)
		}
		v := jval{doc, doc.root()}
		for _, bits := range []int{32, 64} {
			got, gotErr := v.wholeNumber(bits)
			want, wantErr := strconv.ParseInt(s, 10, bits)
			if got != want || (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("wholeNumber(%s, %d) = %d, %v; strconv: %d, %v", s, bits, got, gotErr, want, wantErr)
			}
		}
	})
}

// plainDecimal gives what money's parser gives, to the exponent, or
// leaves the text to it.
func TestPlainDecimalIsMoneyParse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.StringMatching(`-?[0-9]{0,19}(\.[0-9]{0,7})?`), rapid.StringMatching(`[-0-9.,e ]{0,6}`)).Draw(t, "s")
		places := rapid.IntRange(0, 6).Draw(t, "places")
		doc, ok := parseTree([]byte(strconv.Quote(s)))
		if !ok {
			t.Fatalf("%q does not parse", s)
		}
		got, ok := jval{doc, doc.root()}.plainDecimal(places)
		want, err := money.ParseJSONDecimal(s, places)
		if !ok {
			return
		}
		if err != nil || !reflect.DeepEqual(got, want) || got.Exponent() != want.Exponent() {
			t.Fatalf("plainDecimal(%q, %d) = %v (exp %d); money: %v (exp %d), %v", s, places, got, got.Exponent(), want, want.Exponent(), err)
		}
	})
}
