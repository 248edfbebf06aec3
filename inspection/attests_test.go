package inspection

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gowebpki/jcs"
)

var signedAt = time.Date(2024, 4, 3, 10, 0, 0, 0, time.UTC)

// withDoor is baseProtocol with one charged door finding (cost 300).
func withDoor() *Protocol {
	p := baseProtocol()
	p.Findings = []Finding{{Category: "lackierung", Rule: "lackierung.x1", Part: "Tür hinten links", Damage: "Kratzer", Size: ">15cm - 20cm",
		Repair: RepairPaint, Cost: nd("300")}}
	p.Tyres.Wheels = []Wheel{{Position: "VL", TreadMm: nd("4")}}
	p.Delivery = []DeliveryItem{{Item: "Fahrzeugschlüssel", Expected: 2, Returned: 2}}
	return p
}

func signAll(t *testing.T, p *Protocol, roles ...string) {
	t.Helper()
	for _, r := range roles {
		if err := p.Sign(rules, Signature{Role: r, Name: "Erika Mustermann", SignedAt: signedAt}); err != nil {
			t.Fatal(err)
		}
	}
}

func roles(p *Protocol) []string {
	var out []string
	for _, s := range p.Signatures {
		out = append(out, s.Role)
	}
	return out
}

// The case: both customer signatures, then the door's cost 300 → 900.
// The valuation signature (and the inspector's) is void, the condition stays:
// the findings themselves did not change.
func TestChangedAmountVoidsTheValuationSignature(t *testing.T) {
	p := withDoor()
	signAll(t, p, RoleCustomerCondition, RoleCustomerValuation, RoleInspector)
	if v := VoidStale(p, rules); len(v) != 0 {
		t.Fatalf("nothing changed, voided %v", v)
	}
	p.Findings[0].Cost = nd("900")
	if probs := Validate(p, rules); !strings.Contains(probs.Error(), "signatures[1].attests") {
		t.Fatalf("a stale valuation signature is no problem: %v", probs)
	}
	voided := VoidStale(p, rules)
	if got := roles(p); !slices.Equal(got, []string{RoleCustomerCondition}) {
		t.Fatalf("left %v, voided %v", got, voided)
	}
	if len(voided) != 2 || voided[0].Role != RoleCustomerValuation || !strings.Contains(voided[0].Notice(), "Beträge") {
		t.Fatalf("voided %v", voided)
	}
	// a change of the findings voids the condition agreement too
	p.Findings[0].Damage = "Delle"
	if v := VoidStale(p, rules); len(v) != 1 || v[0].Role != RoleCustomerCondition {
		t.Fatalf("changed finding: voided %v", v)
	}
}

// The condition covers tyres and delivery scope; a note elsewhere voids only
// the inspector's signature, who signs the whole protocol.
func TestConditionCoversTyresAndDelivery(t *testing.T) {
	for name, change := range map[string]func(*Protocol){
		"tyre":     func(p *Protocol) { p.Tyres.Wheels[0].TreadMm = nd("1.0") },
		"delivery": func(p *Protocol) { p.Delivery[0].Returned = 1 },
		"photo": func(p *Protocol) {
			p.Findings[0].Evidence = []Photo{{SHA256: strings.Repeat("a", 64), Size: 1, Name: "x.jpg", Type: "image/jpeg"}}
		},
	} {
		p := withDoor()
		signAll(t, p, RoleCustomerCondition, RoleInspector)
		change(p)
		if v := VoidStale(p, rules); len(v) != 2 || v[0].Role != RoleCustomerCondition {
			t.Errorf("%s: voided %v", name, v)
		}
	}
	p := withDoor()
	signAll(t, p, RoleCustomerCondition, RoleCustomerValuation, RoleInspector)
	p.Return.Place = "Halle 3"
	if v := VoidStale(p, rules); len(v) != 1 || v[0].Role != RoleInspector {
		t.Errorf("place: voided %v", v)
	}
}

