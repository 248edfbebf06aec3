package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/service"
)

// dealers: names a clerk's spreadsheet must show as text, never run.
var dealers = fixture.Dealers

// randomProtocol: fixture.Random.
func randomProtocol(t testing.TB, r *rand.Rand, i int) *inspection.Protocol {
	t.Helper()
	return fixture.Random(t, r, i)
}

func sealProtocols(t *testing.T, dir string, ps ...*inspection.Protocol) {
	t.Helper()
	for _, p := range ps {
		doc, err := inspection.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := runCLI(t, string(doc), "--data", dir, "import", "-"); code != 0 {
			t.Fatalf("import %s: %s", p.ID, errOut)
		}
		if code, _, errOut := runCLI(t, "", "--data", dir, "seal", p.ID); code != 0 {
			t.Fatalf("seal %s: %s", p.ID, errOut)
		}
	}
}

// csvByName reads a CSV report into maps by column name.
func csvByName(t *testing.T, data string, sep rune) []map[string]string {
	t.Helper()
	rd := csv.NewReader(strings.NewReader(data))
	rd.Comma = sep
	rows, err := rd.ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("not CSV (%v): %q", err, data)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// Every figure of the report is the sealed valuation's, for random
// protocols of both profiles: compared with each protocol's bundle.
func TestReportFiguresAreTheSealedValuation(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewSource(22))
	var ps []*inspection.Protocol
	for i := range 12 {
		ps = append(ps, randomProtocol(t, r, i))
	}
	sealProtocols(t, dir, ps...)
	code, out, errOut := runCLI(t, "", "--data", dir, "report", "--format", "csv")
	if code != 0 {
		t.Fatalf("report: %d %s", code, errOut)
	}
	rows := csvByName(t, out, ',')
	if len(rows) != len(ps) {
		t.Fatalf("%d rows for %d protocols", len(rows), len(ps))
	}
	rates := map[string]bool{}
	disputes := 0
	for _, row := range rows {
		_, bundle, _ := runCLI(t, "", "--data", dir, "export", row["id"], "--format", "bundle")
		var b struct {
			Seal struct {
				Hash     string
				SealedAt string `json:"sealed_at"`
			}
			Valuation struct {
				Profile    string
				Net, VAT   string
				Gross      string
				Taxable    string
				VATPercent string `json:"vat_percent"`
				Damages    struct {
					Charged      string
					Depreciation string `json:"mercantile_depreciation"`
				}
				Km             struct{ Amount string }
				Late           struct{ Amount string }
				Fees           struct{ Net string }
				DealerNetPrice string                  `json:"dealer_net_price"`
				Surcharge      struct{ Amount string } `json:"dealer_surcharge"`
			}
		}
		if err := json.Unmarshal([]byte(bundle), &b); err != nil {
			t.Fatal(err)
		}
		v := b.Valuation
		dec := func(s string) decimal.Decimal { d, _ := decimal.NewFromString(s); return d }
		want := map[string]string{
			"net": v.Net, "vat": v.VAT, "gross": v.Gross, "taxable_base": v.Taxable, "vat_percent": v.VATPercent,
			"non_taxable":             dec(v.Net).Sub(dec(v.Taxable)).StringFixed(2),
			"damages_charged":         dec(v.Damages.Charged).Add(dec(v.Damages.Depreciation)).StringFixed(2),
			"mercantile_depreciation": v.Damages.Depreciation, "km_amount": v.Km.Amount, "late_amount": v.Late.Amount,
			"fees": v.Fees.Net, "fee_total": v.Fees.Net, "dealer_net_price": v.DealerNetPrice, "profile": v.Profile,
			"seal_hash": b.Seal.Hash, "sealed_at": b.Seal.SealedAt, "dealer_surcharge": v.Surcharge.Amount,
		}
		if disputed := strings.HasPrefix(row["dispute"], "disputed, expert: "); disputed != (row["dealer_surcharge"] != "") {
			t.Errorf("%s: dispute %q, surcharge %q", row["id"], row["dispute"], row["dealer_surcharge"])
		} else if disputed {
			disputes++
		}
		for col, w := range want {
			if row[col] != w {
				t.Errorf("%s: %s is %q, the sealed valuation says %q", row["id"], col, row[col], w)
			}
		}
		if !dec(row["taxable_base"]).Add(dec(row["non_taxable"])).Equal(dec(row["net"])) || !dec(row["net"]).Add(dec(row["vat"])).Equal(dec(row["gross"])) {
			t.Errorf("%s: the parts do not add up: %v", row["id"], row)
		}
		country := map[string]string{"20": "AT", "19": "DE"}[row["vat_percent"]]
		if row["country"] != country || (country == "AT") != strings.HasPrefix(row["profile"], "leasing-at@") {
			t.Errorf("%s: country %q, profile %q, rate %q", row["id"], row["country"], row["profile"], row["vat_percent"])
		}
		rates[row["vat_percent"]] = true
	}
	if !rates["19"] || !rates["20"] || disputes != 4 {
		t.Fatalf("both profiles' rates and 4 disputes expected, got %v, %d", rates, disputes)
	}
}

