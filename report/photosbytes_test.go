package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

// TestPDFWithPhotosKeepsItsBytes pins a PDF with five photos, three of them
// the same picture (each image after the first is told apart by a change of
// its width of millionths of a pixel: distinctWidth), by the SHA-256 its
// bytes had when that change was made through fpdf's gob encoding — the
// copy of fpdf (third_party/fpdf) sets it directly and must give the same.
// Re-pinned when the diagram and the handover protocol changed the page: the
// hash computed with the unchanged fpdf v0.12.0 copy and the gob round trip.
func TestPDFWithPhotosKeepsItsBytes(t *testing.T) {
	p := example(t)
	thumbs := map[string][]byte{}
	for i := range 5 {
		sha := fmt.Sprintf("%064x", i+1)
		thumbs[sha] = fixture.JPEG(t, fixture.Image(48, 32, min(i, 2)))
		p.Findings[0].Evidence = append(p.Findings[0].Evidence, inspection.Photo{SHA256: sha, Size: 100, Name: fmt.Sprintf("IMG_%d.JPG", i),
			Type: inspection.PhotoJPEG, TakenAt: "2024-04-03T10:00:00", TakenFrom: inspection.PhotoTakenEXIF})
	}
	m := sealedMeta
	m.Thumbs = func(sha string) ([]byte, error) { return thumbs[sha], nil }
	pdf, err := PDF(p, rules, m)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	if got := hex.EncodeToString(sum[:]); got != wantPhotosPDF {
		t.Errorf("PDF with photos: SHA-256 %s, want %s", got, wantPhotosPDF)
	}
}

const wantPhotosPDF = "d2891b85d835dcc1e223a7ad8f4c6568c32260adb1c3fd2add1f0112e405a712"
