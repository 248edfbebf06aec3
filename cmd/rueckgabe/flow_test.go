package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

// decodeExport reads a stored protocol through `export --format json`.
func decodeExport(t *testing.T, dir, id string) *inspection.Protocol {
	t.Helper()
	code, doc, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "json")
	if code != 0 {
		t.Fatalf("export %s: %s", id, errOut)
	}
	p, probs := inspection.DecodeDraft([]byte(doc), catalog.MustDefault())
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return p
}

// signedValuation is the signed quote in an exported bundle.
type signedValuation struct {
	Findings []struct {
		Index   int    `json:"index"`
		Charged string `json:"charged"`
		Basis   string `json:"basis"`
	} `json:"findings"`
	Damages struct {
		Charged string `json:"charged"`
	} `json:"damages"`
	Gross string `json:"gross"`
}

func bundleValuation(t *testing.T, file string) signedValuation {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Valuation signedValuation `json:"valuation"`
	}
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	return b.Valuation
}

// Issue 25, "Done when", with the program's commands: the delivery record
// (the guide's Lieferumfang page) starts the handover protocol of a used car
// with two damages, which is sealed; 36 months later the return of the same
// VIN records those two and one new damage and other tyres: import links the
// handover protocol, the differing tyres are proposed (seal refuses until
// dismissed), only the new damage is charged in the signed figures, both
// PDFs say so, verify checks the return against the handover archive. The
// same return in a store without the handover protocol is charged for all
// three and its PDF says the baseline was not available.
func TestDoneWhenHandoverThenReturn36MonthsLater(t *testing.T) {
	rules := catalog.MustDefault()
	dir, out := t.TempDir(), t.TempDir()

	// 1. the handover protocol, from the delivery record file
	code, said, errOut := runCLI(t, "", "--data", dir, "import", filepath.Join("..", "..", "testdata", "delivery-record.json"))
	if code != 0 || !strings.Contains(said, "Übergabeprotokoll aus Lieferumfang") {
		t.Fatalf("import record: %d %s %s", code, said, errOut)
	}
	delID := strings.Fields(said)[1]
	draft := decodeExport(t, dir, delID)
	del := fixture.DeliveryComplete(t, rules) // the handover: a used car with two damages, signed
	del.ID, del.Profile, del.ProfileHash, del.DeliveryRecord = draft.ID, draft.Profile, draft.ProfileHash, draft.DeliveryRecord
	del.Tyres.Wheels = draft.Tyres.Wheels // as the record says: Michelin … R17 on Styling 381
	for i := range del.Tyres.Wheels {
		del.Tyres.Wheels[i].TreadMm = decimal.NewNullDecimal(decimal.RequireFromString("7.0"))
	}
	if _, said := importDoc(t, dir, del); !strings.Contains(said, "updated "+delID) {
		t.Fatalf("the walked-through handover did not update the draft: %s", said)
	}
	if code, o, e := runCLI(t, "", "--data", dir, "seal", delID); code != 0 {
		t.Fatalf("seal handover: %d %s %s", code, o, e)
	}

	// 2. the return, 36 months later: the two damages and a new one, other tyres in front
	ret := returnOf(t, del)
	if months := del.Handover.Date.CompletedMonths(ret.Return.Date); months != 36 {
		t.Fatalf("returned after %d months", months)
	}
	old0, old1 := ret.Findings[0], ret.Findings[1] // Tür hinten links Kratzer, Frontscheibe Steinschlag: as at handover
	newOne := ret.Findings[3]                      // Kotflügel vorn rechts Delle: new
	zero, one := 0, 1
	old0.BaselineFinding, old0.FactorPercent = &zero, decimal.NullDecimal{}
	old1.BaselineFinding = &one
	ret.Findings = []inspection.Finding{old0, old1, newOne}
	for i := range ret.Tyres.Wheels {
		ret.Tyres.Wheels[i].Tyre, ret.Tyres.Wheels[i].Rim = "Michelin Primacy 4 225/45 R17", "Styling 381 7,5J×17"
	}
	ret.Tyres.Wheels[0].Tyre, ret.Tyres.Wheels[1].Tyre = "Hankook Ventus S1 225/45 R17", "Hankook Ventus S1 225/45 R17"
	noBaseline := ret.Clone()
	retID, said := importDoc(t, dir, ret)
	if !strings.Contains(said, "Ausgangslage "+delID+" verknüpft") {
		t.Fatalf("import did not link the handover protocol: %s", said)
	}
	code, _, errOut = runCLI(t, "", "--data", dir, "seal", retID)
	for _, pos := range []string{"VL", "VR"} {
		if !strings.Contains(errOut, "Vorschlag offen: Reifen "+pos+" – abweichend von Auslieferung (Reifen Hankook Ventus S1 225/45 R17 statt Michelin Primacy 4 225/45 R17 bei Auslieferung)") {
			t.Errorf("the tyres on %s are not proposed: %d %s", pos, code, errOut)
		}
	}
	if code != 2 {
		t.Fatalf("sealed with open proposals: %d", code)
	}
	linked := decodeExport(t, dir, retID)
	for _, pos := range []string{"Reifen VL", "Reifen VR"} {
		linked.Dismissed = append(linked.Dismissed, inspection.Dismissal{Rule: "reifen_felgen_radkappen.x8", Part: pos, Reason: "gleichwertige Reifen, vom Leasinggeber freigegeben"})
	}
	inspection.VoidStale(linked, rules)
	for _, r := range []string{inspection.RoleCustomerCondition, inspection.RoleCustomerValuation, inspection.RoleInspector} {
		if err := linked.Sign(rules, inspection.Signature{Role: r, Name: "Erika Mustermann", SignedAt: fixture.SignedAt}); err != nil {
			t.Fatal(err)
		}
	}
	importDoc(t, dir, linked)
	if code, o, e := runCLI(t, "", "--data", dir, "seal", retID); code != 0 {
		t.Fatalf("seal return: %d %s %s", code, o, e)
	}
	if code, _, e := runCLI(t, "", "--data", dir, "export", "--pending", "-o", out); code != 0 {
		t.Fatal(e)
	}

	// 3. only the new damage is charged, in the signed figures
	v := bundleValuation(t, filepath.Join(out, retID+".bundle.json"))
	if len(v.Findings) != 3 {
		t.Fatalf("valuation %+v", v)
	}
	for i, want := range []string{"pre_existing", "pre_existing"} {
		if v.Findings[i].Basis != want || v.Findings[i].Charged != "0.00" {
			t.Errorf("damage %d present at handover: basis %s charged %s", i, v.Findings[i].Basis, v.Findings[i].Charged)
		}
	}
	if v.Findings[2].Charged == "0.00" || v.Damages.Charged != v.Findings[2].Charged {
		t.Errorf("damages %s, the new one %s: only the new one is charged", v.Damages.Charged, v.Findings[2].Charged)
	}
	if dv := bundleValuation(t, filepath.Join(out, delID+".bundle.json")); dv.Gross != "0.00" {
		t.Errorf("the handover protocol charges %s", dv.Gross)
	}

	// 4. both PDFs say so
	if text := flat(pdfText(t, filepath.Join(out, delID+".pdf"))); text != "" {
		for _, want := range []string{"Übergabeprotokoll", "Lieferumfang laut Auslieferungsnachweis", "PLWSW Leder Boston Schwarz", "Übergabedatum", "bei Auslieferung vorhanden", "keine Bewertung"} {
			if !strings.Contains(text, want) {
				t.Errorf("the handover PDF lacks %q", want)
			}
		}
	}
	if text := flat(pdfText(t, filepath.Join(out, retID+".pdf"))); text != "" {
		for _, want := range []string{"Rücknahmeprotokoll", "Ausgangslage: Übergabeprotokoll " + delID, "2 bei Auslieferung vorhandene Schäden",
			"bei Auslieferung vorhanden → nicht berechnet", "erneut erfasst, nicht berechnet",
			"Vorschlag nicht übernommen: Reifen VL – abweichend von Auslieferung", "Hankook Ventus S1"} {
			if !strings.Contains(text, want) {
				t.Errorf("the return PDF lacks %q", want)
			}
		}
	}

	// 5. verify checks the return against the handover archive beside it
	key := deviceKeyFile(t, dir)
	if code, o, e := runCLI(t, "", "verify", out, "--trust", key); code != 0 || !strings.Contains(o, "baseline "+delID+" checked") {
		t.Fatalf("verify: %d %s %s", code, o, e)
	}

	// 6. without the handover protocol: all three charged, the PDF says why
	other := t.TempDir()
	noBaseline.Findings[0].BaselineFinding, noBaseline.Findings[1].BaselineFinding = nil, nil
	otherID, said := importDoc(t, other, noBaseline)
	if strings.Contains(said, "verknüpft") {
		t.Fatal("linked a handover protocol that is not there")
	}
	code, quote, errOut := runCLI(t, mustEncode(t, decodeExport(t, other, otherID)), "quote", "-")
	if code != 0 || strings.Contains(quote, "pre_existing") {
		t.Fatalf("quote without baseline: %d %s %s", code, quote, errOut)
	}
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	if code, _, e := runCLI(t, "", "--data", other, "export", otherID, "--format", "pdf", "-o", pdf); code != 0 {
		t.Fatal(e)
	}
	if text := flat(pdfText(t, pdf)); text != "" && !strings.Contains(text, "Ausgangslage: kein Übergabeprotokoll verfügbar") {
		t.Errorf("the PDF does not say the baseline was not available:\n%.600s", text)
	}
}

// flat is text with every run of white space one space: a PDF line break
// falls where the width does.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