// The formats a clerk opens directly, the filters, the totals per VAT rate
// and the formula guard.
func TestReportFormatsFiltersAndTotals(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewSource(7))
	var ps []*inspection.Protocol
	for i := range 6 {
		p := randomProtocol(t, r, i)
		p.Dealership = dealers[i]
		ps = append(ps, p)
	}
	sealProtocols(t, dir, ps...)
	// R-00 corrected by a sealed amendment: its line is superseded
	code, out, errOut := runCLI(t, "", "--data", dir, "amend", "R-00", "--reason", "Zweitschlüssel nachgereicht")
	if code != 0 {
		t.Fatalf("amend: %s", errOut)
	}
	amendment := strings.Fields(out)[1]
	signAgain(t, dir, amendment)
	if code, _, errOut := runCLI(t, "", "--data", dir, "seal", amendment); code != 0 {
		t.Fatalf("seal the amendment: %s", errOut)
	}
	report := func(args ...string) string {
		t.Helper()
		code, out, errOut := runCLI(t, "", append([]string{"--data", dir, "report"}, args...)...)
		if code != 0 {
			t.Fatalf("report %v: %d %s", args, code, errOut)
		}
		return out
	}
	plain := report("--format", "csv")
	if !strings.Contains(plain, "\r\n") || strings.Contains(strings.ReplaceAll(plain, "\r\n", ""), "\n") && !strings.Contains(plain, "\"\r\n+49") {
		t.Errorf("--format csv does not end its records with CRLF: %q", plain[:200])
	}
	rows := csvByName(t, plain, ',')
	for _, row := range rows {
		d := row["dealer"]
		trimmed := strings.TrimLeft(d, " \t\r\n\u00a0")
		if strings.ContainsAny(trimmed[:1], "=+-@") {
			t.Errorf("dealer cell %q reaches a spreadsheet as a formula", d)
		}
	}
	// German Excel: BOM, ';', decimal commas, the same figures
	excel := report("--format", "excel-csv")
	if !strings.HasPrefix(excel, "\ufeff") {
		t.Fatalf("excel-csv has no byte order mark: %q", excel[:20])
	}
	erows := csvByName(t, strings.TrimPrefix(excel, "\ufeff"), ';')
	for i, row := range erows {
		if row["gross"] != strings.Replace(rows[i]["gross"], ".", ",", 1) || !strings.Contains(row["gross"], ",") || row["dealer"] != rows[i]["dealer"] {
			t.Errorf("excel-csv row %d: gross %q dealer %q, csv %q %q", i, row["gross"], row["dealer"], rows[i]["gross"], rows[i]["dealer"])
		}
	}
	// JSON: exact figures as strings, the same lines
	var js struct {
		Lines  []map[string]any
		Totals []map[string]any
	}
	if err := json.Unmarshal([]byte(report("--json")), &js); err != nil || len(js.Lines) != len(rows) || js.Lines[0]["gross"] != rows[0]["gross"] {
		t.Fatalf("--json: %v %v", err, js.Lines)
	}
	// totals per VAT rate, superseded lines left out
	tot := csvByName(t, report("--format", "csv", "--summary"), ',')
	if len(tot) != 2 || tot[0]["vat_percent"] != "19" || tot[1]["vat_percent"] != "20" || tot[1]["countries"] != "AT" {
		t.Fatalf("--summary: %v", tot)
	}
	for _, tr := range tot {
		sum := decimal.Zero
		n := 0
		for _, row := range rows {
			if row["vat_percent"] == tr["vat_percent"] && row["superseded_by"] == "" {
				g, _ := decimal.NewFromString(row["gross"])
				sum, n = sum.Add(g), n+1
			}
		}
		if tr["gross"] != sum.StringFixed(2) || tr["lines"] != fmt.Sprint(n) {
			t.Errorf("total at %s %%: %v, the lines sum to %s in %d", tr["vat_percent"], tr, sum.StringFixed(2), n)
		}
	}
	// xlsx: typed number cells and a totals sheet
	path := filepath.Join(t.TempDir(), "monat.xlsx")
	report("--format", "xlsx", "-o", path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); strings.Join(sheets, ",") != "Protokolle,Summen" {
		t.Fatalf("sheets %v", sheets)
	}
	xrows, _ := f.GetRows("Protokolle")
	head := map[string]int{}
	for i, h := range xrows[0] {
		head[h] = i
	}
	for i := range rows {
		grossCell, _ := excelize.CoordinatesToCellName(head["gross"]+1, i+2)
		dealerCell, _ := excelize.CoordinatesToCellName(head["dealer"]+1, i+2)
		typ, _ := f.GetCellType("Protokolle", grossCell)
		raw, _ := f.GetCellValue("Protokolle", grossCell, excelize.Options{RawCellValue: true})
		dealer, _ := f.GetCellValue("Protokolle", dealerCell)
		if dt, _ := f.GetCellType("Protokolle", dealerCell); dt == excelize.CellTypeFormula {
			t.Errorf("%s is a formula", dealerCell)
		}
		g, _ := decimal.NewFromString(raw)
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber || g.StringFixed(2) != rows[i]["gross"] || dealer != rows[i]["dealer"] {
			t.Errorf("xlsx row %d: gross %q (type %v), dealer %q; csv %q %q", i, raw, typ, dealer, rows[i]["gross"], rows[i]["dealer"])
		}
	}
	if sum, _ := f.GetRows("Summen"); len(sum) != 4 || sum[1][0] != "19" || sum[2][0] != "20" || !strings.Contains(sum[3][1], "gesamt") {
		t.Errorf("Summen: %v", sum)
	}
	// filters
	if n := len(csvByName(t, report("--format", "csv", "--profile", "leasing-at"), ',')); n != 3 {
		t.Errorf("--profile leasing-at: %d lines", n)
	}
	if got := csvByName(t, report("--format", "csv", "--dealer", "autohaus nord gmbh"), ','); len(got) != 2 || got[1]["id"] != "R-00" || got[0]["id"] != amendment {
		t.Errorf("--dealer: %v", got)
	}
	if n := len(csvByName(t, report("--format", "csv", "--device", rows[0]["device"], "--status", "current"), ',')); n != 6 {
		t.Errorf("--device --status current: %d lines", n)
	}
	if got := csvByName(t, report("--format", "csv", "--status", "superseded"), ','); len(got) != 1 || got[0]["id"] != "R-00" ||
		got[0]["superseded_by"] != amendment || got[0]["amendment_status"] != "superseded" {
		t.Errorf("--status superseded: %v", got)
	}
	if got := csvByName(t, report("--format", "csv", "--status", "amendment"), ','); len(got) != 1 || got[0]["amends"] != "R-00" || got[0]["amendment_status"] != "amendment" {
		t.Errorf("--status amendment: %v", got)
	}
	if n := len(csvByName(t, report("--format", "csv", "--device", "0000000000000000"), ',')); n != 0 {
		t.Errorf("--device of another key: %d lines", n)
	}
	// the old --csv stays as it was: its 21 columns, LF
	legacy := report("--csv")
	if first := strings.Split(legacy, "\n")[0]; !strings.HasSuffix(first, ",amends,superseded_by,review") || strings.Contains(legacy, "\r\n+") && strings.Count(legacy, "\r\n") > 1 {
		t.Errorf("--csv changed: %q", first)
	}
	// reversed dates, unknown format or status: an error, not an empty report
	for _, args := range [][]string{{"--from", "2024-05-01", "--to", "2024-04-01"}, {"--format", "ods"}, {"--status", "paid"}, {"--csv", "--json"}, {"--format", "xlsx"}} {
		code, out, errOut := runCLI(t, "", append([]string{"--data", dir, "report"}, args...)...)
		if code != 2 || out != "" || errOut == "" {
			t.Errorf("report %v: %d %q %q", args, code, out, errOut)
		}
	}
}

