package inspection

import (
	"rueckgabe/catalog"
)

// NewDispute is a dispute offering the profile's two experts, the first
// preselected.
func NewDispute(rules *catalog.Rules) *Dispute {
	d := &Dispute{Experts: append([]string(nil), rules.Experts...)}
	if len(d.Experts) > 0 {
		d.Chosen = d.Experts[0]
	}
	return d
}
