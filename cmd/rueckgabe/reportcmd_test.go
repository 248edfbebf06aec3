package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

func TestReportCSVOneLinePerSealedProtocol(t *testing.T) {
	dir := t.TempDir()
	for i, ret := range []string{"2024-04-03", "2024-05-10", "2024-06-01"} {
		p := fixture.Complete(t, catalog.MustDefault())
		p.ID = fmt.Sprintf("R-%d", i)
		p.Return.Date, _ = inspection.ParseDate(ret)
		p.Dealership = "=HYPERLINK(\"http://x\")\u202e"
		doc, _ := inspection.Encode(p)
		runCLI(t, string(doc), "--data", dir, "import", "-")
		if code, _, errOut := runCLI(t, "", "--data", dir, "seal", p.ID); code != 0 {
			t.Fatalf("seal: %s", errOut)
		}
	}
	draft := fixture.Complete(t, catalog.MustDefault())
	draft.ID = "DRAFT"
	doc, _ := inspection.Encode(draft)
	runCLI(t, string(doc), "--data", dir, "import", "-")

	code, out, errOut := runCLI(t, "", "--data", dir, "report", "--csv", "--from", "2024-04-04", "--to", "2024-06-01")
	if code != 0 {
		t.Fatalf("report: %d %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 3 || rows[1][0] != "R-1" || rows[2][0] != "R-2" {
		t.Fatalf("rows: %v %v", rows, err)
	}
	head := map[string]int{}
	for i, h := range rows[0] {
		head[h] = i
	}
	// the numbers are the bundle's valuation, the hash its seal's
	_, bundle, _ := runCLI(t, "", "--data", dir, "export", "R-1", "--format", "bundle")
	var b struct {
		Seal struct {
			Hash  string `json:"hash"`
			KeyID string `json:"key_id"`
		}
		Valuation struct {
			Net, VAT, Gross string
			Damages         struct{ Charged string }
		}
	}
	json.Unmarshal([]byte(bundle), &b)
	r := rows[1]
	if r[head["gross"]] != b.Valuation.Gross || r[head["net"]] != b.Valuation.Net || r[head["vat"]] != b.Valuation.VAT ||
		r[head["seal_hash"]] != b.Seal.Hash || r[head["device"]] != b.Seal.KeyID || r[head["return_date"]] != "2024-05-10" {
		t.Fatalf("row %v, bundle %+v", r, b)
	}
	if got := r[head["dealer"]]; !strings.HasPrefix(got, "'=") || strings.ContainsRune(got, '\u202e') {
		t.Errorf("dealer cell %q: a formula or a bidi override reaches the spreadsheet", got)
	}
	// -o writes the same bytes to a file (PowerShell's > would re-encode them)
	file := filepath.Join(t.TempDir(), "monat.csv")
	if code, stdout, errOut := runCLI(t, "", "--data", dir, "report", "--csv", "--from", "2024-04-04", "--to", "2024-06-01", "-o", file); code != 0 || stdout != "" {
		t.Fatalf("report -o: %d %q %s", code, stdout, errOut)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != out {
		t.Errorf("report -o wrote %q (%v), stdout was %q", b, err, out)
	}
	if code, _, errOut = runCLI(t, "", "--data", dir, "report", "--csv", "--from", "3.4.2024"); code != 2 || !strings.Contains(errOut, "not a date") {
		t.Errorf("bad date: %d %s", code, errOut)
	}
}
