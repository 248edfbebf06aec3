package inspection

import (
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func problemsAt(p *Protocol, path string) Problems { return Validate(p, rules).At(path) }

// Signatures: a name of three letters is a name, two is not; the drawing box
// includes its edges; a disputed finding index must exist.
func TestSignatureBoundaries(t *testing.T) {
	sig := func(name string, pts ...[2]int) Signature {
		return Signature{Role: RoleInspector, Name: name, SignedAt: time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC), Strokes: [][][2]int{pts}}
	}
	cases := []struct {
		name string
		s    Signature
		path string // "" = valid
	}{
		{"three letters", sig("Ida"), ""},
		{"two letters", sig("Al"), "signatures[0].name"},
		{"box corners", sig("Max Prüfer", [2]int{0, 0}, [2]int{StrokeBox, StrokeBox}, [2]int{0, StrokeBox}, [2]int{StrokeBox, 0}), ""},
		{"x below", sig("Max Prüfer", [2]int{-1, 5}), "signatures[0].strokes[0][0]"},
		{"x above", sig("Max Prüfer", [2]int{StrokeBox + 1, 5}), "signatures[0].strokes[0][0]"},
		{"y below", sig("Max Prüfer", [2]int{5, -1}), "signatures[0].strokes[0][0]"},
		{"y above", sig("Max Prüfer", [2]int{5, StrokeBox + 1}), "signatures[0].strokes[0][0]"},
	}
	for _, c := range cases {
		p := baseProtocol()
		p.Signatures = []Signature{c.s}
		got := problemsAt(p, "signatures")
		if c.path == "" && len(got) > 0 || c.path != "" && len(got.At(c.path)) == 0 {
			t.Errorf("%s: problems %v, want at %q", c.name, got, c.path)
		}
	}
	p := baseProtocol()
	p.Findings = []Finding{{Category: "lackierung", Part: "Tür", Repair: RepairPaint}, {Category: "karosserie", Part: "Dach", Repair: RepairRepair}}
	for _, c := range []struct {
		index int
		ok    bool
	}{{0, true}, {1, true}, {2, false}, {-1, false}} {
		p.Dispute = &Dispute{Findings: []int{c.index}}
		if got := problemsAt(p, "dispute.findings"); (len(got) == 0) != c.ok {
			t.Errorf("disputed finding %d: %v", c.index, got)
		}
	}
	// no experts offered yet: a choice cannot be checked against them
	p.Dispute = &Dispute{Chosen: "DEKRA"}
	if got := problemsAt(p, "dispute.chosen"); len(got) > 0 {
		t.Errorf("choice without experts: %v", got)
	}
	p.Dispute = &Dispute{Experts: []string{"TÜV Süd"}, Chosen: "DEKRA"}
	if got := problemsAt(p, "dispute.chosen"); len(got) == 0 {
		t.Error("a choice not among the experts was accepted")
	}
}

// The VIN messages name the position of the offending character, counted
// from 1 as people count.
func TestVINMessagesNameThePosition(t *testing.T) {
	for vin, want := range map[string]string{
		"IBAUL91000VF71552": "position 1",
		"WBAUL91000VF7155q": "position 17",
		"WBAUL9100-VF71552": "position 10",
	} {
		p := baseProtocol()
		p.Vehicle.VIN = vin
		got := problemsAt(p, "vehicle.vin")
		german := "Stelle " + strings.TrimPrefix(want, "position ")
		if len(got) == 0 || !strings.Contains(got[0].String(), want) || !strings.Contains(got[0].German(), german) {
			t.Errorf("%s: %v, want %q / %q", vin, got, want, german)
		}
	}
}

func TestCatalogueReferenceAndFeeLabel(t *testing.T) {
	p := baseProtocol()
	p.Catalogue = ""
	if got := problemsAt(p, "catalogue"); len(got) > 0 {
		t.Errorf("no catalogue named: %v", got)
	}
	p.Catalogue = "other@1"
	if got := problemsAt(p, "catalogue"); len(got) == 0 {
		t.Error("an unknown catalogue was accepted")
	}
	p = baseProtocol()
	p.Fees = []Fee{{Code: "key_loss", Amount: nd("50")}, {Label: "Sonstiges", Amount: nd("1")}, {Amount: nd("1")}}
	got := problemsAt(p, "fees")
	if len(got.At("fees[0].label")) > 0 || len(got.At("fees[1].label")) > 0 || len(got.At("fees[2].label")) == 0 {
		t.Errorf("fee labels: %v", got)
	}
}

