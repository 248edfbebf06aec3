package tui

import (
	"strings"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// newProtocol is a new protocol under a profile for this device's inspector
// and dealership (inspection.NewDraft).
func newProtocol(c *Common, rules *catalog.Rules) *inspection.Protocol {
	return inspection.NewDraft(rules, c.Device.Inspector, c.Device.Dealership)
}

// prefill gives a new protocol what an inspector expects filled in: the
// make from the profile (catalog.Hints: data, not code) and the return date today (the app's clock seam,
// Options.Today) — on a handover protocol the handover date, as it has no
// return. The km rules come from the profile's preset already
// (inspection.NewDraft).
func prefill(p *inspection.Protocol, today inspection.Date, h *catalog.Hints) {
	if p.Vehicle.Make == "" {
		id, _, _ := strings.Cut(p.Profile, "@")
		p.Vehicle.Make = h.MakeOf(id)
	}
	switch {
	case p.IsDelivery():
		if p.Handover.Date.IsZero() {
			p.Handover.Date = today // a handover protocol has no return
		}
	case p.Return.Date.IsZero():
		p.Return.Date = today
	}
}

// demoProtocol is a filled-in example a new user can explore.
func demoProtocol(c *Common) *inspection.Protocol {
	p := newProtocol(c, c.profile())
	agreed, tol, capKm := int64(60000), int64(2500), int64(10000)
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	nd := func(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }
	date := func(s string) inspection.Date { v, _ := inspection.ParseDate(s); return v }
	p.Vehicle = inspection.Vehicle{VIN: "WBAUL91000VF71552", Plate: "M-DE 2024", Make: "BMW", Model: "125i Cabrio",
		FirstRegistration: date("2021-03-19"), Value: nd("18500.00")}
	p.Customer = inspection.Customer{Name: "Erika Mustermann (Demo)", Address: "Musterweg 1, 80331 München"}
	p.Contract = inspection.Contract{Number: "DEMO-0001", Type: inspection.ContractKm, EndDate: date("2024-03-31"),
		MonthlyRate: nd("349.93"), AgreedKm: &agreed, KmRules: &inspection.KmRules{ExtraRate: d("0.0850"), ReducedRate: d("0.0425"),
			ToleranceKm: &tol, ToleranceMode: inspection.ToleranceThreshold, ReducedCapKm: &capKm}}
	p.Return = inspection.Return{Date: date("2024-04-03"), OdometerKm: 62501, Place: "Autohaus Beispiel, Halle 2"}
	p.Findings = []inspection.Finding{{Category: "lackierung", Rule: "lackierung.x1", Part: "Tür hinten links", Damage: "Kratzer",
		Size: ">15cm - 20cm", Repair: inspection.RepairPaint, Costs: inspection.Costs{PaintLabour: d("235.20"), PaintMaterial: d("55.22")}}}
	p.Completed = []string{"karosserie", "lackierung"}
	return p
}
