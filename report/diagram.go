package report

import (
	"fmt"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// The first page's damage diagram: the car's outline as vector drawing, one
// drawing per view, each located finding a numbered marker — a filled disc
// for not acceptable, a ring for acceptable (the shape says it, printed in
// black and white too) — and beside it the numbered list. The numbers are
// the findings' numbers in "Befunde nach Kategorien" (index + 1).

// Where the diagram's views go, in mm from the block's top left corner:
// two columns of the real proportions.
const (
	diagramColW  = 55.0
	diagramGap   = 3.0
	diagramCapH  = 3.2 // a view's caption
	diagramListX = 2*diagramColW + diagramGap + 5
	markerR      = 1.9
)

// placedView is a view's drawing box on the page.
type placedView struct {
	view       *catalog.View
	x, y, w, h float64
}

// diagramLayout places the views of an outline in two columns below top,
// starting at left; it returns the boxes and the block's height.
func diagramLayout(o *catalog.Outline, left, top float64) ([]placedView, float64) {
	height := func(id string, w float64) float64 {
		v, _ := o.View(id)
		return w * float64(v.HeightMm) / float64(v.WidthMm)
	}
	var out []placedView
	place := func(id string, x, y, w float64) float64 {
		v, ok := o.View(id)
		if !ok {
			return 0
		}
		h := height(id, w)
		out = append(out, placedView{view: v, x: x, y: y + diagramCapH, w: w, h: h})
		return diagramCapH + h + 1.5
	}
	// column one: top, left side, front and rear side by side
	y := top
	y += place(catalog.ViewTop, left, y, diagramColW)
	y += place(catalog.ViewLeft, left, y, diagramColW)
	half := (diagramColW - diagramGap) / 2
	a := place(catalog.ViewFront, left, y, half)
	b := place(catalog.ViewRear, left+half+diagramGap, y, half)
	y += max(a, b)
	// column two: interior, right side
	x2 := left + diagramColW + diagramGap
	y2 := top
	y2 += place(catalog.ViewInterior, x2, y2, diagramColW)
	y2 += place(catalog.ViewRight, x2, y2, diagramColW)
	return out, max(y, y2) - top
}

// pagePoint is view point (x, y) on the page.
func (pv placedView) pagePoint(x, y float64) (float64, float64) {
	return pv.x + x*pv.w/1000, pv.y + y*pv.h/1000
}

// hasLocations reports whether any finding is placed on the car.
func hasLocations(p *inspection.Protocol) bool {
	for i := range p.Findings {
		if p.Findings[i].Location != nil {
			return true
		}
	}
	return false
}

// baselineDrawn: the handover protocol's damage is on a panel of the car.
func baselineDrawn(p *inspection.Protocol, o *catalog.Outline) bool {
	for i := range o.Views {
		if len(inspection.BaselinePanels(p, &o.Views[i])) > 0 {
			return true
		}
	}
	return false
}

// diagram draws the block when any finding is placed on the car, or a
// damage the handover protocol recorded is on one of its panels.
func (d *doc) diagram(p *inspection.Protocol) {
	o := inspection.Outline(p)
	prev := baselineDrawn(p, o)
	if !hasLocations(p) && !prev {
		return
	}
	d.h2("Schäden am Fahrzeug (" + o.Title + ")")
	pdf := d.pdf
	top := pdf.GetY()
	views, h := diagramLayout(o, margin, top)
	d.keep(h)
	if pdf.GetY() != top { // a new page: lay out again below its top
		top = pdf.GetY()
		views, h = diagramLayout(o, margin, top)
	}
	pdf.SetLineWidth(0.15)
	for _, pv := range views {
		pdf.SetFont("go", "", 6.5)
		pdf.SetTextColor(80, 80, 80)
		pdf.Text(pv.x, pv.y-0.9, catalog.ViewLabels[pv.view.ID])
		for i := range pv.view.Panels {
			pn := &pv.view.Panels[i]
			pts := make([]fpdf.PointType, len(pn.Polygon))
			for j, pt := range pn.Polygon {
				pts[j].X, pts[j].Y = pv.pagePoint(float64(pt[0]), float64(pt[1]))
			}
			pdf.SetDrawColor(110, 110, 110)
			pdf.SetFillColor(255, 255, 255)
			pdf.Polygon(pts, "FD") // filled white: a later panel covers what it lies on
		}
	}
	pdf.SetTextColor(0, 0, 0)
	pdf.SetDrawColor(0, 0, 0)
	for _, pv := range views {
		// the handover's damage: a grey ring on its panel, under the markers
		pdf.SetDrawColor(120, 120, 120)
		pdf.SetLineWidth(0.3)
		for _, pn := range inspection.BaselinePanels(p, pv.view) {
			x, y := pv.pagePoint(pn.Centre())
			pdf.SetDashPattern([]float64{0.6, 0.5}, 0)
			pdf.Circle(x, y, markerR+1.2, "D")
			pdf.SetDashPattern(nil, 0)
		}
		pdf.SetDrawColor(0, 0, 0)
		for _, m := range inspection.Markers(p, pv.view) {
			x, y := pv.pagePoint(m.X, m.Y)
			d.marker(x, y, m.N, m.Acceptable)
		}
	}
	d.diagramList(p, margin+diagramListX, top, h, prev)
	pdf.SetY(top + h)
	pdf.SetFont("go", "", 9)
	pdf.SetTextColor(0, 0, 0)
}

// marker draws a finding's number in a disc (not acceptable) or a ring
// (acceptable).
func (d *doc) marker(x, y float64, n int, acceptable bool) {
	pdf := d.pdf
	label := strconv.Itoa(n)
	size := 6.0
	if n >= 100 {
		size = 4.8
	}
	pdf.SetFont("go", "B", size)
	pdf.SetLineWidth(0.25)
	if acceptable {
		pdf.SetFillColor(255, 255, 255)
		pdf.SetDrawColor(0, 110, 0)
		pdf.Circle(x, y, markerR, "FD")
		pdf.SetTextColor(0, 90, 0)
	} else {
		pdf.SetFillColor(170, 0, 0)
		pdf.SetDrawColor(170, 0, 0)
		pdf.Circle(x, y, markerR, "FD")
		pdf.SetTextColor(255, 255, 255)
	}
	w := pdf.GetStringWidth(label)
	pdf.Text(x-w/2, y+size*0.352/2*0.72, label) // pt to mm, baseline at the digits' middle
	pdf.SetTextColor(0, 0, 0)
	pdf.SetDrawColor(0, 0, 0)
}

// diagramList is the numbered list beside the drawing: as many lines as its
// height holds, then where the rest are.
func (d *doc) diagramList(p *inspection.Protocol, x, top, h float64, prev bool) {
	pdf := d.pdf
	const rowH = 3.3
	w := margin + textW - x
	rows := int(h / rowH)
	if prev { // the last row says what the grey rings are
		pdf.SetFont("go", "", 7)
		pdf.SetTextColor(90, 90, 90)
		legend := "gestrichelter Ring: bei Auslieferung vorhanden (Übergabeprotokoll)"
		if pdf.GetStringWidth(legend) > w {
			legend = "gestrichelter Ring: bei Auslieferung vorhanden"
		}
		pdf.Text(x, top+2.5+float64(rows-1)*rowH, legend)
		pdf.SetTextColor(0, 0, 0)
		rows--
	}
	pdf.SetFont("go", "", 7)
	y := top + 2.5
	var placed []int
	for i := range p.Findings {
		if p.Findings[i].Location != nil {
			placed = append(placed, i)
		}
	}
	for k, i := range placed {
		if k == rows-1 && len(placed) > rows {
			pdf.Text(x, y, fmt.Sprintf("… und %d weitere (unter „Befunde“)", len(placed)-k))
			return
		}
		f := &p.Findings[i]
		verdict := "nicht akzeptabel"
		if f.Acceptable {
			verdict = "akzeptabel"
		}
		line := fmt.Sprintf("%d  %s · %s", i+1, t(f.Part), verdict)
		for pdf.GetStringWidth(line) > w && len([]rune(line)) > 4 {
			r := []rune(line)
			line = string(r[:len(r)-2]) + "…"
		}
		pdf.Text(x, y, line)
		y += rowH
	}
}

// placeText is where a finding is on the car and what was measured:
// "Ort: Links · Tür hinten links · Messung: Länge 25 mm, Grundierung sichtbar".
func (d *doc) placeText(f *inspection.Finding) string {
	var parts []string
	if l := f.Location; l != nil && d.outline != nil {
		where := catalog.ViewLabels[l.View]
		if pn, ok := d.outline.Panel(l.View, l.Panel); ok {
			where += " · " + pn.Name
		}
		parts = append(parts, "Ort: "+where)
	}
	if m := inspection.MeasurementsText(f.Measurements); m != "" {
		parts = append(parts, "Messung: "+m)
	}
	return strings.Join(parts, " · ")
}
