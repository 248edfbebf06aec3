package textsafe

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
)

func TestEscapeJSONKeepsMeaningAndHidesControls(t *testing.T) {
	hostile := "Kunde \u202eredlaw\u202c\x7f\u0085\u009b2J\u200b\u2028\u2029\U000e0041\u00ad \x1b]0;x\a Ende"
	doc, err := json.Marshal(map[string]string{"name": hostile, "plain": "Müller"})
	if err != nil {
		t.Fatal(err)
	}
	out := EscapeJSON(doc)
	for _, r := range string(out) {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 {
			t.Fatalf("%U left raw in %s", r, out)
		}
	}
	for _, esc := range []string{`\u202e`, `\u007f`, `\u0085`, `\u009b`, `\u200b`, `\u2028`, `\u2029`, `\udb40\udc41`, `\u00ad`} {
		if !strings.Contains(string(out), esc) {
			t.Errorf("%s missing in %s", esc, out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["name"] != hostile || back["plain"] != "Müller" {
		t.Fatalf("meaning changed: %q %v", back["name"], err)
	}
	if plain := []byte(`{"a":"Müller 王小明 🚗"}`); string(EscapeJSON(plain)) != string(plain) {
		t.Error("harmless text was changed")
	}
}

func FuzzEscapeJSON(f *testing.F) {
	f.Add("a\u202eb")
	f.Add("\x7f\u0085")
	f.Fuzz(func(t *testing.T, s string) {
		doc, _ := json.MarshalIndent([]string{s}, "", "\t")
		out := EscapeJSON(doc)
		var back, want []string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		_ = json.Unmarshal(doc, &want)
		if back[0] != want[0] {
			t.Fatalf("changed %q → %q", want[0], back[0])
		}
		for _, r := range string(out) {
			if hidden(r) && !jsonSpace(r) {
				t.Fatalf("%U raw in %q", r, out)
			}
		}
	})
}

// Indented JSON keeps its white space: line breaks and tabs between values
// are JSON's own, not text.
func TestEscapeJSONKeepsWhiteSpace(t *testing.T) {
	doc, _ := json.MarshalIndent(map[string]any{"a": "x\u202ey", "b": []int{1, 2}}, "", "\t")
	doc = append(doc, '\r', '\n')
	out := EscapeJSON(doc)
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil || v["a"] != "x\u202ey" {
		t.Fatalf("indented JSON broken: %v\n%s", err, out)
	}
	if strings.Count(string(out), "\n") != strings.Count(string(doc), "\n") || !strings.Contains(string(out), "\t") {
		t.Fatalf("white space changed:\n%s", out)
	}
}

// Nothing to escape: the same bytes back, no copy (the common case).
func TestEscapeJSONPlainIsNotCopied(t *testing.T) {
	doc := []byte(`{"name":"Müller 王小明 🚗","n":1}`)
	if out := EscapeJSON(doc); &out[0] != &doc[0] {
		t.Fatal("a document with nothing to escape was copied")
	}
	if n := testing.AllocsPerRun(100, func() { EscapeJSON(doc) }); n != 0 {
		t.Fatalf("%v allocations for nothing to escape", n)
	}
	// what stands before and after an escape is kept byte for byte
	in := []byte("{\"a\":\"x\u202ey\",\"b\":\"\xff\"}")
	if got := string(EscapeJSON(in)); got != "{\"a\":\"x\\u202ey\",\"b\":\"\xff\"}" {
		t.Fatalf("got %q", got)
	}
	if got := string(EscapeJSON([]byte("\u202e"))); got != `\u202e` {
		t.Fatalf("a hidden character first: %q", got)
	}
}
