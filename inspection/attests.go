package inspection

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"rueckgabe/internal/canon"

	"rueckgabe/catalog"
)

// What each signature attests (docs/format.md, "What a signature binds"). The
// content is taken from the protocol's interchange JSON and the quote, so an
// auditor can recompute it from a bundle with any RFC 8785 library.
var (
	// conditionKeys are the protocol members the condition agreement covers.
	conditionKeys = []string{"findings", "tyres", "delivery", "delivery_complete"}
	// moneyKeys are left out of the findings the condition covers: amounts
	// are what the valuation signature attests.
	moneyKeys = []string{"cost", "costs", "factor_percent", "mercantile_depreciation", "depreciation_paid_by_insurer", "no_charge_reason"}
	// textKeys are left out of the quote the valuation signature covers:
	// explanations are words about the figures, not figures.
	// The criterion ("rule") is part of the findings the condition covers.
	textKeys = []string{"explanation", "factor_row", "rule"}
)

// AttestedContent is the RFC 8785 form of what a signature of the role covers:
//   - customer_condition: {"findings", "tyres", "delivery", "delivery_complete"}
//     as in the protocol, each finding without its amounts;
//   - customer_valuation: the quote (as `rueckgabe quote` prints it) without
//     any "explanation" or "factor_row";
//   - customer_expert: {"dispute": the dispute without "expert_cost"};
//   - customer_handover: {"kind", "vehicle", "delivery_record", "handover",
//     "findings", "tyres", "delivery", "delivery_complete", "evidence"}, each
//     finding without its amounts;
//   - inspector, witness: the whole protocol without "format", "id" and
//     "signatures" (with a refusal: the refusal and everything it refers to).
func AttestedContent(p *Protocol, rules *catalog.Rules, role string) ([]byte, error) {
	var doc any
	switch role {
	case RoleCustomerValuation:
		v := Value(p, rules)
		q, err := QuoteJSON(p, &v)
		if err != nil {
			return nil, err
		}
		m, err := decodeMap(q)
		if err != nil {
			return nil, err
		}
		doc = stripKeys(m, textKeys)
	default:
		raw, err := EncodeCompact(p)
		if err != nil {
			return nil, err
		}
		m, err := decodeMap(raw)
		if err != nil {
			return nil, err
		}
		switch role {
		case RoleCustomerCondition, RoleCustomerHandover:
			keys := conditionKeys
			if role == RoleCustomerHandover {
				keys = handoverKeys
			}
			out := map[string]any{}
			for _, k := range keys {
				if v, ok := m[k]; ok {
					out[k] = v
				}
			}
			if fs, ok := out["findings"].([]any); ok {
				for _, f := range fs {
					if fm, ok := f.(map[string]any); ok {
						for _, k := range moneyKeys {
							delete(fm, k)
						}
					}
				}
			}
			doc = out
		case RoleCustomerExpert:
			d, _ := m["dispute"].(map[string]any)
			if d != nil {
				delete(d, "expert_cost")
			}
			doc = map[string]any{"dispute": d}
		case RoleInspector, RoleWitness:
			delete(m, "format")
			delete(m, "id")
			delete(m, "signatures")
			doc = m
		default:
			return nil, fmt.Errorf("%q is not a role", role)
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return canon.Transform(b)
}

// Attests is the hex SHA-256 of AttestedContent.
func Attests(p *Protocol, rules *catalog.Rules, role string) (string, error) {
	c, err := AttestedContent(p, rules, role)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(c)
	return hex.EncodeToString(sum[:]), nil
}

func decodeMap(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	return m, dec.Decode(&m)
}

func stripKeys(v any, keys []string) any {
	switch t := v.(type) {
	case map[string]any:
		for _, k := range keys {
			delete(t, k)
		}
		for k, e := range t {
			t[k] = stripKeys(e, keys)
		}
	case []any:
		for i, e := range t {
			t[i] = stripKeys(e, keys)
		}
	}
	return v
}

// Sign adds a signature for what the protocol holds now: its Attests is
// computed, and an earlier signature of the same role is replaced.
func (p *Protocol) Sign(rules *catalog.Rules, s Signature) error {
	a, err := Attests(p, ProfileOf(p, rules), s.Role)
	if err != nil {
		return err
	}
	s.Attests = a
	p.Signatures = slices.DeleteFunc(p.Signatures, func(o Signature) bool { return o.Role == s.Role })
	p.Signatures = append(p.Signatures, s)
	return nil
}

// FillAttests records, for each signature without Attests, the digest of the
// content as it stands: a protocol from before digests were recorded (an
// interchange file, an older store) is the record of what was signed. It
// returns how many it filled.
func FillAttests(p *Protocol, rules *catalog.Rules) int {
	n := 0
	rules = ProfileOf(p, rules)
	for i := range p.Signatures {
		if p.Signatures[i].Attests != "" {
			continue
		}
		if a, err := Attests(p, rules, p.Signatures[i].Role); err == nil {
			p.Signatures[i].Attests = a
			n++
		}
	}
	return n
}

// Voided is a signature taken off a protocol, and why, in German.
type Voided struct {
	Role string
	Why  string
}

// Notice is the line the inspector reads.
func (v Voided) Notice() string {
	return "Unterschrift entfernt – " + RoleLabels[v.Role] + ": " + v.Why + "; bitte erneut unterschreiben"
}

// VoidStale removes every signature that no longer attests what the protocol
// holds — its content changed since — and every signature the protocol's
// path excludes (a refusal excludes the customer's, an agreement the
// witness's); it says which and why. A signature without Attests is left for
// FillAttests.
func VoidStale(p *Protocol, rules *catalog.Rules) []Voided {
	if len(p.Signatures) == 0 {
		return nil
	}
	rules = ProfileOf(p, rules)
	allowed := RequiredRoles(p)
	var out []Voided
	p.Signatures = slices.DeleteFunc(p.Signatures, func(s Signature) bool {
		if !slices.Contains(allowed, s.Role) {
			out = append(out, Voided{Role: s.Role, Why: "gehört nicht zum Ablauf „" + PathLabel(p) + "“"})
			return true
		}
		if s.Attests == "" {
			return false
		}
		if a, err := Attests(p, rules, s.Role); err == nil && a != s.Attests {
			out = append(out, Voided{Role: s.Role, Why: changedWhat[s.Role] + " seit der Unterschrift geändert"})
			return true
		}
		return false
	})
	return out
}

var changedWhat = map[string]string{
	RoleCustomerCondition: "Befunde, Reifen oder Lieferumfang",
	RoleCustomerValuation: "Beträge",
	RoleCustomerExpert:    "Wahl des Sachverständigen",
	RoleInspector:         "Protokoll",
	RoleWitness:           "Protokoll",
	RoleCustomerHandover:  "Fahrzeug, Lieferumfang, Befunde oder Reifen",
}

// PathLabel names the protocol's signing path in German.
func PathLabel(p *Protocol) string {
	switch {
	case p.Refusal != nil:
		return "Kunde verweigert Unterschrift"
	case p.Dispute != nil:
		return "keine Einigung über Minderwerte"
	case p.IsDelivery():
		return "Übergabe"
	}
	return "Einigung"
}

// validateAttests reports a signature whose recorded digest does not match
// what the protocol holds (contract: a problem at signatures[i].attests).
func validateAttests(ps *Problems, p *Protocol, rules *catalog.Rules) {
	for i, s := range p.Signatures {
		if s.Attests == "" || RoleLabels[s.Role] == "" {
			continue
		}
		a, err := Attests(p, rules, s.Role)
		if err != nil || a == s.Attests {
			continue
		}
		ps.Both(fmt.Sprintf("signatures[%d].attests", i), fmt.Sprintf("%s does not match the content it attests (%s): the %s changed after the signature", s.Attests, a, changedWhatEN[s.Role]),
			fmt.Sprintf("Unterschrift gilt einem anderen Stand (%s geändert)", changedWhat[s.Role]))
	}
}

var changedWhatEN = map[string]string{
	RoleCustomerCondition: "findings, tyres or delivery scope",
	RoleCustomerValuation: "amounts",
	RoleCustomerExpert:    "choice of expert",
	RoleInspector:         "protocol",
	RoleWitness:           "protocol",
	RoleCustomerHandover:  "vehicle, delivery record, findings or tyres",
}

// signingProblems lists, in German, what is wrong with the signatures given
// so far for sealing: one outside the path, one without a digest, a witness
// who is the inspector or the customer, a dispute without the customer's
// choice of expert.
func signingProblems(p *Protocol) []string {
	var out []string
	allowed := RequiredRoles(p)
	for _, s := range p.Signatures {
		label := RoleLabels[s.Role]
		switch {
		case label == "":
		case !slices.Contains(allowed, s.Role):
			out = append(out, fmt.Sprintf("Unterschrift %s gehört nicht zum Ablauf „%s“: entfernen", label, PathLabel(p)))
		case s.Attests == "":
			out = append(out, fmt.Sprintf("Unterschrift %s ohne Bezug auf den Inhalt: neu unterschreiben", label))
		}
	}
	if w, ok := p.SignatureBy(RoleWitness); ok && p.Refusal != nil {
		others := []string{p.Inspector, p.Customer.Name}
		if s, ok := p.SignatureBy(RoleInspector); ok {
			others = append(others, s.Name)
		}
		for _, o := range others {
			if o != "" && FoldName(o) == FoldName(w.Name) {
				out = append(out, "Zeuge muss eine andere Person sein als Prüfer und Kunde")
				break
			}
		}
	}
	if d := p.Dispute; d != nil && d.Chosen == "" {
		out = append(out, "Gutachten: der Kunde hat noch keinen Sachverständigen gewählt")
	}
	return out
}

// FoldName folds a person's name for comparison: case, spacing and the German
// transliterations (Müller = Mueller = MÜLLER), accents dropped.
func FoldName(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		for _, r := range strings.ToLower(w) {
			switch r {
			case 'ä':
				b.WriteString("ae")
			case 'ö':
				b.WriteString("oe")
			case 'ü':
				b.WriteString("ue")
			case 'ß':
				b.WriteString("ss")
			default:
				if r < unicode.MaxASCII || unicode.IsLetter(r) {
					b.WriteRune(baseLetter(r))
				}
			}
		}
	}
	return b.String()
}

// baseLetter drops the accent of common Latin letters (é → e).
func baseLetter(r rune) rune {
	const from, to = "àáâãåèéêëìíîïòóôõøùúûýÿçñ", "aaaaaeeeeiiiiooooouuuyycn"
	if i := strings.IndexRune(from, r); i >= 0 {
		return []rune(to)[len([]rune(from[:i]))]
	}
	return r
}
