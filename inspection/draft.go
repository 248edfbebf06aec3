package inspection

import (
	"fmt"
	"strings"

	"rueckgabe/catalog"
)

// WheelPositions are the four wheels a new protocol records tread for.
var WheelPositions = []string{"VL", "VR", "HL", "HR"}

// NewDraft is an empty km-contract protocol under a lessor profile, recorded
// with its content hash: four wheels, the profile's km preset. The profile's
// delivery items are not listed: an item is listed when the inspector checks
// it (DeliveryScope), so that none counts as returned unseen. The TUI starts every new protocol
// from it; inspector and dealership are the device's.
func NewDraft(rules *catalog.Rules, inspector, dealership string) *Protocol {
	p := &Protocol{Profile: rules.Ref(), ProfileHash: rules.Hash, Catalogue: rules.Catalogue.Ref(),
		Inspector: inspector, Dealership: dealership,
		Contract: Contract{Type: ContractKm, KmRules: PresetKmRules(rules.KmPreset)}}
	for _, pos := range WheelPositions {
		p.Tyres.Wheels = append(p.Tyres.Wheels, Wheel{Position: pos})
	}
	return p
}

// NewKmRules are km rules with nothing set but the default tolerance mode
// (Freigrenze, RULES §4).
func NewKmRules() *KmRules { return &KmRules{ToleranceMode: ToleranceThreshold} }

// PresetKmRules are the km rules a profile proposes; the rates stay the
// contract's unless the preset names them.
func PresetKmRules(k catalog.KmPreset) *KmRules {
	r := NewKmRules()
	if k.ToleranceMode != "" {
		r.ToleranceMode = k.ToleranceMode
	}
	r.ExtraRate, r.ReducedRate = k.ExtraRate.Decimal, k.ReducedRate.Decimal
	r.ToleranceKm, r.ReducedCapKm, r.ReducedVoidAboveKm = clonePtr(k.ToleranceKm), clonePtr(k.ReducedCapKm), clonePtr(k.ReducedVoidAboveKm)
	r.ReducedCapPercent, r.SurchargeAbovePercent, r.SurchargePercent = k.ReducedCapPercent, k.SurchargeAbovePercent, k.SurchargePercent
	return r
}

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

// ApplyCriterion gives a finding a criterion and the criterion's marks: the
// one way every input path (the TUI's pick, a proposal) sets them, so the
// criterion decides the basis (RULES.md §3).
func ApplyCriterion(f *Finding, r *catalog.Criterion) {
	f.Rule, f.Acceptable, f.SafetyRelevant, f.Accident = r.ID, r.Acceptable, r.SafetyRelevant, r.Accident
}
