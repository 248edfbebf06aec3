package inspection

import (
	"fmt"
	"strings"

	"rueckgabe/catalog"
)

// WheelPositions are the four wheels a new protocol records tread for.
var WheelPositions = []string{"VL", "VR", "HL", "HR"}

// NewDraft is an empty km-contract protocol for a catalogue: its usual
// delivery items expected and returned, four wheels, the km rules' default
// tolerance mode. The TUI starts every new protocol from it.
func NewDraft(cat *catalog.Catalogue, inspector string) *Protocol {
	p := &Protocol{Catalogue: cat.Ref(), Inspector: inspector,
		Contract: Contract{Type: ContractKm, KmRules: NewKmRules()}}
	for _, d := range cat.DeliveryItems {
		if d.Expected > 0 {
			p.Delivery = append(p.Delivery, DeliveryItem{Item: d.Item, Expected: int64(d.Expected), Returned: int64(d.Expected)})
		}
	}
	for _, pos := range WheelPositions {
		p.Tyres.Wheels = append(p.Tyres.Wheels, Wheel{Position: pos})
	}
	return p
}

// NewKmRules are km rules with nothing set but the default tolerance mode
// (Freigrenze, RULES §4).
func NewKmRules() *KmRules { return &KmRules{ToleranceMode: ToleranceThreshold} }

// FindingBlockers are the problems that keep finding i from being taken:
// an override of the catalogue without a reason, a factor out of range.
// Other problems (a missing cost, say) are shown but do not block: the
// inspector may price it later.
func FindingBlockers(ps Problems, i int) Problems {
	var out Problems
	for _, pr := range ps.At(fmt.Sprintf("findings[%d]", i)) {
		if strings.HasSuffix(pr.Path, ".override_reason") || strings.HasSuffix(pr.Path, ".factor_percent") {
			out = append(out, pr)
		}
	}
	return out
}
