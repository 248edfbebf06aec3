package inspection

import (
	"fmt"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/money"
)

// LegalMinTread is the legal minimum tread depth (StVZO) in mm.
var LegalMinTread = decimal.RequireFromString("1.6")

// Proposal is a finding the checks suggest, with why. Dismissed is set when
// the inspector dismissed it with a reason instead of taking it over.
type Proposal struct {
	Finding   Finding
	Reason    string
	Dismissed *Dismissal
	// Fee is the schedule's fee the profile charges with it (a key not
	// returned: key_loss per key), taken over together with the finding.
	Fee *Fee
}

// MinTread is the protocol's tread minimum: its own, else the profile's.
func (p *Protocol) MinTread(rules *catalog.Rules) decimal.Decimal {
	if p.Tyres.MinTreadMm.Valid {
		return p.Tyres.MinTreadMm.Decimal
	}
	if rules != nil && !rules.MinTreadMm.IsZero() {
		return rules.MinTreadMm
	}
	return LegalMinTread
}

// Dismissal returns the dismissal of the proposal with this rule and part.
func (p *Protocol) Dismissal(rule, part string) (*Dismissal, int) {
	for i := range p.Dismissed {
		if p.Dismissed[i].Rule == rule && p.Dismissed[i].Part == part {
			return &p.Dismissed[i], i
		}
	}
	return nil, -1
}

// OpenProposals are the proposals neither taken over nor dismissed: each one
// stands between the protocol and signing (RULES.md §9).
func OpenProposals(p *Protocol, rules *catalog.Rules) []Proposal {
	var out []Proposal
	for _, pr := range Proposals(p, rules) {
		if pr.Dismissed == nil {
			out = append(out, pr)
		}
	}
	return out
}

// Proposals derives not-acceptable findings from the tyre depths, the
// delivery scope check and the HU/service dates (RULES.md §1.7–1.9). A
// proposal already recorded (same rule and part) is left out; a dismissed one
// stays, with its dismissal.
func Proposals(p *Protocol, rules *catalog.Rules) []Proposal {
	if p.IsDelivery() {
		return nil // the condition at handover: nothing is owed yet
	}
	rules = ProfileOf(p, rules)
	var out []Proposal
	add := func(rule, part, damage, reason string) {
		for _, f := range p.Findings {
			if f.Rule == rule && f.Part == part {
				return
			}
		}
		f := Finding{Category: categoryOf(rule, rules), Rule: rule, Part: part, Damage: damage, Note: reason}
		if r, ok := rules.Catalogue.Criterion(rule); ok {
			ApplyCriterion(&f, r)
		}
		d, _ := p.Dismissal(rule, part)
		out = append(out, Proposal{Finding: f, Reason: reason, Dismissed: d})
	}
	minTread := p.MinTread(rules)
	for _, w := range p.Tyres.Wheels {
		if w.TreadMm.Valid && w.TreadMm.Decimal.LessThan(minTread) {
			add("reifen_felgen_radkappen.x1", "Reifen "+w.Position, "Profiltiefe zu gering",
				fmt.Sprintf("Profiltiefe %s mm unter %s mm", money.GermanDecimal(w.TreadMm.Decimal, 1), money.GermanDecimal(minTread, 1)))
		}
	}
	tyreProposals(p, add)
	for _, d := range p.Delivery {
		if d.Returned < d.Expected {
			n := len(out)
			add("lieferumfang.x1", d.Item, "fehlt", fmt.Sprintf("%d von %d zurückgegeben", d.Returned, d.Expected))
			if code, ok := rules.MissingItemFees[d.Item]; ok && len(out) > n {
				out[n].Fee = &Fee{Code: code, Quantity: d.Expected - d.Returned}
			}
		}
	}
	if due := p.Service.HUDueDate(); !due.IsZero() && !p.Return.Date.IsZero() && !p.Return.Date.Before(due) {
		add("mechanik_elektrik.x4", "HU/AU", "fällig", "HU/AU fällig am "+due.German())
	}
	if due := p.Service.ServiceDue; !due.IsZero() && !p.Return.Date.IsZero() && !p.Return.Date.Before(due) {
		add("mechanik_elektrik.x1", "Inspektion", "fällig", "Inspektion fällig am "+due.German())
	}
	return out
}

// ServiceNotes says, for HU/AU and service dates that are not yet due on the
// return date, that they must not be charged (BMW guide, "Voraussetzung").
func ServiceNotes(p *Protocol) []string {
	var out []string
	for _, s := range []struct {
		name string
		due  Date
	}{{"HU/AU", p.Service.HUDueDate()}, {"Inspektion", p.Service.ServiceDue}} {
		if !s.due.IsZero() && !p.Return.Date.IsZero() && p.Return.Date.Before(s.due) {
			out = append(out, fmt.Sprintf("%s erst am %s fällig: darf dem Kunden nicht berechnet werden", s.name, s.due.German()))
		}
	}
	return out
}

func categoryOf(rule string, rules *catalog.Rules) string {
	if c, ok := rules.Catalogue.CategoryOf(rule); ok {
		return c.ID
	}
	return ""
}

// TakeOver records a proposal: its finding, and its fee unless the protocol
// has a line of that fee already. It reports whether a fee line was added.
func (p *Protocol) TakeOver(pr Proposal) bool {
	p.Findings = append(p.Findings, pr.Finding)
	if pr.Fee == nil {
		return false
	}
	for _, f := range p.Fees {
		if f.Code == pr.Fee.Code {
			return false
		}
	}
	p.Fees = append(p.Fees, *pr.Fee)
	return true
}
