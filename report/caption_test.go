package report

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

// Three photos stand in a row; a caption longer than its photo's box (a
// file time's "(Dateizeit)", a long file name, a name in another script)
// ran into its neighbour's. Each line is cut with "…" to its box: no word
// of the PDF overlaps another.
func TestPhotoCaptionsStayInTheirBoxes(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (Debian: poppler-utils)")
	}
	p := example(t)
	thumbs := map[string][]byte{}
	names := []string{"IMG_20240403_101500_HDR_Tür_hinten_links_Nahaufnahme.JPG", "Kratzer an der Tür hinten links, Detail.jpg", "王小明的照片_车门_划痕_特写镜头.jpg"}
	for i, name := range names {
		sha := fmt.Sprintf("%064x", i+1)
		thumbs[sha] = fixture.JPEG(t, fixture.Image(48, 32, i))
		p.Findings[0].Evidence = append(p.Findings[0].Evidence, inspection.Photo{SHA256: sha, Size: 100, Name: name,
			Type: inspection.PhotoJPEG, TakenAt: "2024-04-03T10:00:00+02:00", TakenFrom: inspection.PhotoTakenFile})
	}
	m := sealedMeta
	m.Thumbs = func(sha string) ([]byte, error) { return thumbs[sha], nil }
	pdf, err := PDF(p, rules, m)
	if err != nil {
		t.Fatal(err)
	}
	words := pdfWords(t, pdf)
	for i, w := range words {
		for _, o := range words[i+1:] {
			if o.page == w.page && o.YMin < w.YMax-1 && w.YMin < o.YMax-1 && o.XMin < w.XMax-0.5 && w.XMin < o.XMax-0.5 {
				t.Errorf("page %d: %q and %q overlap", w.page, w.Text, o.Text)
			}
		}
	}
	text := pdfText(t, pdf)
	if strings.Contains(text, ")aufgenommen") {
		t.Error("two captions run into each other")
	}
	// the time is shortened before it is cut: the source of the time stays
	if strings.Count(text, "03.04.2024 10:00 (Dateizeit)") != 3 {
		t.Errorf("the photos' times are cut:\n%s", text)
	}
}
