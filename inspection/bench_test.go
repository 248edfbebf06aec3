package inspection

import (
	"fmt"
	"testing"
)

// protocolWith builds a protocol with n findings of mixed bases.
func protocolWith(n int) *Protocol {
	p := baseProtocol()
	p.Return.OdometerKm = 66001
	p.Contract.KmRules.ToleranceKm = i64(2500)
	p.Contract.KmRules.SurchargeAbovePercent, p.Contract.KmRules.SurchargePercent = nd("10"), nd("40")
	p.Contract.EndDate = date("2024-03-20")
	for i := range n {
		f := Finding{Category: "lackierung", Part: "Tür vorn links",
			Costs: Costs{PaintLabour: d(fmt.Sprintf("%d.20", 100+i)), PaintMaterial: d("55.22"), BodyLabour: d("12.5")}}
		switch i % 4 {
		case 1:
			f.FactorPercent = nd("45")
		case 2:
			f.SafetyRelevant = true
		case 3:
			f.Acceptable = true
		}
		p.Findings = append(p.Findings, f)
	}
	p.Fees = []Fee{{Code: "key_loss", Label: "Schlüsselverlust", Amount: nd("50")}}
	return p
}

func BenchmarkValue50Findings(b *testing.B) {
	p := protocolWith(50)
	b.ReportAllocs()
	for b.Loop() {
		_ = Value(p, rules)
	}
}

func BenchmarkDecodeSpecExample(b *testing.B) {
	data := readFile(b, "testdata/spec-example.json")
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Decode(data, rules)
	}
}

// BenchmarkDecodeFullExample is what import and quote decode of the
// repository's full example (the duplicate-key check included).
func BenchmarkDecodeFullExample(b *testing.B) {
	data := readFile(b, "../testdata/full-example.json")
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Decode(data, rules)
	}
}
