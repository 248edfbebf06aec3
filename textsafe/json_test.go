package textsafe

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
)

func TestEscapeJSONKeepsMeaningAndHidesControls(t *testing.T) {
	hostile := "Kunde \u202eredlaw\u202c\x7f\u0085\u009b2J\u200b\u2028\U000e0041\u00ad \x1b]0;x\a Ende"
	doc, err := json.Marshal(map[string]string{"name": hostile, "plain": "Müller"})
	if err != nil {
		t.Fatal(err)
	}
	out := EscapeJSON(doc)
	for _, r := range string(out) {
		if unicode.IsControl(r) || isBidiControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' {
			t.Fatalf("%U left raw in %s", r, out)
		}
	}
	for _, esc := range []string{`\u202e`, `\u007f`, `\u0085`, `\u009b`, `\u200b`, `\udb40\udc41`, `\u00ad`} {
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
		doc, _ := json.Marshal(s)
		out := EscapeJSON(doc)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		var want string
		_ = json.Unmarshal(doc, &want)
		if back != want {
			t.Fatalf("changed %q → %q", want, back)
		}
		for _, r := range string(out) {
			if r != utf8RuneError && hidden(r) {
				t.Fatalf("%U raw in %q", r, out)
			}
		}
	})
}

const utf8RuneError = '\uFFFD'
