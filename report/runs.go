package report

import (
	"strings"
	"unicode"
)

// run is a stretch of drawn text that one font family draws.
type run struct{ family, text string }

// splitRuns cuts text by the family that draws each character; spaces and
// marks stay with the run they are in.
func splitRuns(s string) []run {
	var out []run
	for _, r := range s {
		fam := familyOf(r)
		if fam == "" || unicode.IsSpace(r) || isMark(r) {
			fam = "" // goes with its neighbour
		}
		switch {
		case len(out) == 0:
			if fam == "" {
				fam = "go"
			}
			out = append(out, run{fam, string(r)})
		case fam == "" || fam == out[len(out)-1].family:
			out[len(out)-1].text += string(r)
		default:
			out = append(out, run{fam, string(r)})
		}
	}
	return out
}

// needsFallback: s has a character only a fallback font draws.
func needsFallback(s string) bool {
	for _, r := range s {
		if r >= 0x80 && !unicode.IsSpace(r) && familyOf(r) != "go" && familyOf(r) != "" {
			return true
		}
	}
	return false
}

// useFamily registers a fallback family in a style the first time a PDF
// draws with it (a PDF that needs none is as it was: the same bytes for the
// same protocol). The fallback fonts have one cut, registered as the bold
// one too when bold text needs it; each registration parses the font.
func (d *doc) useFamily(family, style string) {
	if family == "go" || d.families[family+"/"+style] {
		return
	}
	d.pdf.AddUTF8FontFromBytes(family, style, faceTTF(family))
	d.families[family+"/"+style] = true
}

// cell draws text like fpdf's CellFormat (no fill, no link); text with
// characters of a fallback font is drawn run by run in its fonts.
func (d *doc) cell(w, h float64, txt, border string, ln int, align string) {
	if !needsFallback(txt) {
		d.pdf.CellFormat(w, h, txt, border, ln, align, false, 0, "")
		return
	}
	// the border first: it may break the page, which moves the cell
	d.pdf.CellFormat(w, h, "", border, 0, "", false, 0, "")
	x, y := d.pdf.GetX()-w, d.pdf.GetY()
	fam, style := d.pdf.GetFontFamily(), d.pdf.GetFontStyle()
	size, _ := d.pdf.GetFontSize()
	rs := splitRuns(txt)
	widths, total := d.runWidths(rs, style, size)
	cm := d.pdf.GetCellMargin()
	pos := x + cm
	switch {
	case strings.HasPrefix(align, "R"):
		pos = x + w - cm - total
	case strings.HasPrefix(align, "C"):
		pos = x + (w-total)/2
	}
	d.pdf.SetCellMargin(0)
	for i, r := range rs {
		d.pdf.SetFont(r.family, style, size)
		d.pdf.SetXY(pos, y)
		d.pdf.CellFormat(widths[i], h, r.text, "", 0, "L", false, 0, "")
		pos += widths[i]
	}
	d.pdf.SetCellMargin(cm)
	d.pdf.SetFont(fam, style, size)
	switch ln {
	case 1:
		left, _, _, _ := d.pdf.GetMargins()
		d.pdf.SetXY(left, y+h)
	case 2:
		d.pdf.SetXY(x, y+h)
	default:
		d.pdf.SetXY(x+w, y)
	}
}

// runWidths measures each run in its font.
func (d *doc) runWidths(rs []run, style string, size float64) ([]float64, float64) {
	fam := d.pdf.GetFontFamily()
	widths := make([]float64, len(rs))
	total := 0.0
	for i, r := range rs {
		d.useFamily(r.family, style)
		d.pdf.SetFont(r.family, style, size)
		widths[i] = d.pdf.GetStringWidth(r.text)
		total += widths[i]
	}
	d.pdf.SetFont(fam, style, size)
	return widths, total
}

// multi draws text wrapped into lines of width w, like fpdf's MultiCell;
// text with fallback characters is wrapped here (at spaces, and between
// CJK characters, which need none) and drawn line by line.
func (d *doc) multi(w, h float64, txt, align string) {
	if !needsFallback(txt) {
		d.pdf.MultiCell(w, h, txt, "", align, false)
		return
	}
	style := d.pdf.GetFontStyle()
	size, _ := d.pdf.GetFontSize()
	x := d.pdf.GetX()
	room := w - 2*d.pdf.GetCellMargin()
	for _, para := range strings.Split(txt, "\n") {
		for _, line := range d.wrap(para, room, style, size) {
			d.pdf.SetX(x)
			d.cell(w, h, line, "", 2, align)
		}
	}
	left, _, _, _ := d.pdf.GetMargins()
	d.pdf.SetX(left)
}

// wrap breaks a paragraph into lines no wider than room.
func (d *doc) wrap(para string, room float64, style string, size float64) []string {
	var lines []string
	line := ""
	for _, tok := range tokens(para) {
		next := line + tok
		if _, wd := d.runWidths(splitRuns(next), style, size); wd > room && strings.TrimSpace(line) != "" {
			lines = append(lines, strings.TrimRight(line, " "))
			next = strings.TrimLeft(tok, " ")
		}
		line = next
	}
	return append(lines, strings.TrimRight(line, " "))
}

// tokens cuts a paragraph where a line may break: before a space-separated
// word, and around each CJK character.
func tokens(s string) []string {
	var out []string
	cur := ""
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r):
			if cur != "" {
				out = append(out, cur)
			}
			out, cur = append(out, string(r)), ""
		case r == ' ' && strings.TrimSpace(cur) != "":
			out, cur = append(out, cur), " "
		default:
			cur += string(r)
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}
