package inspection

import "slices"

// Clone returns a deep copy, so a snapshot can be saved in the background
// while the original keeps being edited.
func (p *Protocol) Clone() *Protocol {
	c := *p
	c.Vehicle.Equipment = slices.Clone(p.Vehicle.Equipment)
	if p.Vehicle.PowerKW != nil {
		v := *p.Vehicle.PowerKW
		c.Vehicle.PowerKW = &v
	}
	if p.Contract.AgreedKm != nil {
		v := *p.Contract.AgreedKm
		c.Contract.AgreedKm = &v
	}
	if p.Contract.KmRules != nil {
		k := *p.Contract.KmRules
		c.Contract.KmRules = &k
	}
	c.Preconditions = p.Preconditions.clone()
	c.Findings = make([]Finding, len(p.Findings))
	for i, f := range p.Findings {
		f.Photos = slices.Clone(f.Photos)
		c.Findings[i] = f
	}
	c.Completed = slices.Clone(p.Completed)
	c.Tyres.Wheels = slices.Clone(p.Tyres.Wheels)
	c.Delivery = slices.Clone(p.Delivery)
	c.Fees = slices.Clone(p.Fees)
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
	return &c
}

func (pc Preconditions) clone() Preconditions {
	cp := func(b *bool) *bool {
		if b == nil {
			return nil
		}
		v := *b
		return &v
	}
	return Preconditions{cp(pc.Cleaned), cp(pc.Lighting), cp(pc.NoWeather), cp(pc.DoorsOpen), cp(pc.Accessible), pc.Note}
}
