package inspection

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"rueckgabe/catalog"
	"rueckgabe/money"
)

// Baseline names the sealed delivery protocol a return is judged against,
// with what the return took from it: the damage present at handover (printed
// "bei Auslieferung vorhanden"), the tyres and rims, the delivery scope. The
// copy is part of the return's signed content, so the return's PDF and
// figures stand without the delivery archive; verify compares it with the
// delivery protocol when that is at hand (CheckBaseline).
type Baseline struct {
	ID       string
	SealHash string
	VIN      string // the car handed over: a return of another car is a problem
	Date     Date   // the handover date
	Findings []BaselineDamage
	Wheels   []Wheel
	Delivery []DeliveryItem // the scope handed over: Expected and Returned as recorded at handover
}

// BaselineDamage is one finding of the delivery protocol, as it was recorded.
type BaselineDamage struct {
	Category string
	Part     string
	Damage   string
	Size     string
}

// BasisPreExisting is the basis of a damage present at handover: not charged.
const BasisPreExisting Basis = "pre_existing"

// ExplainPreExisting is the explanation of a pre-existing damage.
const ExplainPreExisting = "bei Auslieferung vorhanden → nicht berechnet"

// BaselineOf is the baseline a return takes from a sealed delivery protocol.
// The scope is every line of the delivery's scope that was checked, with
// the count handed over.
func BaselineOf(del *Protocol, rules *catalog.Rules, sealHash string) *Baseline {
	b := &Baseline{ID: del.ID, SealHash: sealHash, VIN: del.Vehicle.VIN, Date: del.Handover.Date}
	for _, f := range del.Findings {
		b.Findings = append(b.Findings, BaselineDamage{Category: f.Category, Part: f.Part, Damage: f.Damage, Size: f.Size})
	}
	for _, w := range del.Tyres.Wheels {
		b.Wheels = append(b.Wheels, Wheel{Position: w.Position, TreadMm: w.TreadMm, NotMeasurable: w.NotMeasurable, Tyre: w.Tyre, Rim: w.Rim})
	}
	for _, l := range DeliveryScope(del, rules) {
		if l.Checked {
			b.Delivery = append(b.Delivery, DeliveryItem{Item: l.Item, Expected: l.Expected, Returned: l.Returned, Note: l.Note})
		}
	}
	return b
}

// PreExisting reports a finding that was already there at handover and is
// not charged: every finding of a delivery protocol, and a return's finding
// naming its baseline finding unless the inspector charges it anyway with a
// factor_percent (which needs override_reason).
func (p *Protocol) PreExisting(f *Finding) bool {
	if p.IsDelivery() {
		return true
	}
	return f.BaselineFinding != nil && !f.FactorPercent.Valid
}

// BaselineDamageOf is the delivery finding a return finding names, if any.
func (p *Protocol) BaselineDamageOf(f *Finding) (BaselineDamage, bool) {
	if f.BaselineFinding == nil || p.Baseline == nil {
		return BaselineDamage{}, false
	}
	i := *f.BaselineFinding
	if i < 0 || i >= len(p.Baseline.Findings) {
		return BaselineDamage{}, false
	}
	return p.Baseline.Findings[i], true
}

