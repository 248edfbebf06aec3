package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/money"
)

var rules = catalog.MustDefault()

func example(t *testing.T) *inspection.Protocol {
	p := fixture.FullExample(t, rules)
	p.Completed = rules.Catalogue.CategoryIDs()
	p.Signatures = []inspection.Signature{{Role: inspection.RoleCustomerCondition, Name: "Erika Mustermann",
		SignedAt: time.Date(2024, 4, 3, 10, 20, 0, 0, time.UTC), Strokes: [][][2]int{{{0, 500}, {300, 200}, {600, 800}, {1000, 400}}}}}
	p.Dispute = &inspection.Dispute{Comment: "Kratzer war bei Übergabe schon da", Experts: []string{"DEKRA", "TÜV Süd"}, Chosen: "TÜV Süd", Findings: []int{0}}
	return p
}

var sealedMeta = Meta{ID: "20240403T101500Z-ab12", Sealed: true, At: time.Date(2024, 4, 3, 10, 30, 0, 0, time.UTC),
	KeyID: "0123456789abcdef", Hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}

func TestSameProtocolSameBytes(t *testing.T) {
	a, err := PDF(example(t), rules, sealedMeta)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := PDF(example(t), rules, sealedMeta)
	if !bytes.Equal(a, b) || !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Fatal("the same protocol gave different bytes")
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (Debian: poppler-utils)")
	}
	f := t.TempDir() + "/p.pdf"
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestPDFContainsTheProtocol(t *testing.T) {
	t.Setenv("TZ", "") // Europe/Berlin
	pdf, err := PDF(example(t), rules, sealedMeta)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{
		"Rücknahmeprotokoll", "M-AB 1234", "WBAUL91000VF71552", "Erika Mustermann", "Musterweg 1, 80331 München",
		"L-2021-0042 (Kilometervertrag)", "03.04.2024", "62.501 km",
		"Voraussetzungen für eine objektive Beurteilung", "NICHT erfüllt",
		"Lackierung", "Kriterium: bis auf die Grundlackierung gehende Kratzer und Lackabplatzer", "Lackierung — nicht akzeptabel",
		"Kosten 290,42 € × Anteil 45 %", "130,69 €", "Stoßfänger", "akzeptabel", "Interieur", "keine Befunde",
		"Profiltiefe VL", "Fahrzeugschlüssel", "Freigrenze 2.500 km überschritten", "212,59 €", "34,99 €", "Schlüsselverlust",
		"Netto", "577,27 €", "MwSt. 19 % auf 297,58 €", "56,54 €", "Brutto", "633,81 €", "· o. USt", "Mehr-/Minderkilometer · USt",
		"Kunde: Einigung über Fahrzeugzustand und Fahrzeugausstattung", "Erika Mustermann, 03.04.2024 12:20 CEST",
		"bmw-fs-de@1", "Prüfer", "Max Prüfer", "Autohaus", "Autohaus Beispiel GmbH, München", "Ursache: Fremdeinwirkung (Parkschaden)",
		"Vorschlag nicht übernommen: Fahrzeugschlüssel", "Begründung: Zweitschlüssel wird als",
		"Keine Einigung über die Minderwerte", "TÜV Süd", "vom Kunden bestritten",
		"0123456789abcdef", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "rueckgabe verify",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "ENTWURF") {
		t.Error("a sealed protocol is marked ENTWURF")
	}
	// issue 23: the dealer surcharge of a dispute is not the customer's
	// matter (it stays in the bundle's valuation and the report)
	for _, not := range []string{"Zuschlag an das Autohaus", "925,00 €"} {
		if strings.Contains(text, not) {
			t.Errorf("the customer's copy prints the dealer surcharge (%q)", not)
		}
	}
	// the km explanation follows its own line, not the damages
	km, damages, step := strings.Index(text, "Mehr-/Minderkilometer"), strings.Index(text, "Minderwerte (Reparaturkosten"), strings.Index(text, "Freigrenze 2.500 km überschritten")
	if !(damages < km && km < step) {
		t.Errorf("the km explanation (at %d) is not under Mehr-/Minderkilometer (at %d, Minderwerte at %d)", step, km, damages)
	}
}