func TestSpreadsheetTextGuardsAfterLeadingSpace(t *testing.T) {
	var buf bytes.Buffer
	for _, s := range []string{"=1", "\t=1", "\r\n=1", "\u00a0=1", "\u2003+1", "\x00-1", "＝1", " @x"} {
		if got := service.SpreadsheetText(s); !strings.HasPrefix(got, "'") {
			fmt.Fprintf(&buf, "%q → %q\n", s, got)
		}
	}
	if buf.Len() > 0 {
		t.Errorf("not guarded:\n%s", buf.String())
	}
}

// reportTestLines are n report lines whose texts are what the writers must
// escape or quote (markup, quotes, separators, line breaks, controls,
// invalid UTF-8, U+2028, leading formula characters), enough of them for
// several chunks (reportChunk).
func reportTestLines(n int) []*service.ReportLine {
	r := rand.New(rand.NewSource(3))
	odd := []string{" <&> \u2028", `"quoted", 'a';b`, "\r\nZeile", "=1+1", " @x", "\x00\x1f\xff\xc3", "tab\t\\", "", "\u2029 Ä"}
	var lines []*service.ReportLine
	for i := range n {
		surcharge := decimal.New(r.Int63n(5000), -2)
		l := &service.ReportLine{ID: fmt.Sprintf("R-%d", i), Dealer: dealers[i%len(dealers)] + odd[i%len(odd)],
			Customer: odd[(i+3)%len(odd)], Review: odd[(i+5)%len(odd)],
			VATPercent: decimal.New(19, 0), Gross: decimal.New(r.Int63n(100000), -2), KmBillable: r.Int63n(9000)}
		if i%3 == 0 {
			l.Surcharge = &surcharge
		}
		lines = append(lines, l)
	}
	return lines
}

