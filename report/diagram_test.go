package report

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/shopspring/decimal"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

// placed is the example protocol with its findings located on the car and
// n−len more, spread over the panels of every view.
func placed(t testing.TB, n int) *inspection.Protocol {
	p := fixture.FullExample(t, rules)
	p.Completed = rules.Catalogue.CategoryIDs()
	o := inspection.Outline(p)
	for i := range p.Findings { // each where its part is drawn
		p.Findings[i].Location = &inspection.Location{View: "interior", Panel: "bodenbelag"}
	find:
		for _, v := range o.Views {
			for _, pn := range v.Panels {
				for _, part := range pn.Parts {
					if part == p.Findings[i].Part {
						p.Findings[i].Location = &inspection.Location{View: v.ID, Panel: pn.ID}
						break find
					}
				}
			}
		}
	}
	d, paint := decimal.RequireFromString("0.5"), false
	p.Findings[0].Measurements = &inspection.Measurements{DepthMm: decimal.NewNullDecimal(d), PaintDamaged: &paint}
	for k := 0; len(p.Findings) < n; k++ {
		v := &o.Views[k%len(o.Views)]
		pn := &v.Panels[(k/len(o.Views))%len(v.Panels)]
		f := p.Findings[k%4]
		f.Location = &inspection.Location{View: v.ID, Panel: pn.ID}
		f.Evidence = nil
		p.Findings = append(p.Findings, f)
	}
	return p
}

// The first page draws the car with every located finding's number where
// the finding is, and lists them beside it; the numbers are the findings'.
func TestPDFDiagramMarksEveryFindingWhereItIs(t *testing.T) {
	p := placed(t, 12)
	p.Findings[11].Part = "Kotflügel vorn rechts mit einer sehr langen Bezeichnung des Bauteils laut Katalog des Herstellers"
	pdf, err := PDF(p, rules, sealedMeta)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("DIAGRAM_PDF") != "" {
		_ = os.WriteFile(os.Getenv("DIAGRAM_PDF"), pdf, 0o644)
	}
	words := pdfWords(t, pdf)
	// where the layout put each view on page one
	var heading *pdfWord
	for i := range words {
		if words[i].page == 1 && words[i].Text == "Schäden" {
			heading = &words[i]
			break
		}
	}
	if heading == nil {
		t.Fatal("no diagram heading on the first page")
	}
	const pt = 72 / 25.4
	o := inspection.Outline(p)
	top := heading.YMax/pt + 1.5 + 1 // h2: the heading's cell, its rule and the gap
	views, _ := diagramLayout(o, margin, top)
	for i := range p.Findings {
		l := p.Findings[i].Location
		var pv *placedView
		for k := range views {
			if views[k].view.ID == l.View {
				pv = &views[k]
			}
		}
		pn, _ := pv.view.Panel(l.Panel)
		x, y := pv.pagePoint(pn.Centre())
		want := strconv.Itoa(i + 1)
		found := false
		for _, w := range words {
			cx, cy := (w.XMin+w.XMax)/2/pt, (w.YMin+w.YMax)/2/pt
			if w.page == 1 && w.Text == want && abs(cx-x) < 1.5 && abs(cy-y) < 2.5 {
				found = true
			}
		}
		if !found {
			t.Errorf("finding %d (%s/%s): no marker %q near %.1f,%.1f mm on page 1", i+1, l.View, l.Panel, want, x, y)
		}
	}
	const right = (pageW - margin) / 25.4 * 72
	for _, w := range words {
		if w.XMax > right+0.5 {
			t.Errorf("page %d: %q ends at %.1f pt, past the right margin at %.1f", w.page, w.Text, w.XMax, right)
		}
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Schäden am Fahrzeug (Limousine)", "Nr. 1 ", "Nr. 12 ", "1 Tür hinten links · nicht akzeptabel",
		"Ort: Links · Tür hinten links", "Messung: Tiefe 0,5 mm, Lack unbeschädigt"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// without a location nothing changes: no diagram, no numbers
	plain, _ := PDF(example(t), rules, sealedMeta)
	if pt := pdfText(t, plain); strings.Contains(pt, "Schäden am Fahrzeug") || strings.Contains(pt, "Nr. 1 ") {
		t.Error("a protocol without locations got a diagram")
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// BenchmarkPDFDiagramPage: the first page's diagram with 50 markers — the
// drawing, the markers and the list on a page of its own, written out.
func BenchmarkPDFDiagramPage(b *testing.B) {
	p := placed(b, 50)
	b.ReportAllocs()
	for b.Loop() {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.SetCompression(true)
		pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
		pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
		pdf.SetMargins(margin, margin, margin)
		pdf.AddPage()
		d := &doc{pdf: pdf, rules: rules, families: map[string]bool{}}
		d.diagram(p)
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDFWith50Markers: the whole customer's copy of a protocol with 50
// located findings.
func BenchmarkPDFWith50Markers(b *testing.B) {
	p := placed(b, 50)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PDF(p, rules, sealedMeta); err != nil {
			b.Fatal(err)
		}
	}
}

// A return against its handover protocol draws the damage recorded at
// handover as a dashed ring on its panel, says so beside the drawing, and
// does so even when no finding of the return is placed.
func TestPDFDiagramDrawsTheHandoversDamage(t *testing.T) {
	p := example(t)
	p.Baseline = &inspection.Baseline{ID: "UEB-1", SealHash: strings.Repeat("5e", 32), Date: p.Vehicle.FirstRegistration,
		Findings: []inspection.BaselineDamage{{Category: "lackierung", Part: "Tür vorn links", Damage: "Kratzer"}}}
	pdf, err := PDF(p, rules, sealedMeta)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("DIAGRAM_PDF") != "" {
		_ = os.WriteFile(os.Getenv("DIAGRAM_PDF"), pdf, 0o644)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Schäden am Fahrzeug (Limousine)", "gestrichelter Ring: bei Auslieferung vorhanden"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// a part no panel shows draws nothing: no diagram for it
	p.Baseline.Findings[0].Part = "Bordwerkzeug"
	pdf, _ = PDF(p, rules, sealedMeta)
	if strings.Contains(pdfText(t, pdf), "Schäden am Fahrzeug") {
		t.Error("a diagram for a damage no panel shows")
	}
}