// The km steps say how many km are settled, and a surcharge applies only to
// extra km actually billed.
func TestKmStepsAndSurchargeOnlyWhenBilled(t *testing.T) {
	p := baseProtocol()
	p.Return.OdometerKm = 63000
	allowance(2500)(p.Contract.KmRules)
	v := settleKm(p)
	if !strings.Contains(strings.Join(v.Steps, "\n"), "Freibetrag 2.500 km bleibt unberücksichtigt → 500 km abgerechnet") {
		t.Errorf("steps: %v", v.Steps)
	}
	// 7,000 extra km inside a 10,000 km tolerance: nothing billed, so no
	// surcharge either, although 7,000 km exceed 10 % of the agreed km
	p = baseProtocol()
	p.Return.OdometerKm = 67000
	threshold(10000)(p.Contract.KmRules)
	p.Contract.KmRules.SurchargeAbovePercent, p.Contract.KmRules.SurchargePercent = nd("10"), nd("40")
	v = settleKm(p)
	if v.BillableKm != 0 || !v.Rate.Equal(d("0.0850")) || strings.Contains(strings.Join(v.Steps, "\n"), "Satz +") {
		t.Errorf("billable %d rate %s steps %v", v.BillableKm, v.Rate, v.Steps)
	}
	// the credit caps: exactly at the cap nothing is cut (no step says so)
	p = baseProtocol()
	p.Return.OdometerKm = 50000
	p.Contract.KmRules.ReducedCapKm = i64(10000)
	v = settleKm(p)
	if v.BillableKm != -10000 || strings.Contains(strings.Join(v.Steps, "\n"), "begrenzt") {
		t.Errorf("at the km cap: %d %v", v.BillableKm, v.Steps)
	}
	p.Contract.KmRules.ReducedCapKm = nil
	p.Contract.KmRules.ReducedCapPercent = nd("16.6666666667") // 10,000.00000002 km → 10,000
	v = settleKm(p)
	if v.BillableKm != -10000 || strings.Contains(strings.Join(v.Steps, "\n"), "begrenzt") {
		t.Errorf("at the percent cap: %d %v", v.BillableKm, v.Steps)
	}
}

// Tyres are written only when something of them was recorded.
func TestEncodeTyresOnlyWhenRecorded(t *testing.T) {
	p := baseProtocol()
	if doc, _ := Encode(p); strings.Contains(string(doc), `"tyres"`) {
		t.Error("empty tyres encoded")
	}
	p.Tyres.Wheels = []Wheel{{Position: "VL", TreadMm: nd("4.5")}}
	if doc, _ := Encode(p); !strings.Contains(string(doc), `"tyres"`) || !strings.Contains(string(doc), `"VL"`) {
		t.Errorf("wheels without a minimum tread not encoded: %s", doc)
	}
}

// A number where a string belongs: a rate's example is a rate, a
// percentage's a percentage.
func TestDecimalErrorExamples(t *testing.T) {
	doc := string(readFile(t, "../testdata/spec-example.json"))
	rate := strings.Replace(doc, `"extra_rate": "0.0850"`, `"extra_rate": 0.085`, 1)
	pct := strings.Replace(doc, `"factor_percent": "45"`, `"factor_percent": 45`, 1)
	if rate == doc || pct == doc {
		t.Fatal("fixture changed: nothing replaced")
	}
	_, probs := Decode([]byte(rate), rules)
	if len(probs) == 0 || !strings.Contains(probs[0].String(), `"0.0850"`) {
		t.Errorf("rate: %v", probs)
	}
	_, probs = Decode([]byte(pct), rules)
	if len(probs) == 0 || !strings.Contains(probs[0].String(), `"45"`) {
		t.Errorf("percent: %v", probs)
	}
}

