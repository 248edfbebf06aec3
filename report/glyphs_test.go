package report

import (
	"strings"
	"testing"
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
	want := []string{"customer.name: 🚗 (U+1F697)", "findings[0].note: 👍 (U+1F44D), 🏽 (U+1F3FD), 王 (U+738B), 小 (U+5C0F), 明 (U+660E)"}
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
