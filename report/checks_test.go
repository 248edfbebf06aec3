package report

import (
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/inspection"
)

// Issue 30.3 on paper: an unchecked delivery item is "nicht geprüft", never
// 2 / 2; a wheel not measurable says why; "ohne Berechnung" and a factor
// below the criterion's 100 % are printed with their reasons.
func TestPDFPrintsWhatWasNotChecked(t *testing.T) {
	p := example(t)
	p.Tyres.Wheels[2] = inspection.Wheel{Position: "HL", NotMeasurable: "Notrad montiert"}
	p.Findings[3].Costs, p.Findings[3].NoChargeReason = inspection.Costs{}, "Delle bei Übergabe vermerkt"
	p.Findings[1].FactorPercent = decimal.NewNullDecimal(decimal.NewFromInt(50))
	p.Findings[1].OverrideReason = "Steinschlag am Rand, Scheibe zulässig"
	text := flat(pdfText(t, mustPDF(t, p)))
	for _, want := range []string{
		"Fahrzeugschlüssel (zurück / laut Lieferumfang) 1 / 2", "Zulassungsbescheinigung Teil I (zurück / laut Lieferumfang) 1 / 1",
		"Serviceheft (zurück / laut Lieferumfang) nicht geprüft", "Warnweste (zurück / laut Lieferumfang) nicht geprüft",
		"Profiltiefe HL (Minimum 1,6 mm) nicht messbar", "HL nicht messbar, Begründung: Notrad montiert",
		"ohne Berechnung, Begründung: Delle bei Übergabe vermerkt",
		"Abweichung vom Katalog, Begründung: Steinschlag am Rand, Scheibe zulässig",
		"Faktor vom Prüfer gesetzt: 50 % statt 100 % (sicherheitsrelevant)",
	} {
		if !strings.Contains(text, flat(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "vollständig bestätigt") {
		t.Error("an unconfirmed scope is printed as confirmed")
	}
	// "alles vollständig": every item as expected, and it says so
	p = example(t)
	p.Delivery, p.Dismissed, p.AllDelivered = nil, nil, true
	text = flat(pdfText(t, mustPDF(t, p)))
	for _, want := range []string{"Lieferumfang vom Prüfer als vollständig bestätigt", "Fahrzeugschlüssel (zurück / laut Lieferumfang) 2 / 2", "Warnweste (zurück / laut Lieferumfang) 1 / 1"} {
		if !strings.Contains(text, flat(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "nicht geprüft") {
		t.Error("a confirmed scope has an unchecked line")
	}
}

func mustPDF(t *testing.T, p *inspection.Protocol) []byte {
	t.Helper()
	pdf, err := PDF(p, rules, sealedMeta)
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

var spaces = regexp.MustCompile(`\s+`)

// flat is the text without white space: a row's label and value are far
// apart in the layout, and pdftotext drops the spaces around "/".
func flat(s string) string { return spaces.ReplaceAllString(s, "") }
