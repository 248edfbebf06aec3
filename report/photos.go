package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"rueckgabe/inspection"
	"rueckgabe/internal/localtime"
)

// Thumbs supplies a photo's thumbnail as JPEG bytes, by the photo's hash.
// The thumbnail holds pixels only: no metadata of the photo reaches the PDF.
type Thumbs func(sha string) ([]byte, error)

// Thumbnail boxes: beside a finding four to a row; the protocol's own photos
// two to a row on their own page.
const (
	findingPhotoW, findingPhotoH   = 40.0, 30.0
	protocolPhotoW, protocolPhotoH = 85.0, 64.0
	photoGap                       = 5.0
	captionH                       = 3.4
)

// photoGrid draws photos as thumbnails in rows of boxes w×h, each with a
// caption naming it (number, file, time, hash); a photo whose thumbnail
// cannot be had (missing, altered) is a box saying so.
func (d *doc) photoGrid(photos []inspection.Photo, w, h float64, indent float64) {
	perRow := max(1, int((textW-indent+photoGap)/(w+photoGap)))
	for start := 0; start < len(photos); start += perRow {
		row := photos[start:min(start+perRow, len(photos))]
		d.keep(h + 3*captionH + 2)
		y := d.pdf.GetY() + 1
		for i, ph := range row {
			x := margin + indent + float64(i)*(w+photoGap)
			d.photo(ph, start+i+1, x, y, w, h)
		}
		d.pdf.SetXY(margin, y+h+3*captionH+2)
	}
}

// photo draws one thumbnail fitted into its box and the caption under it.
func (d *doc) photo(ph inspection.Photo, n int, x, y, w, h float64) {
	drawn := false
	if d.thumbs != nil {
		if data, err := d.thumbs(ph.SHA256); err == nil {
			drawn = d.image(data, x, y, w, h)
		}
	}
	if !drawn {
		d.pdf.SetDrawColor(160, 160, 160)
		d.pdf.Rect(x, y, w, h, "D")
		d.pdf.SetDrawColor(0, 0, 0)
		d.pdf.SetFont("go", "", 7)
		d.pdf.SetXY(x, y+h/2-captionH)
		d.pdf.MultiCell(w, captionH, "Foto nicht verfügbar – siehe rueckgabe check", "", "C", false)
	}
	d.pdf.SetFont("go", "", 6.5)
	d.pdf.SetXY(x, y+h+0.5)
	d.cell(w, captionH, d.fitted(w, fmt.Sprintf("Foto %d · %s", n, t(ph.Name))), "", 2, "L")
	taken := takenLabel(ph) // "aufgenommen 03.04.2024 10:00 (Dateizeit)", else without "aufgenommen"
	d.cell(w, captionH, d.fitted(w, taken, strings.TrimPrefix(taken, "aufgenommen ")), "", 2, "L")
	d.cell(w, captionH, d.fitted(w, "SHA-256 "+inspection.ShortHash(ph.SHA256)), "", 2, "L")
}

// fitted is the first of a caption line's wordings that fits the w
// millimetres of its photo's box (cell margins aside), else the last cut
// with "…": three photos stand in a row, and a longer line ran into its
// neighbour's ("… (Dateizeit)aufgenommen …").
func (d *doc) fitted(w float64, wordings ...string) string {
	room := w - 2*d.pdf.GetCellMargin()
	width := func(s string) float64 {
		if !needsFallback(s) {
			return d.pdf.GetStringWidth(s)
		}
		size, _ := d.pdf.GetFontSize()
		_, total := d.runWidths(splitRuns(s), d.pdf.GetFontStyle(), size)
		return total
	}
	for _, txt := range wordings {
		if width(txt) <= room {
			return txt
		}
	}
	r := []rune(wordings[len(wordings)-1])
	for len(r) > 1 && width(string(r)+"…") > room {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// image places a JPEG thumbnail centred in its box, at its aspect ratio.
//
// The same protocol must give the same bytes, and every image must be one
// XObject under one name. fpdf (v0.12.0, putimages) writes the image
// objects in Go's map order, sorted by pixel width only — all landscape
// thumbnails are 480 px wide, so their order, and the PDF, changed from
// run to run; and two names whose images are alike (the same thumbnail of
// two photos with the same pixels) gave the resource dictionary one key
// twice ("dictionary has duplicated key /I…" in qpdf --check). So a
// thumbnail is registered once, named by the SHA-256 of its bytes (alike
// thumbnails, and a photo on the car and on a finding, share it), and each
// is given a width distinct from every other's by a fraction of a pixel in
// the order of first use (distinctWidth): fpdf's sort is then total, and
// the PDF still says /Width 480 (fpdf writes the whole pixels).
func (d *doc) image(data []byte, x, y, w, h float64) bool {
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:])
	info, ok := d.images[name]
	if !ok {
		info = d.pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(data))
		if d.pdf.Err() || info == nil {
			d.pdf.ClearError() // a damaged thumbnail is a box saying so, not a failed PDF
			return false
		}
		if err := distinctWidth(info, len(d.images)); err != nil {
			d.pdf.SetError(err)
			return false
		}
		d.images[name] = info
	}
	iw, ih := info.Extent()
	if iw <= 0 || ih <= 0 {
		return false
	}
	scale := min(w/iw, h/ih)
	dw, dh := iw*scale, ih*scale
	d.pdf.ImageOptions(name, x+(w-dw)/2, y+(h-dh)/2, dw, dh, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	return true
}

// distinctWidth adds n millionths of a pixel to an image's width (and so
// gives it another id). fpdf keeps the width unexported; rueckgabe's copy of
// fpdf (third_party/fpdf) has AddToWidth for it, the same as the gob round
// trip of its GobEncode/GobDecode that did it before.
func distinctWidth(info *fpdf.ImageInfoType, n int) error {
	if n == 0 {
		return nil
	}
	info.AddToWidth(float64(n) * 1e-6)
	return nil
}

// takenLabel says when a photo was taken, and from what.
func takenLabel(ph inspection.Photo) string {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05"} {
		at, err := time.Parse(layout, ph.TakenAt)
		if err != nil {
			continue
		}
		if layout == time.RFC3339 {
			at = at.In(localtime.Zone())
		}
		s := at.Format("02.01.2006 15:04")
		if ph.TakenFrom == inspection.PhotoTakenFile {
			s += " (Dateizeit)"
		}
		return "aufgenommen " + s
	}
	return "Aufnahmezeit unbekannt"
}

// protocolPhotos puts the photos of the whole car on a page of their own.
func (d *doc) protocolPhotos(p *inspection.Protocol) {
	if len(p.Evidence) == 0 {
		return
	}
	d.pdf.AddPage()
	d.h2("Fotos zum Fahrzeug")
	d.para("Übersicht, Kilometerstand, Typenschild: jedes Foto ist mit seinem SHA-256 im versiegelten Protokoll festgehalten.")
	d.photoGrid(p.Evidence, protocolPhotoW, protocolPhotoH, 0)
}
