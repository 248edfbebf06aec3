package jsonspan

import (
	"encoding/json"
	"os"
	"testing"
)

// DuplicateKey names where a key appears twice, keys compared unescaped;
// the same key in different objects is none.
func TestDuplicateKeyNamesThePath(t *testing.T) {
	for doc, want := range map[string]string{
		`{"vat_percent":"19","vat_percent":"0"}`:           "vat_percent",
		`{"return":{"odometer_km":62501,"odometer_km":1}}`: "return.odometer_km",
		`{"findings":[{},{},{"cost":"1","cost":"2"}]}`:     "findings[2].cost",
		`{"":1,"":2}`:                                     "",
		`{"s":"\"}","t":{"u":"\\","u":2}}`:                "t.u",
		`{"a\"":1,"a\u0022":2}`:                           "a\"",
		`{"a":1,"\u0061":2}`:                              "a",
		`{"x":[{"é":1,"\u00e9":2}]}`:                      "x[0].é",
		`{"a":{"b":1},"c":{"b":1},"d":[{"b":1},{"b":2}]}`: "",
		`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k18":18,"k19":19,"k20":20,"k21":21,"k22":22,"k23":23,"k24":24,"k25":25,"k26":26,"k27":27,"k28":28,"k29":29,"k30":30,"k31":31,"k32":32,"k33":33,"k\u0031":34}`: "k1",
	} {
		got, found := DuplicateKey([]byte(doc))
		if got != want || found != (want != "" || doc == `{"":1,"":2}`) {
			t.Errorf("%s: %q %v, want %q", doc, got, found, want)
		}
	}
}

// The scan and the token walk agree on every valid document.
func FuzzDuplicateKey(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":[{"b":1},{"b":1,"\u0062":2}]}`, "{\"\xff\":1,\"\xfe\":2}", `[{"a":{}},{"a":{}}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		path, walk, err := FirstDuplicate(data)
		if err != nil {
			t.Fatalf("valid JSON %q: %v", data, err)
		}
		if scan := HasDuplicateKey(data); scan != walk {
			t.Fatalf("%q: scan says %v, walk %v", data, scan, walk)
		}
		if got, found := DuplicateKey(data); got != path || found != walk {
			t.Fatalf("%q: DuplicateKey %q %v, walk %q", data, got, found, path)
		}
	})
}

func BenchmarkDuplicateKeyFullExample(b *testing.B) {
	data, err := readExample()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, dup := DuplicateKey(data); dup {
			b.Fatal("duplicate")
		}
	}
}

func readExample() ([]byte, error) { return os.ReadFile("../../testdata/full-example.json") }
