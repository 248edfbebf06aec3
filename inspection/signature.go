package inspection

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Signature roles (RULES.md §7).
const (
	RoleCustomerCondition = "customer_condition" // Einigung über Fahrzeugzustand und Fahrzeugausstattung
	RoleCustomerValuation = "customer_valuation" // Einigung über Minderwerte
	RoleInspector         = "inspector"
	RoleWitness           = "witness" // second dealership person, when the customer refuses
	RoleCustomerExpert    = "customer_expert"
)

// RoleLabels are the German labels of the signature roles.
var RoleLabels = map[string]string{
	RoleCustomerCondition: "Kunde: Einigung über Fahrzeugzustand und Fahrzeugausstattung",
	RoleCustomerValuation: "Kunde: Einigung über Minderwerte",
	RoleInspector:         "Prüfer",
	RoleWitness:           "Zeuge aus dem Autohaus",
	RoleCustomerExpert:    "Kunde: Wahl des Sachverständigen",
	RoleCustomerHandover:  "Kunde: Übernahme des Fahrzeugs im festgehaltenen Zustand",
}

// StrokeBox is the side of the square signature strokes are kept in.
const StrokeBox = 1000

// Signature is one signature on the protocol: typed full name, role, time,
// optionally the handwritten strokes as vectors in a 0–1000 box.
type Signature struct {
	Role     string
	Name     string
	SignedAt time.Time
	Strokes  [][][2]int
	// Attests is the hex SHA-256 of the RFC 8785 form of what the signature
	// covers (AttestedContent); "" on a signature given before it was recorded.
	Attests string
}

// RefusalStatement is printed when the customer refuses to sign.
const RefusalStatement = "Kunde verweigert Unterschrift"

// Refusal records that the customer refused to sign; the inspector and a
// witness from the dealership confirm it with their signatures.
type Refusal struct {
	Statement string
	Note      string
}

// Dispute records that the customer does not agree on the Minderwerte: the
// independent expert report the customer chose, and which findings are disputed.
type Dispute struct {
	Comment  string
	Experts  []string // the two experts offered
	Chosen   string   // the customer's choice, confirmed by signature
	Findings []int    // indexes of disputed findings; empty: all
	// ExpertCost is the expert report's net cost once known; lessor and
	// lessee share it half and half (RULES.md §7).
	ExpertCost decimal.NullDecimal
}

func validateSignatures(ps *Problems, p *Protocol) {
	for i, s := range p.Signatures {
		at := fmt.Sprintf("signatures[%d]", i)
		if _, ok := RoleLabels[s.Role]; !ok {
			ps.Both(at+".role", fmt.Sprintf("%q is not a role (use customer_condition, customer_valuation, inspector, witness, customer_expert or customer_handover)", s.Role),
				fmt.Sprintf("%q ist keine Rolle", s.Role))
		}
		if len([]rune(s.Name)) < 3 {
			ps.Both(at+".name", "needs the signer's full name", "vollständiger Name fehlt")
		}
		if s.SignedAt.IsZero() {
			ps.Both(at+".signed_at", "is missing (RFC 3339 time, e.g. \"2024-04-03T10:15:00+02:00\")", "Zeitpunkt fehlt")
		}
		for j, stroke := range s.Strokes {
			for k, pt := range stroke {
				if pt[0] < 0 || pt[0] > StrokeBox || pt[1] < 0 || pt[1] > StrokeBox {
					ps.Both(fmt.Sprintf("%s.strokes[%d][%d]", at, j, k), fmt.Sprintf("point %v is outside the 0–1000 box", pt), "Punkt außerhalb des Unterschriftsfelds")
				}
			}
		}
	}
	if d := p.Dispute; d != nil {
		for i, f := range d.Findings {
			if f < 0 || f >= len(p.Findings) {
				ps.Both(fmt.Sprintf("dispute.findings[%d]", i), fmt.Sprintf("%d is not a finding index (0–%d)", f, len(p.Findings)-1), "kein Befund mit dieser Nummer")
			}
		}
		if d.Chosen != "" && len(d.Experts) > 0 && !slices.Contains(d.Experts, d.Chosen) {
			ps.Both("dispute.chosen", fmt.Sprintf("%q is not one of the experts offered", d.Chosen), "gewählter Sachverständiger ist keiner der angebotenen")
		}
		if len(d.Experts) > 0 && len(d.Experts) != 2 {
			ps.Both("dispute.experts", fmt.Sprintf("offers %d experts; a dispute offers exactly two", len(d.Experts)), "genau zwei Sachverständige anbieten")
		}
		nonNegativeNull(ps, "dispute.expert_cost", d.ExpertCost)
	}
}

// SignatureBy returns the first signature with the role.
func (p *Protocol) SignatureBy(role string) (Signature, bool) {
	for _, s := range p.Signatures {
		if s.Role == role {
			return s, true
		}
	}
	return Signature{}, false
}

// MissingSignatures lists, in German, the signatures a sealable protocol still
// needs: both customer signatures and the inspector's; or, when the customer
// refused, the inspector's and a witness's; a dispute needs the customer's
// signed choice of expert instead of the valuation signature.
func MissingSignatures(p *Protocol) []string {
	out := signingProblems(p)
	for _, r := range RequiredRoles(p) {
		if _, ok := p.SignatureBy(r); !ok {
			out = append(out, "Unterschrift fehlt: "+RoleLabels[r])
		}
	}
	return out
}

// RequiredRoles are the signatures the protocol's path needs, in order.
func RequiredRoles(p *Protocol) []string {
	switch {
	case p.Refusal != nil:
		return []string{RoleInspector, RoleWitness}
	case p.IsDelivery():
		return []string{RoleCustomerHandover, RoleInspector}
	case p.Dispute != nil:
		return []string{RoleCustomerCondition, RoleCustomerExpert, RoleInspector}
	}
	return []string{RoleCustomerCondition, RoleCustomerValuation, RoleInspector}
}

// DeleteFinding removes finding i. The dispute names its findings by
// index: the indexes after i move down one with the findings they name,
// and i itself leaves the list (callers ask first: a list left empty
// would mean every finding disputed).
func (p *Protocol) DeleteFinding(i int) {
	if i < 0 || i >= len(p.Findings) {
		return
	}
	p.Findings = slices.Delete(p.Findings, i, i+1)
	if d := p.Dispute; d != nil {
		d.Findings = slices.DeleteFunc(d.Findings, func(j int) bool { return j == i })
		for k, j := range d.Findings {
			if j > i {
				d.Findings[k] = j - 1
			}
		}
	}
}

// Disputes reports whether the dispute names finding i among its own (not
// the empty list that disputes every finding).
func (p *Protocol) Disputes(i int) bool {
	return p.Dispute != nil && slices.Contains(p.Dispute.Findings, i)
}