func TestDraftIsMarkedAndTextIsSanitised(t *testing.T) {
	p := example(t)
	p.Customer.Name = "Erika \x1b[31mMustermann\u202e"
	pdf, err := PDF(p, rules, Meta{ID: "draft-1", At: time.Date(2024, 4, 3, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	if !strings.Contains(text, "ENTWURF") || !strings.Contains(text, "Erika Mustermann") {
		t.Errorf("draft PDF:\n%s", text[:min(len(text), 400)])
	}
	if strings.ContainsAny(text, "\x1b\u202e") {
		t.Error("control or bidi characters reached the PDF")
	}
}

func BenchmarkPDF(b *testing.B) {
	for _, c := range []struct{ name, customer string }{{"latin", ""}, {"cjk-hebrew-arabic", "王小明 · 김민준 · דוד כהן · محمد عبد الله"}} {
		b.Run(c.name, func(b *testing.B) {
			p := fixture.FullExample(b, rules)
			if c.customer != "" {
				p.Customer.Name = c.customer
			}
			for b.Loop() {
				if _, err := PDF(p, rules, sealedMeta); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Issue 10 §9: blocks stay together however the pages fall — a category
// heading never ends a page, the totals ("Netto" … "Brutto") share a page,
// a finding's lines are not split.
func TestPDFKeepsBlocksTogether(t *testing.T) {
	names := map[string]bool{}
	for _, c := range rules.Catalogue.Categories {
		names[c.Name] = true
	}
	for extra := 0; extra < 40; extra += 2 { // the many ways the page breaks can fall
		p := example(t)
		for i := range extra {
			f := p.Findings[0]
			f.Part = fmt.Sprintf("Teil %d", i)
			p.Findings = append(p.Findings, f)
		}
		pdf, err := PDF(p, rules, sealedMeta)
		if err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(pdfText(t, pdf), "\f")
		for n, page := range pages {
			var lines []string
			for _, l := range strings.Split(page, "\n") {
				if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "Rücknahmeprotokoll 2024") {
					lines = append(lines, l)
				}
			}
			if len(lines) == 0 {
				continue
			}
			if last := lines[len(lines)-1]; names[last] {
				t.Errorf("%d extra findings: page %d ends with the heading %q", extra, n+1, last)
			}
			if strings.HasPrefix(lines[0], "Kosten ") || strings.HasPrefix(lines[0], "Kriterium:") {
				t.Errorf("%d extra findings: page %d starts inside a finding: %q", extra, n+1, lines[0])
			}
			if strings.Contains(page, "Brutto") && !strings.Contains(page, "Netto") {
				t.Errorf("%d extra findings: Brutto on page %d without the rest of the totals", extra, n+1)
			}
		}
	}
}

// A draft without the return odometer settles no km: the PDF says the
// reading is missing instead of an amount, and the totals carry no credit
// for every agreed km.
func TestDraftWithoutOdometerSettlesNoKm(t *testing.T) {
	p := example(t)
	p.Return.OdometerKm = 0
	before := inspection.Value(p, rules)
	if !before.Km.NoReading || !before.Km.Amount.IsZero() {
		t.Fatalf("valuation settles km without a reading: %s %v", before.Km.Amount, before.Km.Steps)
	}
	pdf, err := PDF(p, rules, Meta{ID: "draft-1", At: time.Date(2024, 4, 3, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"km-Stand fehlt", inspection.ExplainNoReading, "Brutto", money.Euro(before.Gross)} {
		if !strings.Contains(text, want) {
			t.Errorf("draft PDF without odometer lacks %q", want)
		}
	}
	if strings.Contains(text, "Abweichung") || strings.Contains(text, "Minder-km") {
		t.Errorf("draft PDF without odometer settles km:\n%s", text)
	}
	if got := strings.Fields(text[strings.Index(text, "03.04.2024"):])[1]; got != "fehlt" { // the reading's cell, after the return date's
		t.Errorf("the return odometer reads %q, want fehlt", got)
	}
}
