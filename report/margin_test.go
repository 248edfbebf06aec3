package report

import (
	"encoding/xml"
	"os"
	"os/exec"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/inspection"
)

// Issue 23: no text of the customer's copy runs past the right margin or
// over another word on its line (pdftotext's word boxes). The dispute with
// an expert's cost has the longest fee line: the customer's half of the
// report, which ran over its own amount.
func TestPDFTextStaysInsideTheMargins(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (Debian: poppler-utils)")
	}
	disputed := example(t)
	disputed.Dispute.ExpertCost = decimal.NewNullDecimal(decimal.RequireFromString("612.50"))
	long := example(t)
	long.Findings[0].Part = "Tür hinten links mit einer sehr langen Bezeichnung des Bauteils laut Katalog des Herstellers"
	long.Fees = append(long.Fees, inspection.Fee{Label: "Verwahrung des Fahrzeugs beim Autohaus bis zur Abholung durch den Leasinggeber", Amount: decimal.NewNullDecimal(decimal.RequireFromString("40"))})
	for name, p := range map[string]*inspection.Protocol{"dispute": disputed, "long labels": long} {
		pdf, err := PDF(p, rules, sealedMeta)
		if err != nil {
			t.Fatal(err)
		}
		words := pdfWords(t, pdf)
		if len(words) < 100 {
			t.Fatalf("%s: only %d words read", name, len(words))
		}
		const right = (pageW - margin) / 25.4 * 72 // points
		for i, w := range words {
			if w.XMax > right+0.5 {
				t.Errorf("%s: page %d: %q ends at %.1f pt, past the right margin at %.1f", name, w.page, w.Text, w.XMax, right)
			}
			for _, o := range words[i+1:] {
				if o.page == w.page && o.YMin < w.YMax-1 && w.YMin < o.YMax-1 && o.XMin < w.XMax-0.5 && w.XMin < o.XMax-0.5 {
					t.Errorf("%s: page %d: %q and %q overlap", name, w.page, w.Text, o.Text)
				}
			}
		}
	}
}

type pdfWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
	page int
}

// pdfWords are the words of a PDF with their boxes in points.
func pdfWords(t *testing.T, pdf []byte) []pdfWord {
	f := t.TempDir() + "/p.pdf"
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Pages []struct {
			Words []pdfWord `xml:"word"`
		} `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var words []pdfWord
	for n, p := range doc.Pages {
		for _, w := range p.Words {
			w.page = n + 1
			words = append(words, w)
		}
	}
	return words
}