// Dispute: the customer signs the choice of TÜV Süd; the choice changes to
// DEKRA: the expert signature is void.
func TestChangedExpertVoidsTheChoice(t *testing.T) {
	p := withDoor()
	p.Dispute = NewDispute(rules)
	if p.Dispute.Chosen != "" {
		t.Fatalf("an expert is preselected: %q", p.Dispute.Chosen)
	}
	if m := MissingSignatures(p); !slices.ContainsFunc(m, func(s string) bool { return strings.Contains(s, "Sachverständigen gewählt") }) {
		t.Fatalf("no choice, not said: %v", m)
	}
	p.Dispute.Chosen = p.Dispute.Experts[1]
	signAll(t, p, RoleCustomerCondition, RoleCustomerExpert)
	p.Dispute.Chosen = p.Dispute.Experts[0]
	if v := VoidStale(p, rules); len(v) != 1 || v[0].Role != RoleCustomerExpert {
		t.Fatalf("voided %v", v)
	}
	// the expert cost, known later, is not what the choice attests
	p.Dispute.Chosen = p.Dispute.Experts[1]
	signAll(t, p, RoleCustomerExpert)
	p.Dispute.ExpertCost = nd("612.50")
	if v := VoidStale(p, rules); slices.ContainsFunc(v, func(x Voided) bool { return x.Role == RoleCustomerExpert }) {
		t.Fatalf("expert cost voided the choice: %v", v)
	}
}

// Refusal and agreement exclude each other: switching to a refusal takes the
// customer's signatures off; the witness is another person.
func TestRefusalExcludesTheCustomersSignatures(t *testing.T) {
	p := withDoor()
	p.Inspector = "Max Prüfer"
	signAll(t, p, RoleCustomerCondition, RoleCustomerValuation)
	p.Refusal = &Refusal{Statement: RefusalStatement}
	voided := VoidStale(p, rules)
	if len(p.Signatures) != 0 || len(voided) != 2 || !strings.Contains(voided[0].Why, "Kunde verweigert") {
		t.Fatalf("left %v, voided %v", roles(p), voided)
	}
	if err := p.Sign(rules, Signature{Role: RoleInspector, Name: "Max Prüfer", SignedAt: signedAt}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"max  PRÜFER", "Max Pruefer", "erika mustermann"} {
		p.Signatures = slices.DeleteFunc(p.Signatures, func(s Signature) bool { return s.Role == RoleWitness })
		signAll(t, p)
		_ = p.Sign(rules, Signature{Role: RoleWitness, Name: name, SignedAt: signedAt})
		if m := MissingSignatures(p); !slices.Contains(m, "Zeuge muss eine andere Person sein als Prüfer und Kunde") {
			t.Errorf("witness %q accepted: %v", name, m)
		}
	}
	p.Signatures = slices.DeleteFunc(p.Signatures, func(s Signature) bool { return s.Role == RoleWitness })
	_ = p.Sign(rules, Signature{Role: RoleWitness, Name: "Jürgen Zeuge", SignedAt: signedAt})
	if m := MissingSignatures(p); len(m) != 0 {
		t.Errorf("a proper refusal: %v", m)
	}
	// a customer signature on a refusal is refused for sealing
	p.Signatures = append(p.Signatures, Signature{Role: RoleCustomerCondition, Name: "Erika Mustermann", SignedAt: signedAt, Attests: "x"})
	if m := MissingSignatures(p); !slices.ContainsFunc(m, func(s string) bool { return strings.Contains(s, "gehört nicht zum Ablauf") }) {
		t.Errorf("refusal with agreement: %v", m)
	}
}

// The digests are what docs/format.md says, recomputable without this
// package: the condition is the findings without amounts plus tyres and
// delivery, in RFC 8785 form.
func TestAttestedContentIsDocumented(t *testing.T) {
	p := withDoor()
	raw, err := EncodeCompact(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	f := m["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"cost", "costs", "factor_percent"} {
		delete(f, k)
	}
	doc, _ := json.Marshal(map[string]any{"findings": m["findings"], "tyres": m["tyres"], "delivery": m["delivery"]})
	canon, _ := jcs.Transform(doc)
	sum := sha256.Sum256(canon)
	got, err := Attests(p, rules, RoleCustomerCondition)
	if err != nil || got != hex.EncodeToString(sum[:]) {
		t.Fatalf("condition digest %s, recomputed %x (%v)", got, sum, err)
	}
	v := Value(p, rules)
	q, _ := QuoteJSON(p, &v)
	var qm map[string]any
	_ = json.Unmarshal(q, &qm)
	if c, _ := AttestedContent(p, rules, RoleCustomerValuation); strings.Contains(string(c), "explanation") || !strings.Contains(string(c), `"gross":"`) {
		t.Fatalf("valuation content: %s", c)
	}
}
