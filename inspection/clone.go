package inspection

import "slices"

// Clone returns a deep copy, so a snapshot can be saved in the background
// while the original keeps being edited. Nothing reachable is shared (a test
// walks every field by reflection); nil stays nil.
func (p *Protocol) Clone() *Protocol {
	c := *p
	c.Vehicle.Equipment = slices.Clone(p.Vehicle.Equipment)
	c.Vehicle.PowerKW = clonePtr(p.Vehicle.PowerKW)
	c.Contract.AgreedKm = clonePtr(p.Contract.AgreedKm)
	if p.Contract.KmRules != nil {
		k := *p.Contract.KmRules
		k.ToleranceKm, k.ReducedCapKm, k.ReducedVoidAboveKm = clonePtr(k.ToleranceKm), clonePtr(k.ReducedCapKm), clonePtr(k.ReducedVoidAboveKm)
		c.Contract.KmRules = &k
	}
	c.Preconditions = p.Preconditions.clone()
	c.Findings = nil
	if p.Findings != nil {
		c.Findings = make([]Finding, len(p.Findings))
	}
	for i := range p.Findings {
		c.Findings[i] = p.Findings[i].clone()
	}
	c.Completed = slices.Clone(p.Completed)
	c.Tyres.Wheels = slices.Clone(p.Tyres.Wheels)
	c.Delivery = slices.Clone(p.Delivery)
	c.Evidence = slices.Clone(p.Evidence)
	c.Fees = slices.Clone(p.Fees)
	for i := range c.Fees {
		c.Fees[i].Taxable = clonePtr(c.Fees[i].Taxable)
	}
	c.Dismissed = slices.Clone(p.Dismissed)
	c.DamagesTaxable = clonePtr(p.DamagesTaxable)
	c.Amends = clonePtr(p.Amends)
	c.Signatures = make([]Signature, len(p.Signatures))
	for i, sg := range p.Signatures {
		sg.Strokes = slices.Clone(sg.Strokes)
		for j := range sg.Strokes {
			sg.Strokes[j] = slices.Clone(sg.Strokes[j])
		}
		c.Signatures[i] = sg
	}
	if p.Signatures == nil {
		c.Signatures = nil
	}
	if p.Refusal != nil {
		r := *p.Refusal
		c.Refusal = &r
	}
	if p.Dispute != nil {
		d := *p.Dispute
		d.Experts, d.Findings = slices.Clone(d.Experts), slices.Clone(d.Findings)
		c.Dispute = &d
	}
	p.cloneKind(&c)
	return &c
}

// clone is a deep copy of a finding.
func (f *Finding) clone() Finding {
	c := *f
	c.Photos = slices.Clone(f.Photos)
	c.Evidence = slices.Clone(f.Evidence)
	c.BaselineFinding = clonePtr(f.BaselineFinding)
	c.Location, c.Measurements = f.Location.clone(), f.Measurements.clone()
	return c
}

func (pc Preconditions) clone() Preconditions {
	return Preconditions{clonePtr(pc.Cleaned), clonePtr(pc.Lighting), clonePtr(pc.NoWeather), clonePtr(pc.DoorsOpen), clonePtr(pc.Accessible), pc.Note}
}

// clonePtr copies what a pointer points to; nil stays nil.
func clonePtr[T any](v *T) *T {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}