// The JSON report is written, in chunks on every core, exactly as
// json.MarshalIndent wrote the whole document: with and without lines and
// totals, summary or not, texts that encoding/json escapes.
func TestReportJSONIsMarshalIndent(t *testing.T) {
	lines := reportTestLines(2*reportChunk + 3)
	for _, n := range []int{0, 1, 5, len(lines)} {
		for _, summary := range []bool{false, true} {
			totals := service.ReportTotals(lines[:n])
			parts, err := reportJSON(lines[:n], totals, summary)
			if err != nil {
				t.Fatal(err)
			}
			got := bytes.Join(parts, nil)
			want := marshalIndentReport(t, lines[:n], totals, summary)
			if !bytes.Equal(got, want) {
				t.Fatalf("%d lines, summary %v:\n%s\nwant\n%s", n, summary, got, want)
			}
		}
	}
}

// appendJSONString quotes as json.Marshal does, for any string.
func TestAppendJSONStringIsMarshal(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	pieces := []string{"a", "Ä", "<", ">", "&", "'", `"`, "\\", "\b", "\f", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", "\xff", "\xc3", "\ufffd", "\u2028", "\u2029", "\U0001F600", " "}
	for range 5000 {
		var s strings.Builder
		for range r.Intn(10) {
			s.WriteString(pieces[r.Intn(len(pieces))])
		}
		want, _ := json.Marshal(s.String())
		if got := appendJSONString(nil, s.String()); !bytes.Equal(got, want) {
			t.Fatalf("%q: %s, want %s", s.String(), got, want)
		}
	}
}

// Each CSV report, written in chunks on every core, is byte for byte what
// one encoding/csv writer over all lines wrote before.
func TestReportCSVIsOneWriter(t *testing.T) {
	lines := reportTestLines(2*reportChunk + 3)
	for _, kind := range []int{csvRFC4180, csvExcel, csvLegacy} {
		for _, n := range []int{0, 1, len(lines)} {
			for _, summary := range []bool{false, true} {
				totals := service.ReportTotals(lines[:n])
				parts, err := reportCSV(lines[:n], totals, summary, kind)
				if err != nil {
					t.Fatal(err)
				}
				got := bytes.Join(parts, nil)
				if want := oneWriterCSV(lines[:n], totals, summary, kind); !bytes.Equal(got, want) {
					t.Fatalf("kind %d, %d lines, summary %v:\n%q\nwant\n%q", kind, n, summary, got, want)
				}
			}
		}
	}
}

// oneWriterCSV is the CSV report as it was written before: one
// encoding/csv writer, one line after the other.
func oneWriterCSV(lines []*service.ReportLine, totals []service.ReportTotal, summary bool, kind int) []byte {
	var buf bytes.Buffer
	excel := kind == csvExcel
	if excel {
		buf.WriteString("\ufeff")
	}
	w := csv.NewWriter(&buf)
	w.UseCRLF = kind != csvLegacy
	if excel {
		w.Comma = ';'
	}
	cols := service.ReportColumns
	if kind == csvLegacy {
		cols = cols[:service.LegacyColumns]
	}
	row := func(cols []service.ReportColumn, vals []string) {
		_ = w.Write(csvCells(cols, vals, excel))
	}
	if summary {
		_ = w.Write(columnNames(totalColumns))
		for _, t := range totals {
			row(totalColumns, totalValues(t))
		}
	} else {
		_ = w.Write(columnNames(cols))
		for _, l := range lines {
			row(cols, lineValuesOf(cols, l))
		}
	}
	w.Flush()
	return buf.Bytes()
}

// marshalIndentReport is the JSON report as it was written before: the
// whole document through json.MarshalIndent.
func marshalIndentReport(t *testing.T, lines []*service.ReportLine, totals []service.ReportTotal, summary bool) []byte {
	t.Helper()
	obj := func(cols []service.ReportColumn, vals []string) json.RawMessage {
		m := []string{}
		for i, c := range cols {
			k, _ := json.Marshal(c.Name)
			var v []byte
			switch {
			case c.Kind == service.ColInt:
				v = []byte(vals[i])
			case vals[i] == "" && c.Kind != service.ColText:
				v = []byte("null")
			default:
				v, _ = json.Marshal(vals[i])
			}
			m = append(m, string(k)+":"+string(v))
		}
		return json.RawMessage("{" + strings.Join(m, ",") + "}")
	}
	out := struct {
		Lines  []json.RawMessage `json:"lines,omitempty"`
		Totals []json.RawMessage `json:"totals"`
	}{Totals: []json.RawMessage{}}
	if !summary {
		for _, l := range lines {
			out.Lines = append(out.Lines, obj(service.ReportColumns, lineValues(l)))
		}
	}
	for _, tot := range totals {
		out.Totals = append(out.Totals, obj(totalColumns, totalValues(tot)))
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// cellNumber gives what the decimal package gives, for amounts as the
// report writes them and anything else.
func TestCellNumberIsDecimalString(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	vals := []string{"0", "-0", "0.00", "-0.00", "10", "100.00", "290.40", "-5.50", "7.7", "19", "007", "0.10", "1.", ".5", "1e3", "-", "", "12,5", "1.2.3", "--1", "+1", "0.000001"}
	for range 20000 {
		var b strings.Builder
		if r.Intn(3) == 0 {
			b.WriteByte('-')
		}
		for range 1 + r.Intn(4) {
			b.WriteByte("0123456789"[r.Intn(10)])
		}
		if r.Intn(2) == 0 {
			b.WriteByte('.')
			for range r.Intn(4) {
				b.WriteByte("0000123456789"[r.Intn(13)])
			}
		}
		vals = append(vals, b.String())
	}
	for _, v := range vals {
		got, err := cellNumber(v)
		d, wantErr := decimal.NewFromString(v)
		if (err == nil) != (wantErr == nil) || err == nil && got != d.String() {
			t.Fatalf("%q: %q %v, want %q %v", v, got, err, d.String(), wantErr)
		}
	}
}
