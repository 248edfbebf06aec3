package inspection

import (
	"rueckgabe/catalog"
)

// NewDispute is a dispute offering the profile's two experts; none is
// chosen: the customer chooses, and signs that choice.
func NewDispute(rules *catalog.Rules) *Dispute {
	return &Dispute{Experts: append([]string(nil), rules.Experts...)}
}