// SamePart reports whether a return finding is on the same part as a
// pre-existing damage (case and spaces aside): the TUI asks "neu oder vorhanden?".
func SamePart(a, b string) bool {
	return a != "" && strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// BaselineCandidates are the indexes of the baseline's damages on the part.
func (p *Protocol) BaselineCandidates(part string) []int {
	if p.Baseline == nil {
		return nil
	}
	var out []int
	for i, d := range p.Baseline.Findings {
		if SamePart(d.Part, part) {
			out = append(out, i)
		}
	}
	return out
}

// tyreProposals proposes, for a return with a baseline, every wheel whose
// tyre or rim differs from what was recorded at handover (the guide's
// "vom Fahrzeugzustand bei Auslieferung abweichende Bereifung und Felgen").
func tyreProposals(p *Protocol, add func(rule, part, damage, reason string)) {
	if p.Baseline == nil {
		return
	}
	for _, was := range p.Baseline.Wheels {
		for _, now := range p.Tyres.Wheels {
			if !SamePart(was.Position, now.Position) {
				continue
			}
			var diffs []string
			if was.Tyre != "" && now.Tyre != "" && !SamePart(was.Tyre, now.Tyre) {
				diffs = append(diffs, fmt.Sprintf("Reifen %s statt %s", now.Tyre, was.Tyre))
			}
			if was.Rim != "" && now.Rim != "" && !SamePart(was.Rim, now.Rim) {
				diffs = append(diffs, fmt.Sprintf("Felge %s statt %s", now.Rim, was.Rim))
			}
			if len(diffs) > 0 {
				add("reifen_felgen_radkappen.x8", "Reifen "+now.Position, "abweichend von Auslieferung", strings.Join(diffs, ", ")+" bei Auslieferung")
			}
		}
	}
}

func decodeBaseline(o obj, p *Protocol) {
	b, ok := o.object("baseline")
	if !ok {
		return
	}
	p.Baseline = &Baseline{ID: b.str("id"), SealHash: b.str("seal_hash"), VIN: b.str("vin"), Date: b.date("date")}
	b.objects("findings", func(_ int, f obj) {
		p.Baseline.Findings = append(p.Baseline.Findings, BaselineDamage{Category: f.str("category"), Part: f.str("part"), Damage: f.str("damage"), Size: f.str("size")})
	})
	b.objects("wheels", func(_ int, w obj) { p.Baseline.Wheels = append(p.Baseline.Wheels, decodeWheel(w)) })
	b.objects("delivery", func(_ int, d obj) {
		p.Baseline.Delivery = append(p.Baseline.Delivery, DeliveryItem{Item: d.str("item"), Expected: d.intOr("expected", 0), Returned: d.intOr("returned", 0), Note: d.str("note")})
	})
}

func decodeBaselineFinding(f obj, fd *Finding) {
	if _, ok := f.get("baseline_finding"); !ok {
		return
	}
	if n := f.int("baseline_finding"); n != nil {
		i := int(*n)
		if int64(i) != *n {
			i = -1
		}
		fd.BaselineFinding = &i
	}
}

type (
	wireBaseline struct {
		ID       string               `json:"id"`
		SealHash string               `json:"seal_hash"`
		VIN      string               `json:"vin,omitempty"`
		Date     string               `json:"date,omitempty"`
		Findings []wireBaselineDamage `json:"findings,omitempty"`
		Wheels   []wireWheel          `json:"wheels,omitempty"`
		Delivery []wireDelivery       `json:"delivery,omitempty"`
	}
	wireBaselineDamage struct {
		Category string `json:"category"`
		Part     string `json:"part"`
		Damage   string `json:"damage"`
		Size     string `json:"size,omitempty"`
	}
)

func baselineToWire(b *Baseline) *wireBaseline {
	if b == nil {
		return nil
	}
	w := &wireBaseline{ID: b.ID, SealHash: b.SealHash, VIN: b.VIN, Date: b.Date.String()}
	for _, f := range b.Findings {
		w.Findings = append(w.Findings, wireBaselineDamage(f))
	}
	for _, wh := range b.Wheels {
		w.Wheels = append(w.Wheels, wheelToWire(wh))
	}
	for _, d := range b.Delivery {
		w.Delivery = append(w.Delivery, wireDelivery(d))
	}
	return w
}

// validateBaseline checks a return's baseline and the findings that name it.
func validateBaseline(ps *Problems, p *Protocol) {
	if b := p.Baseline; b != nil {
		if strings.TrimSpace(b.ID) == "" {
			ps.Both("baseline.id", "is missing: the id of the sealed delivery protocol", "Übergabeprotokoll fehlt")
		}
		if !isSealHash(b.SealHash) {
			ps.Both("baseline.seal_hash", fmt.Sprintf("%q is not a seal hash (64 lower-case hex digits)", b.SealHash), "Siegel-Hash des Übergabeprotokolls fehlt")
		}
		if b.VIN != "" && p.Vehicle.VIN != "" && b.VIN != p.Vehicle.VIN {
			ps.Both("baseline.vin", fmt.Sprintf("%s is not this car's VIN %s: the handover protocol is of another car", b.VIN, p.Vehicle.VIN),
				fmt.Sprintf("Übergabeprotokoll gehört zur FIN %s, nicht zu diesem Fahrzeug", b.VIN))
		}
	}
	for i := range p.Findings {
		f := &p.Findings[i]
		if f.BaselineFinding == nil || p.IsDelivery() {
			continue
		}
		at := fmt.Sprintf("findings[%d]", i)
		n := *f.BaselineFinding
		switch {
		case p.Baseline == nil:
			ps.Both(at+".baseline_finding", fmt.Sprintf("is %d, but the protocol has no baseline (the sealed delivery protocol it names)", n), "verweist auf ein Übergabeprotokoll, das nicht verknüpft ist")
		case n < 0 || n >= len(p.Baseline.Findings):
			ps.Both(at+".baseline_finding", fmt.Sprintf("%d is not a finding of the baseline (it has %d)", n, len(p.Baseline.Findings)), fmt.Sprintf("das Übergabeprotokoll hat keinen Befund %d", n+1))
		}
		if f.FactorPercent.Valid && f.FactorPercent.Decimal.IsPositive() && strings.TrimSpace(f.OverrideReason) == "" {
			ps.Both(at+".override_reason", fmt.Sprintf("is missing: the finding was present at handover and a charge (factor_percent %s) needs a reason", f.FactorPercent.Decimal),
				fmt.Sprintf("Begründung fehlt: bei Auslieferung vorhanden, Berechnung zu %s", money.Percent(f.FactorPercent.Decimal)))
		}
	}
}

func isSealHash(s string) bool {
	return len(s) == 64 && strings.Trim(s, "0123456789abcdef") == ""
}

// CheckBaseline compares a return's baseline with the delivery protocol it
// names (sealed with sealHash) and says, in English, every way they differ.
func CheckBaseline(ret, del *Protocol, rules *catalog.Rules, sealHash string) []string {
	b := ret.Baseline
	if b == nil {
		return nil
	}
	var out []string
	if !del.IsDelivery() {
		out = append(out, fmt.Sprintf("%s is not a delivery protocol", del.ID))
	}
	if b.ID != del.ID {
		out = append(out, fmt.Sprintf("baseline names %s, the delivery protocol is %s", b.ID, del.ID))
	}
	if b.SealHash != sealHash {
		out = append(out, fmt.Sprintf("baseline names seal %s, the delivery protocol is sealed %s", short(b.SealHash), short(sealHash)))
	}
	if ret.Vehicle.VIN != del.Vehicle.VIN {
		out = append(out, fmt.Sprintf("VIN %s differs from the delivery protocol's %s", ret.Vehicle.VIN, del.Vehicle.VIN))
	}
	want := BaselineOf(del, rules, sealHash)
	want.ID, want.SealHash = b.ID, b.SealHash
	got, exp := baselineToWire(b), baselineToWire(want)
	if a, e := marshalOrEmpty(got), marshalOrEmpty(exp); !bytes.Equal(a, e) {
		out = append(out, "the damage, tyres or scope the return took over differ from the delivery protocol")
	}
	return out
}

func marshalOrEmpty(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// scopeItems are the items a protocol's delivery scope expects: with a
// baseline, what was handed over (each line's count at handover), else the
// profile's delivery items.
func scopeItems(p *Protocol, rules *catalog.Rules) []catalog.DeliveryItem {
	if p.Baseline == nil || len(p.Baseline.Delivery) == 0 {
		return rules.DeliveryItems
	}
	out := make([]catalog.DeliveryItem, 0, len(p.Baseline.Delivery))
	for _, d := range p.Baseline.Delivery {
		out = append(out, catalog.DeliveryItem{Item: d.Item, Expected: int(d.Returned)})
	}
	return out
}
