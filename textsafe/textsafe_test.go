package textsafe

import (
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	cases := map[string]string{
		"Erika Mustermann":               "Erika Mustermann",
		"Müller & Söhne – 1.234,56 €":    "Müller & Söhne – 1.234,56 €",
		"\x1b[31mrot\x1b[0m":             "rot",
		"\x1b]0;pwned\x07Titel":          "Titel",
		"a\x00b\x07c\x7fd\u0085e":        "abcde",
		"Zeile 1\nZeile 2\tTab":          "Zeile 1 Zeile 2 Tab",
		"Kunde \u202eredlaw\u202c zahlt": "Kunde redlaw zahlt",
		"\u2066isolate\u2069 \u200fmark": "isolate mark",
		"zero\u200bwidth":                "zerowidth",
		"\x1b[2J\x1b[H":                  "",
		"\x9b31m C1 CSI":                 " C1 CSI",
		"ASCII with DEL\x7f only":        "ASCII with DEL only", // the ASCII fast path must not pass DEL
		"tab\tonly":                      "tab only",
	}
	for in, want := range cases {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Block("a\nb\x1b[1m"); got != "a\nb" {
		t.Errorf("Block kept %q", got)
	}
	if got := Block("a\tb\r\nc\u2029d\u00ad"); got != "a b \ncd\u00ad" {
		t.Errorf("Block(%q) = %q", "a\tb\r\nc\u2029d\u00ad", got)
	}
	if got := Line("\ufffdx"); got != "x" {
		t.Errorf("replacement character kept: %q", got)
	}
}

// Printable ASCII — every byte from space to tilde — comes back as it is,
// without allocating: the TUI cleans every string of every frame.
func TestPlainTextIsNotCopied(t *testing.T) {
	var all []byte
	for c := byte(' '); c <= '~'; c++ {
		all = append(all, c)
	}
	plain := string(all)
	if Line(plain) != plain {
		t.Fatal("plain text changed")
	}
	if n := testing.AllocsPerRun(100, func() { _ = Line(plain) }); n != 0 {
		t.Fatalf("%v allocations for plain text", n)
	}
	for _, s := range []string{"a\x1fb", "a\x7fb", "a\x80b"} {
		if isPlain(s) {
			t.Errorf("%q counted as plain", s)
		}
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"x", "\x1b[31m", "\u202e", "a\nb", "\x1b]8;;http://x\x1b\\link"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		for _, r := range out {
			if hidden(r) && r != '\u00ad' {
				t.Fatalf("Line(%q) left %U", s, r)
			}
		}
		if strings.ContainsRune(out, '\x1b') {
			t.Fatalf("escape survived in %q", out)
		}
	})
}
