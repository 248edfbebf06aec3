package inspection

import (
	"strings"
	"testing"
)

func TestPhotoListsAreValidated(t *testing.T) {
	good := Photo{SHA256: strings.Repeat("ab", 32), Size: 10, Name: "IMG_1.jpg", Type: PhotoJPEG}
	cases := []struct {
		name string
		edit func(*Photo)
		path string
	}{
		{"upper-case hash", func(ph *Photo) { ph.SHA256 = strings.ToUpper(ph.SHA256) }, "evidence[1].sha256"},
		{"short hash", func(ph *Photo) { ph.SHA256 = ph.SHA256[:63] }, "evidence[1].sha256"},
		{"same photo twice", func(*Photo) {}, "evidence[1].sha256"},
		{"empty file", func(ph *Photo) { ph.Size = 0 }, "evidence[1].size"},
		{"too large", func(ph *Photo) { ph.Size = MaxPhotoBytes + 1 }, "evidence[1].size"},
		{"HEIC", func(ph *Photo) { ph.Type = "image/heic" }, "evidence[1].type"},
		{"no name", func(ph *Photo) { ph.Name = "" }, "evidence[1].name"},
		{"unknown time source", func(ph *Photo) { ph.TakenFrom = "guess" }, "evidence[1].taken_from"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := baseProtocol()
			second := good
			if c.name != "same photo twice" {
				second.SHA256 = strings.Repeat("cd", 32)
			}
			c.edit(&second)
			p.Evidence = []Photo{good, second}
			probs := Validate(p, rules)
			if len(probs.At(c.path)) == 0 {
				t.Fatalf("no problem at %s; got %v", c.path, probs)
			}
			p.Findings = []Finding{{Category: "karosserie", Part: "Tür", Damage: "Delle", Repair: RepairRepair}}
			p.Findings[0].Evidence, p.Evidence = p.Evidence, nil
			if probs := Validate(p, rules); len(probs.At("findings[0]."+c.path)) == 0 {
				t.Fatalf("finding: no problem at findings[0].%s; got %v", c.path, probs)
			}
		})
	}
	p := baseProtocol()
	p.Evidence = []Photo{good}
	if probs := Validate(p, rules); len(probs.At("evidence")) > 0 {
		t.Fatalf("a good photo has problems: %v", probs)
	}
}
