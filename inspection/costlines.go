package inspection

import "github.com/shopspring/decimal"

// CostLine is one line of a finding's repair cost (Kalkulation): its key in
// the interchange format, its name in the guide's words (the editor and the
// PDF both print this one), and where Costs keeps it.
type CostLine struct {
	Key   string
	Label string
	Of    func(c *Costs) *decimal.Decimal
}

// CostLines are the five lines in the guide's order (GLOSSARY: Arbeitskosten
// Karosserie, Kosten Instandsetzung/Teile, Arbeitskosten Lack, Kosten
// Lackierung, Pauschalpreis). The one table every screen and print uses.
var CostLines = []CostLine{
	{Key: "body_labour", Label: "Arbeitskosten Karosserie", Of: func(c *Costs) *decimal.Decimal { return &c.BodyLabour }},
	{Key: "parts", Label: "Kosten Instandsetzung/Teile", Of: func(c *Costs) *decimal.Decimal { return &c.Parts }},
	{Key: "paint_labour", Label: "Arbeitskosten Lack", Of: func(c *Costs) *decimal.Decimal { return &c.PaintLabour }},
	{Key: "paint_material", Label: "Kosten Lackierung", Of: func(c *Costs) *decimal.Decimal { return &c.PaintMaterial }},
	{Key: "flat", Label: "Pauschalpreis", Of: func(c *Costs) *decimal.Decimal { return &c.Flat }},
}

// costLinesOf are the lines each repair method prices: a Smart Repair is one
// price, a repair labour and parts, a paint job paint labour and material;
// the flat price fits every method. Repair and paint, and replacement, use
// every line (absent here).
var costLinesOf = map[string][]string{
	RepairSmart:  {"flat"},
	RepairRepair: {"body_labour", "parts", "flat"},
	RepairPaint:  {"paint_labour", "paint_material", "flat"},
	RepairNone:   {"flat"},
}

// UsesCostLine reports whether a repair method prices the cost line key. A
// line that holds an amount is shown whatever the method: money is never
// hidden (the caller checks that).
func UsesCostLine(repair, key string) bool {
	lines, ok := costLinesOf[repair]
	if !ok {
		return true
	}
	for _, l := range lines {
		if l == key {
			return true
		}
	}
	return false
}
