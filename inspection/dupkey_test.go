package inspection

import (
	"bytes"
	"strings"
	"testing"
)

// A protocol from outside with a key twice at any depth is refused with
// one problem naming where: readers disagree on which of the two counts
// (encoding/json takes the last, so "vat_percent": "19", "vat_percent": "0"
// quoted VAT 0.00).
func TestDecodeRefusesAKeyTwice(t *testing.T) {
	full := string(readFile(t, "../testdata/full-example.json"))
	edit := func(old, new string) string {
		t.Helper()
		if strings.Count(full, old) != 1 {
			t.Fatalf("%q is not once in the example", old)
		}
		return strings.Replace(full, old, new, 1)
	}
	for _, c := range []struct{ name, doc, path string }{
		{"top level", edit(`"vat_percent": "19"`, `"vat_percent": "19", "vat_percent": "0"`), "vat_percent"},
		{"nested object", edit(`"odometer_km": 62501,`, `"odometer_km": 62501, "odometer_km": 1,`), "return.odometer_km"},
		{"in a list's element", edit(`"category": "stossfaenger",`, `"category": "stossfaenger", "cost": "1.00", "cost": "900.00",`), "findings[2].cost"},
		{"escaped alike", edit(`"vat_percent": "19"`, `"vat_percent": "19", "vat_p\u0065rcent": "0"`), "vat_percent"},
		{"escaped first", edit(`"odometer_km": 62501,`, `"odom\u0065ter_km": 62501, "odometer_km": 1,`), "return.odometer_km"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for name, decode := range map[string]func([]byte) (*Protocol, Problems){
				"Decode":     func(b []byte) (*Protocol, Problems) { return Decode(b, rules) },
				"DecodeFile": func(b []byte) (*Protocol, Problems) { return DecodeFile(b, rules) },
			} {
				p, probs := decode([]byte(c.doc))
				if p != nil || len(probs) != 1 {
					t.Fatalf("%s: protocol %v, problems %v; want one problem and no protocol", name, p != nil, probs)
				}
				want := c.path + ": appears twice (a key may appear once)"
				if got := probs[0].String(); got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
				if probs[0].German() == probs[0].Msg {
					t.Errorf("%s: no German for the inspector's screen", name)
				}
			}
		})
	}
	// the same document without the second key decodes as before
	for _, doc := range []string{full, edit(`"vat_percent": "19"`, `"vat_p\u0065rcent": "19"`)} {
		p, probs := Decode([]byte(doc), rules)
		if p == nil || len(probs) > 0 || p.VATPercent.Decimal.String() != "19" {
			t.Fatalf("valid example: %v", probs)
		}
	}
	// the same key in different objects is no duplicate
	if _, probs := DecodeFile([]byte(`{"return":{"odometer_km":1},"vehicle":{"odometer_km":2},"findings":[{"cost":"1.00"},{"cost":"2.00"}]}`), rules); len(probs) > 0 {
		t.Fatalf("keys of different objects: %v", probs)
	}
}

// A delivery record file comes from outside too.
func TestDecodeRecordFileRefusesAKeyTwice(t *testing.T) {
	data := string(readFile(t, "../testdata/delivery-record.json"))
	i := strings.Index(data, "{")
	doc := data[:i+1] + `"format": "x", ` + data[i+1:]
	rf, probs := DecodeRecordFile([]byte(doc))
	if rf != nil || len(probs) != 1 || probs[0].String() != "format: appears twice (a key may appear once)" {
		t.Fatalf("record file with format twice: %v", probs)
	}
	if _, probs := DecodeRecordFile([]byte(data)); len(probs) > 0 {
		t.Fatalf("valid record file: %v", probs)
	}
}

// TestFileNotUTF8IsRefused: a protocol or delivery record saved as ANSI
// (Windows-1252: "ü" is the byte 0xFC) is refused, naming the byte and its
// line, instead of read with every umlaut as "�" (an outside tester lost
// all of them so). UTF-8 reads as before.
func TestFileNotUTF8IsRefused(t *testing.T) {
	good := []byte("{\n  \"customer\": {\"name\": \"Jürgen Müller\"}\n}")
	ansi := bytes.Replace(good, []byte("ü"), []byte{0xFC}, -1)
	if p := notUTF8(good); p != nil {
		t.Fatalf("UTF-8 refused: %v", p)
	}
	for name, decode := range map[string]func([]byte) Problems{
		"protocol": func(b []byte) Problems { _, p := DecodeFile(b, rules); return p },
		"record":   func(b []byte) Problems { _, p := DecodeRecordFile(b); return p },
	} {
		probs := decode(ansi)
		if len(probs) != 1 || !strings.Contains(probs[0].Msg, "not UTF-8") || !strings.Contains(probs[0].Msg, "0xFC in line 2") || !strings.Contains(probs[0].De, "kein UTF-8") {
			t.Errorf("%s: %v", name, probs)
		}
	}
}