// A drawn signature may have up to maxStrokePoints points, no more.
func TestStrokePointLimit(t *testing.T) {
	points := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("[1,2]")
		}
		return b.String()
	}
	doc := string(readFile(t, "../testdata/spec-example.json"))
	sign := func(n int) []byte {
		s := `"signatures": [{"role": "inspector", "name": "Max Prüfer", "signed_at": "2024-04-03T10:00:00Z", "strokes": [[` + points(n) + `]]}],`
		return []byte(strings.Replace(doc, `"findings": [`, s+`"findings": [`, 1))
	}
	if _, probs := Decode(sign(maxStrokePoints), rules); len(probs) > 0 {
		t.Errorf("%d points: %v", maxStrokePoints, probs)
	}
	if _, probs := Decode(sign(maxStrokePoints+1), rules); len(probs) == 0 {
		t.Errorf("%d points accepted", maxStrokePoints+1)
	}
}

func TestQuoteNamesTheFactorRow(t *testing.T) {
	p := baseProtocol()
	p.Findings = []Finding{{Category: "lackierung", Part: "Tür", Repair: RepairPaint, Cost: nd("100")}}
	v := Value(p, rules)
	out, err := QuoteJSON(p, &v)
	if err != nil || !strings.Contains(string(out), `"factor_row"`) {
		t.Fatalf("quote without its factor row: %s %v", out, err)
	}
}

// CompletedMonths is the largest n with d + n months ≤ e, checked against
// counting up month by month, month ends and leap days included.
func TestPropertyCompletedMonthsCountsUp(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		d := NewDate(rapid.IntRange(2000, 2030).Draw(rt, "y"), time.Month(rapid.IntRange(1, 12).Draw(rt, "m")), rapid.IntRange(1, 31).Draw(rt, "d"))
		y, m, dd := d.t.AddDate(0, 0, rapid.IntRange(0, 3000).Draw(rt, "days")).Date()
		e := NewDate(y, m, dd)
		want := 0
		for !e.Before(d.AddMonths(want + 1)) {
			want++
		}
		if got := d.CompletedMonths(e); got != want {
			rt.Fatalf("%s → %s: %d months, counting gives %d", d, e, got, want)
		}
	})
}

func TestDecodeLimitsAndDefaults(t *testing.T) {
	doc := readFile(t, "../testdata/spec-example.json")
	pad := func(n int) []byte {
		return append(append([]byte{}, doc...), []byte(strings.Repeat(" ", n-len(doc)))...)
	}
	if _, probs := Decode(pad(MaxProtocolBytes), rules); len(probs.At("(file)")) > 0 {
		t.Errorf("a file of exactly the limit: %v", probs)
	}
	if _, probs := Decode(pad(MaxProtocolBytes+1), rules); len(probs.At("(file)")) == 0 {
		t.Error("a file over the limit was read")
	}
	withRefusal := func(r string) []byte {
		return []byte(strings.Replace(string(doc), `"findings": [`, `"refusal": `+r+`, "findings": [`, 1))
	}
	p, _ := Decode(withRefusal(`{"note": "bestreitet"}`), rules)
	if p == nil || p.Refusal == nil || p.Refusal.Statement != RefusalStatement {
		t.Fatalf("refusal without statement: %+v", p)
	}
	p, _ = Decode(withRefusal(`{"statement": "eigener Text"}`), rules)
	if p == nil || p.Refusal.Statement != "eigener Text" {
		t.Fatalf("refusal statement lost: %+v", p.Refusal)
	}
}

func TestEncodePreconditionsOnlyWhenRecorded(t *testing.T) {
	p := baseProtocol()
	if doc, _ := Encode(p); strings.Contains(string(doc), `"preconditions"`) {
		t.Error("empty preconditions encoded")
	}
	p.Preconditions.Note = "Regen"
	if doc, _ := Encode(p); !strings.Contains(string(doc), `"Regen"`) {
		t.Error("preconditions note not encoded")
	}
}

func TestKmStepsAtExactAgreement(t *testing.T) {
	p := baseProtocol() // returned at exactly the agreed 60,000 km
	v := settleKm(p)
	if steps := strings.Join(v.Steps, "\n"); !strings.Contains(steps, "Abweichung 0 km") {
		t.Errorf("steps: %s", steps)
	}
}
