package report

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// Issue 14: a character no embedded font has never fails the export: it is
// drawn as the replacement mark, the protocol keeps the original, and the
// field is named.
func TestEmojiAndMissingGlyphsNeverFailThePDF(t *testing.T) {
	p := example(t)
	p.Customer.Name = "Zoë 🚗 Łukasz"
	p.Findings[0].Note = "Kratzer 👍🏽 王小明"
	p.Preconditions.Note = "ok"
	pdf, err := PDF(p, rules, sealedMeta)
	if err != nil {
		t.Fatalf("PDF failed: %v", err)
	}
	if p.Customer.Name != "Zoë 🚗 Łukasz" {
		t.Fatal("rendering changed the protocol")
	}
	got := Unprintable(p)
	want := []string{"customer.name: 🚗 (U+1F697)", "findings[0].note: 👍 (U+1F44D), 🏽 (U+1F3FD)"} // 王小明: the CJK fallback font
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("unprintable:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	text := pdfText(t, pdf)
	if !strings.Contains(text, "Zoë □ Łukasz") {
		t.Errorf("the name is not drawn with the replacement mark")
	}
	again, _ := PDF(p, rules, sealedMeta)
	if string(again) != string(pdf) {
		t.Error("same protocol, different bytes")
	}
	if len(Unprintable(example(t))) != 0 {
		t.Error("the example has no unprintable characters")
	}
}

// FuzzPDFText feeds any text into the protocol's text fields: the PDF is
// always made (issue 14).
func FuzzPDFText(f *testing.F) {
	for _, s := range []string{"Zoë 🚗", "王小明", "Ελένη", "Ольга", "مرحبا", "שלום", "a\u0301\u0302", "\u202e\x1b[31m", "👍🏽👨‍👩‍👧", "\xff\xfe"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, name, note string) {
		p := example(t)
		p.Customer.Name, p.Customer.Address, p.Findings[0].Note, p.Vehicle.Plate = name, note, note, name
		if _, err := PDF(p, rules, sealedMeta); err != nil {
			t.Fatalf("PDF of %q / %q: %v", name, note, err)
		}
	})
}

// Every script of the customers named in issue 14 is drawn with a font that
// has it: nothing of them is replaced, and the PDF's text layer holds each
// name (Hebrew and Arabic in visual order, Arabic in its joined forms).
func TestEveryScriptIsDrawn(t *testing.T) {
	names := []string{"Łukasz Wałęsa", "Şükrü Çağlar", "Nguyễn Văn An", "Ελένη Παπαδοπούλου", "Ольга Иванова", "王小明", "佐藤 花子", "김민준", "דוד כהן", "محمد عبد الله"}
	for _, name := range names {
		p := example(t)
		p.Customer.Name = name
		p.Findings[0].Note = "Notiz: " + name + " (Kunde)"
		if u := Unprintable(p); len(u) > 0 {
			t.Errorf("%s: unprintable %v", name, u)
		}
		pdf, err := PDF(p, rules, sealedMeta)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if again, _ := PDF(p, rules, sealedMeta); string(again) != string(pdf) {
			t.Errorf("%s: same protocol, different bytes", name)
		}
		text := pdfText(t, pdf)
		if text == "" {
			continue // no pdftotext here
		}
		// pdftotext gives right-to-left text back in reading order, Arabic
		// in the joined forms drawn
		text = strings.NewReplacer("\u202b", "", "\u202c", "").Replace(text)
		if want := shapeArabic(name); !strings.Contains(text, want) {
			t.Errorf("%s: the PDF's text lacks %q", name, want)
		}
		if strings.Contains(text, "□") {
			t.Errorf("%s: drawn with the replacement mark", name)
		}
	}
}

func TestArabicIsShapedAndHebrewReordered(t *testing.T) {
	// محمد: meem initial, hah medial, meem medial, dal final — drawn right to left
	if got, want := visual("محمد"), "\uFEAA\uFEE4\uFEA4\uFEE3"; got != want {
		t.Errorf("محمد → %U, want %U", []rune(got), []rune(want))
	}
	// لا is one ligature; ة after a joining letter is final
	if got := []rune(shapeArabic("لا")); len(got) != 1 || got[0] != 0xFEFB {
		t.Errorf("lam-alef → %U", got)
	}
	if got := visual("דוד כהן"); got != "ןהכ דוד" {
		t.Errorf("Hebrew → %q", got)
	}
	if got := visual("Kunde כהן"); got != "Kunde ןהכ" {
		t.Errorf("mixed → %q, want the Hebrew word reversed after the German", got)
	}
	if got := visual("Müller"); got != "Müller" {
		t.Errorf("Latin changed: %q", got)
	}
}

// TestGoldenPDFOfEveryScript: the customer's copy for the names of issue 14,
// pinned by the SHA-256 of its bytes (same protocol, same bytes — across
// runs and machines) and its text layer (go test ./report -update rewrites
// both after a deliberate change; look at the PDF first:
// testdata/TestGoldenPDFOfEveryScript.pdf is written alongside).
func TestGoldenPDFOfEveryScript(t *testing.T) {
	p := example(t)
	p.Customer.Name = "王小明 · 김민준 · 佐藤 花子"
	p.Customer.Address = "דוד כהן · محمد عبد الله · Ελένη Παπαδοπούλου · Ольга Иванова"
	p.Findings[0].Note = "Łukasz Wałęsa, Şükrü Çağlar, Nguyễn Văn An: 🚗"
	pdf, err := PDF(p, rules, sealedMeta)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" { // x/exp/golden's flag
		_ = os.MkdirAll("testdata", 0o755)
		_ = os.WriteFile("testdata/TestGoldenPDFOfEveryScript.pdf", pdf, 0o644)
	}
	golden.RequireEqual(t, hex.EncodeToString(sum[:])+"\n")
}

func TestMixedRightToLeftKeepsItsSeparators(t *testing.T) {
	cases := map[string]string{
		"דוד כהן · Ελένη": "ןהכ דוד · Ελένη",
		"Kunde: כהן (2)":  "Kunde: ןהכ (2)",
		"שער 12 כניסה":    "הסינכ 12 רעש",
		"(כהן)":           "(ןהכ)",
		"A כהן, דוד B":    "A דוד ,ןהכ B",
		"Müller":          "Müller",
	}
	for in, want := range cases {
		if got := visual(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

// Bidi controls and zero-width characters are dropped from the PDF as from
// the terminal, never drawn as the mark of a missing glyph; Unprintable does
// not list them.
func TestPDFDropsBidiControlsInsteadOfMarkingThem(t *testing.T) {
	p := example(t)
	p.Dealership = "Autohaus\u2066Böse\u2069 GmbH"
	p.Customer.Name = "Erika\u202e Mustermann\u200b"
	if u := Unprintable(p); len(u) > 0 {
		t.Errorf("listed as unprintable: %v", u)
	}
	pdf, err := PDF(p, rules, sealedMeta)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"AutohausBöse GmbH", "Erika Mustermann"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if strings.ContainsRune(text, Replacement) {
		t.Errorf("a dropped character is drawn as %c", Replacement)
	}
}
