package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

// importDoc imports a protocol through the CLI and returns its id and stdout.
func importDoc(t *testing.T, dir string, p *inspection.Protocol) (string, string) {
	t.Helper()
	doc, err := inspection.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, string(doc), "--data", dir, "import", "-")
	if code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	m := regexp.MustCompile(`(?m)^(?:imported|updated) (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("import said %q", out)
	}
	return m[1], out
}

// deviceKeyFile writes the store's public key to a file for --trust.
func deviceKeyFile(t *testing.T, dir string) string {
	t.Helper()
	code, out, errOut := runCLI(t, "", "--data", dir, "key")
	if code != 0 {
		t.Fatalf("key: %s", errOut)
	}
	f := filepath.Join(t.TempDir(), "device.pem")
	if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// returnOf is the full example made complete, as the return of the handover
// fixture's car: same first registration and odometer at delivery.
func returnOf(t *testing.T, del *inspection.Protocol) *inspection.Protocol {
	p := fixture.Complete(t, catalog.MustDefault())
	p.Vehicle.FirstRegistration = del.Vehicle.FirstRegistration
	p.Vehicle.DeliveryOdometerKm = del.Vehicle.DeliveryOdometerKm
	return p
}

// Issue 25, sealing and linking: a handover protocol seals like a return;
// importing a return of the same VIN links it as the baseline and says so;
// the return's seal covers the baseline's seal hash; verify checks the
// baseline against the handover archive beside it or given with --baseline,
// says when it is not at hand, and refuses one that does not match.
func TestHandoverSealsAndTheReturnIsCheckedAgainstIt(t *testing.T) {
	rules := catalog.MustDefault()
	dir, out := t.TempDir(), t.TempDir()
	del := fixture.DeliveryComplete(t, rules)
	delID, _ := importDoc(t, dir, del)
	if code, o, e := runCLI(t, "", "--data", dir, "seal", delID); code != 0 {
		t.Fatalf("seal handover: %d %s %s", code, o, e)
	}
	ret := returnOf(t, del)
	zero, one := 0, 1
	ret.Findings[0].BaselineFinding, ret.Findings[1].BaselineFinding = &zero, &one
	ret.Findings[0].FactorPercent = decimal.NullDecimal{} // "vorhanden": not charged
	retID, said := importDoc(t, dir, ret)
	if !strings.Contains(said, "Ausgangslage "+delID+" verknüpft") || !strings.Contains(said, "2 Vorschäden") {
		t.Fatalf("import does not say it linked the handover protocol:\n%s", said)
	}
	if code, o, e := runCLI(t, "", "--data", dir, "seal", retID); code != 0 {
		t.Fatalf("seal return: %d %s %s", code, o, e)
	}
	if code, o, e := runCLI(t, "", "--data", dir, "export", "--pending", "-o", out); code != 0 {
		t.Fatalf("export: %d %s %s", code, o, e)
	}
	bundle, _ := os.ReadFile(filepath.Join(out, retID+".bundle.json"))
	delBundle, _ := os.ReadFile(filepath.Join(out, delID+".bundle.json"))
	delHash := regexp.MustCompile(`"hash":\s*"([0-9a-f]{64})"`).FindSubmatch(delBundle)
	if delHash == nil || !strings.Contains(string(bundle), `"baseline":{`) || !strings.Contains(string(bundle), `"seal_hash":"`+string(delHash[1])+`"`) {
		t.Fatalf("the return's signed protocol does not name the handover's seal hash:\n%.3000s\n%.600s", bundle, delBundle)
	}
	if !strings.Contains(string(delBundle), `"kind":"delivery"`) {
		t.Error("the handover bundle does not carry its kind")
	}
	if text := pdfText(t, filepath.Join(out, delID+".pdf")); text != "" &&
		(!strings.HasPrefix(text, "Übergabeprotokoll") || !strings.Contains(text, "bei Auslieferung vorhanden") || strings.Contains(text, "Rücknahmeprotokoll")) {
		t.Errorf("the handover PDF does not say what it is:\n%.800s", text)
	}
	if text := pdfText(t, filepath.Join(out, retID+".pdf")); text != "" && !strings.Contains(text, "Ausgangslage: Übergabeprotokoll "+delID) {
		t.Errorf("the return PDF does not name its baseline:\n%.800s", text)
	}
	key := deviceKeyFile(t, dir)

	// side by side, as export --pending writes them
	code, o, e := runCLI(t, "", "verify", filepath.Join(out, retID+".zip"), "--trust", key)
	if code != 0 || !strings.Contains(o, "baseline "+delID+" checked ("+delID+".zip)") {
		t.Fatalf("verify beside the handover archive: %d %s %s", code, o, e)
	}
	// alone: valid, the baseline not checked, and said so
	alone := filepath.Join(t.TempDir(), retID+".bundle.json")
	_ = os.WriteFile(alone, bundle, 0o644)
	code, o, e = runCLI(t, "", "verify", alone, "--trust", key)
	if code != 0 || !strings.Contains(o, "baseline "+delID+" not checked") {
		t.Fatalf("verify alone: %d %s %s", code, o, e)
	}
	code, o, e = runCLI(t, "", "verify", alone, "--trust", key, "--baseline", filepath.Join(out, delID+".bundle.json"))
	if code != 0 || !strings.Contains(o, "baseline "+delID+" checked") {
		t.Fatalf("verify --baseline: %d %s %s", code, o, e)
	}

	// another handover protocol under the same id (another device): NOT VALID
	other := t.TempDir()
	forged := fixture.DeliveryComplete(t, rules)
	forged.Findings = forged.Findings[:1]
	importDoc(t, other, forged)
	if code, o, e := runCLI(t, "", "--data", other, "seal", delID); code != 0 {
		t.Fatalf("seal forged: %d %s %s", code, o, e)
	}
	otherOut := t.TempDir()
	if code, _, e := runCLI(t, "", "--data", other, "export", "--pending", "-o", otherOut); code != 0 {
		t.Fatal(e)
	}
	_ = os.Rename(filepath.Join(otherOut, delID+".bundle.json"), filepath.Join(filepath.Dir(alone), delID+".bundle.json"))
	code, _, e = runCLI(t, "", "verify", alone, "--trust", key, "--trust", deviceKeyFile(t, other))
	if code != 1 || !strings.Contains(e, "NOT VALID: baseline "+delID+" does not match the handover protocol") {
		t.Fatalf("verify against another handover protocol: %d %s", code, e)
	}
}

// A return naming a baseline that is in the store but sealed with another
// hash is not sealed; with two handover protocols of the VIN none is linked.
func TestBaselineMustBeTheStoredSeal(t *testing.T) {
	rules := catalog.MustDefault()
	dir := t.TempDir()
	del := fixture.DeliveryComplete(t, rules)
	delID, _ := importDoc(t, dir, del)
	if code, _, e := runCLI(t, "", "--data", dir, "seal", delID); code != 0 {
		t.Fatal(e)
	}
	ret := returnOf(t, del)
	ret.Baseline = &inspection.Baseline{ID: delID, SealHash: strings.Repeat("0", 64)}
	retID, said := importDoc(t, dir, ret)
	if strings.Contains(said, "verknüpft") {
		t.Errorf("a return with a baseline was linked again: %s", said)
	}
	code, _, e := runCLI(t, "", "--data", dir, "seal", retID)
	if code != 2 || !strings.Contains(e, "Ausgangslage: "+delID+" passt nicht zum Übergabeprotokoll") {
		t.Fatalf("seal with a wrong baseline hash: %d %s", code, e)
	}
	second := fixture.DeliveryComplete(t, rules)
	second.ID = "UEB-2021-0008"
	importDoc(t, dir, second)
	if code, _, e := runCLI(t, "", "--data", dir, "seal", second.ID); code != 0 {
		t.Fatal(e)
	}
	code, o, e := runCLI(t, mustEncode(t, returnOf(t, del)), "--data", dir, "import", "-")
	if code != 0 || strings.Contains(o, "verknüpft") || !strings.Contains(e, "2 versiegelte Übergabeprotokolle") {
		t.Fatalf("two handover protocols: %d %s %s", code, o, e)
	}
}

func mustEncode(t *testing.T, p *inspection.Protocol) string {
	t.Helper()
	doc, err := inspection.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(doc)
}

// Issue 25.2: the delivery record file (docs/format.md's example, the
// guide's Lieferumfang page) starts a draft handover protocol through
// import; a bad record stores nothing.
func TestImportDeliveryRecordStartsAHandover(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join("..", "..", "testdata", "delivery-record.json")
	code, out, errOut := runCLI(t, "", "--data", dir, "import", record)
	m := regexp.MustCompile(`^imported (\S+) \(Übergabeprotokoll aus Lieferumfang, Entwurf: FIN WBAUL91000VF71552, 7 Ausstattungspositionen\)\n$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("import of the record: %d %q %s", code, out, errOut)
	}
	code, doc, errOut := runCLI(t, "", "--data", dir, "export", m[1], "--format", "json")
	if code != 0 {
		t.Fatal(errOut)
	}
	for _, want := range []string{`"kind": "delivery"`, `"model_code": "UL91"`, `"code": "PLWSW"`, `"unit_price": "1302.52"`, `"tyre": "Michelin Primacy 4 225/45 R17"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("the draft lacks %s", want)
		}
	}
	if code, out, _ := runCLI(t, "", "--data", dir, "list"); code != 0 || !regexp.MustCompile(`Entwurf +BMW 125i Cabrio +Übergabe +`+m[1]).MatchString(out) {
		t.Errorf("the list does not name the handover protocol:\n%s", out)
	}
	if code, out, _ := runCLI(t, "", "--data", dir, "list", "--json"); code != 0 || !strings.Contains(out, `"kind": "delivery"`) {
		t.Errorf("list --json does not name the kind:\n%s", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte(`{"format":"rueckgabe/delivery-record@1","vehicle":{"vin":"WBAUL91000VF7155"},"equipment":[]}`), 0o644)
	code, _, errOut = runCLI(t, "", "--data", dir, "import", bad)
	if code != 2 || !strings.Contains(errOut, "vehicle.vin: has 16 characters") {
		t.Fatalf("bad record: %d %s", code, errOut)
	}
	if code, out, _ := runCLI(t, "", "--data", dir, "list", "--json"); code != 0 || strings.Count(out, `"id"`) != 1 {
		t.Errorf("a bad record stored something: %s", out)
	}
}

// The km at handover are the handover protocol's (tester's report: a return
// imported with 0 km at handover billed every km since new): an import
// takes what its car lacks from the linked handover protocol and says so,
// and a return that names another reading is not sealed until it agrees.
func TestReturnTakesTheKmAtHandoverFromItsHandover(t *testing.T) {
	rules := catalog.MustDefault()
	dir := t.TempDir()
	del := fixture.DeliveryComplete(t, rules)
	del.Vehicle.DeliveryOdometerKm = 18250
	delID, _ := importDoc(t, dir, del)
	if code, o, e := runCLI(t, "", "--data", dir, "seal", delID); code != 0 {
		t.Fatalf("seal handover: %d %s %s", code, o, e)
	}
	ret := returnOf(t, del)
	ret.Vehicle.DeliveryOdometerKm = 0
	retID, said := importDoc(t, dir, ret)
	if !strings.Contains(said, "übernommen: ") || !strings.Contains(said, "km bei Übergabe") {
		t.Fatalf("the import does not say what it took:\n%s", said)
	}
	_, doc, _ := runCLI(t, "", "--data", dir, "export", retID)
	if !strings.Contains(doc, `"delivery_odometer_km": 18250`) {
		t.Fatalf("the return's km at handover were not taken:\n%.1500s", doc)
	}
	// another reading: refused at sealing, with both figures
	other := returnOf(t, del)
	other.Vehicle.DeliveryOdometerKm = 12000
	otherID, _ := importDoc(t, dir, other)
	code, _, e := runCLI(t, "", "--data", dir, "seal", otherID)
	if code == 0 || !strings.Contains(e, "km-Stand bei Übergabe 12.000") || !strings.Contains(e, "18.250") {
		t.Fatalf("a return with other km at handover: %d %s", code, e)
	}
}

// A return naming a handover protocol that is not in this store does not
// seal (tester: a made-up baseline charged a damage 0 € as "bei Auslieferung
// vorhanden" and sealed); with the handover protocol imported it would.
func TestBaselineFromNowhereDoesNotSeal(t *testing.T) {
	rules := catalog.MustDefault()
	dir := t.TempDir()
	ret := fixture.Complete(t, rules)
	ret.Baseline = &inspection.Baseline{ID: "20250101T000000Z-abcd", SealHash: strings.Repeat("0f", 32), VIN: ret.Vehicle.VIN,
		Findings: []inspection.BaselineDamage{{Category: ret.Findings[0].Category, Part: ret.Findings[0].Part, Damage: "Kratzer"}}}
	zero := 0
	ret.Findings[0].BaselineFinding = &zero
	ret.Findings[0].FactorPercent = decimal.NullDecimal{}
	doc := mustEncode(t, ret)
	code, out, e := runCLI(t, doc, "--data", dir, "import", "-")
	if code != 0 || !strings.Contains(e, "vor dem Versiegeln zu klären: Ausgangslage: Übergabeprotokoll 20250101T000000Z-abcd") {
		t.Fatalf("import does not say it: %d %s %s", code, out, e)
	}
	id := strings.Fields(out)[1]
	code, _, e = runCLI(t, "", "--data", dir, "seal", id)
	if code == 0 || !strings.Contains(e, "Übergabeprotokoll 20250101T000000Z-abcd ist nicht in diesem Speicher") {
		t.Fatalf("a baseline from nowhere: %d %s", code, e)
	}
}
