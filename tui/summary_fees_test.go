package tui

import "testing"

// TestSummarySaysWhatAFeeIsFor: F6 explains each fee as the PDF does (the
// schedule and the count) and says what the schedule says the fee is for —
// "Schlüsselverlust" is the paperwork of a new key, the key itself a
// finding.
func TestSummarySaysWhatAFeeIsFor(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d", "f6", "g")
	d.typ("verw")
	d.press("enter")
	d.typ("3")
	d.press("enter")
	d.mustSee("3 × Verwahrung", "laut Gebührenliste akf-servicelease; 3 × 40,00 € je Tag", "Folgekosten des Annahmeverzugs gemäß AVB (pro Tag)")
	d.press("g")
	d.typ("schl")
	d.press("enter")
	d.mustSee("Schlüsselverlust", "Administrativer Aufwand bei Schlüsselverlust")
}
