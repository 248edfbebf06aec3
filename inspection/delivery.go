package inspection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Protocol kinds: a return (Rücknahmeprotokoll, the default) or a handover
// protocol (Übergabeprotokoll) written when the car goes out to the customer.
const (
	KindReturn   = "return"
	KindDelivery = "delivery"
)

// KindLabels are the kinds as the PDF and the TUI name them.
var KindLabels = map[string]string{"": "Rücknahmeprotokoll", KindReturn: "Rücknahmeprotokoll", KindDelivery: "Übergabeprotokoll"}

// IsDelivery reports a handover protocol: the car's condition when it went
// out; nothing is charged, there is no km settlement and no late return.
func (p *Protocol) IsDelivery() bool { return p.Kind == KindDelivery }

// KindLabel is the protocol's kind in German.
func (p *Protocol) KindLabel() string { return KindLabels[p.Kind] }

// DeliveryRecord is the delivery record of the car (the guide's Lieferumfang
// page, "Auslieferungsnachweis"): model code, list price and each equipment
// code with name, quantity and unit price. On both kinds of protocol.
type DeliveryRecord struct {
	ModelCode string
	ListPrice decimal.NullDecimal
	Equipment []RecordItem
}

// RecordItem is one line of the delivery record.
type RecordItem struct {
	Code      string
	Name      string
	Quantity  int64
	UnitPrice decimal.NullDecimal
}

// Handover is when and where a delivery protocol's car was handed over; the
// odometer at handover is vehicle.delivery_odometer_km.
type Handover struct {
	Date  Date
	Place string
}

// RoleCustomerHandover is the customer's signature on a handover protocol:
// the car was taken over as recorded (condition, scope, existing damage).
const RoleCustomerHandover = "customer_handover"

// handoverKeys are the protocol members the customer's handover signature
// covers; findings without their amounts (moneyKeys), as for the condition.
var handoverKeys = []string{"kind", "vehicle", "delivery_record", "handover", "findings", "tyres", "delivery", "delivery_complete", "evidence"}

func decodeKind(o obj, p *Protocol) {
	p.Kind = o.str("kind")
	switch p.Kind {
	case "", KindReturn, KindDelivery:
	default:
		o.probs.Add(o.at("kind"), "%q is not a kind (use \"return\" or \"delivery\")", p.Kind)
	}
	if r, ok := o.object("delivery_record"); ok {
		p.DeliveryRecord = decodeRecord(r)
	}
	if h, ok := o.object("handover"); ok {
		p.Handover = Handover{Date: h.date("date"), Place: h.str("place")}
	}
	decodeBaseline(o, p)
}

// decodeRecord reads the members of a delivery record.
func decodeRecord(r obj) *DeliveryRecord {
	rec := &DeliveryRecord{ModelCode: r.str("model_code"), ListPrice: r.money("list_price")}
	r.objects("equipment", func(_ int, e obj) {
		rec.Equipment = append(rec.Equipment, RecordItem{Code: e.str("code"), Name: e.str("name"), Quantity: e.intOr("quantity", 1), UnitPrice: e.money("unit_price")})
	})
	return rec
}

type (
	wireRecord struct {
		ModelCode string           `json:"model_code,omitempty"`
		ListPrice string           `json:"list_price,omitempty"`
		Equipment []wireRecordItem `json:"equipment"`
	}
	wireRecordItem struct {
		Code      string `json:"code"`
		Name      string `json:"name"`
		Quantity  int64  `json:"quantity"`
		UnitPrice string `json:"unit_price,omitempty"`
	}
	wireHandover struct {
		Date  string `json:"date"`
		Place string `json:"place,omitempty"`
	}
)

func recordToWire(r *DeliveryRecord) *wireRecord {
	if r == nil {
		return nil
	}
	w := &wireRecord{ModelCode: r.ModelCode, ListPrice: optMoney(r.ListPrice), Equipment: make([]wireRecordItem, len(r.Equipment))}
	for i, e := range r.Equipment {
		w.Equipment[i] = wireRecordItem{Code: e.Code, Name: e.Name, Quantity: e.Quantity, UnitPrice: optMoney(e.UnitPrice)}
	}
	return w
}

// kindToWire fills the members of this file and baseline.go.
func kindToWire(w *wireProtocol, p *Protocol) {
	w.Kind = p.Kind
	w.DeliveryRecord = recordToWire(p.DeliveryRecord)
	if !p.Handover.Date.IsZero() || p.Handover.Place != "" {
		w.Handover = &wireHandover{Date: p.Handover.Date.String(), Place: p.Handover.Place}
	}
	w.Baseline = baselineToWire(p.Baseline)
}

func (p *Protocol) cloneKind(c *Protocol) {
	if r := p.DeliveryRecord; r != nil {
		cr := *r
		cr.Equipment = slices.Clone(r.Equipment)
		c.DeliveryRecord = &cr
	}
	if b := p.Baseline; b != nil {
		cb := *b
		cb.Findings, cb.Wheels, cb.Delivery = slices.Clone(b.Findings), slices.Clone(b.Wheels), slices.Clone(b.Delivery)
		c.Baseline = &cb
	}
}

// validateKind checks what this file adds, and a delivery protocol's own
// rules: a handover date instead of a return, no charges of any kind.
func validateKind(ps *Problems, p *Protocol) {
	if r := p.DeliveryRecord; r != nil {
		nonNegativeNull(ps, "delivery_record.list_price", r.ListPrice)
		for i, e := range r.Equipment {
			at := fmt.Sprintf("delivery_record.equipment[%d]", i)
			if strings.TrimSpace(e.Code) == "" && strings.TrimSpace(e.Name) == "" {
				ps.Both(at+".code", "is empty and so is name (e.g. \"0494\", \"Sitzheizung für Fahrer und Beifahrer\")", "Code und Bezeichnung fehlen")
			}
			nonNegativeInt(ps, at+".quantity", e.Quantity)
			nonNegativeNull(ps, at+".unit_price", e.UnitPrice)
		}
	}
	if !p.IsDelivery() {
		if !p.Handover.Date.IsZero() || p.Handover.Place != "" {
			ps.Both("handover", "belongs to a delivery protocol (kind \"delivery\"); a return records return", "Übergabe gehört zum Übergabeprotokoll")
		}
		return
	}
	h := p.Handover
	switch {
	case h.Date.IsZero():
		ps.Both("handover.date", "is missing (the day the car was handed over, e.g. \"2021-03-19\")", "fehlt (Übergabedatum, z. B. 19.03.2021)")
	case !p.Vehicle.FirstRegistration.IsZero() && h.Date.Before(p.Vehicle.FirstRegistration):
		ps.Both("handover.date", fmt.Sprintf("%s is before the first registration %s", h.Date, p.Vehicle.FirstRegistration), fmt.Sprintf("%s liegt vor der Erstzulassung %s", h.Date.German(), p.Vehicle.FirstRegistration.German()))
	}
	if p.Return != (Return{}) {
		ps.Both("return", "is given on a delivery protocol; the handover is recorded in handover, the odometer in vehicle.delivery_odometer_km", "Rückgabedaten im Übergabeprotokoll: Übergabe unter handover erfassen")
	}
	if p.Baseline != nil {
		ps.Both("baseline", "is given on a delivery protocol; only a return names the delivery protocol it is judged against", "Übergabeprotokoll hat keine Ausgangslage")
	}
	for i := range p.Findings {
		if p.Findings[i].BaselineFinding != nil {
			ps.Both(fmt.Sprintf("findings[%d].baseline_finding", i), "is given on a delivery protocol; its findings are the damage present at handover", "im Übergabeprotokoll ist jeder Befund bei Auslieferung vorhanden")
		}
	}
	if len(p.Fees) > 0 {
		ps.Both("fees", fmt.Sprintf("has %d line(s) on a delivery protocol, which charges nothing; fees belong to the return", len(p.Fees)), "ein Übergabeprotokoll berechnet nichts: Gebühren gehören zur Rücknahme")
	}
	if p.Dispute != nil {
		ps.Both("dispute", "is given on a delivery protocol; nothing is valued at handover, so there is nothing to dispute", "kein Einspruch im Übergabeprotokoll")
	}
	if t := p.Contract.Type; t != "" && t != ContractKm && t != ContractResidual {
		ps.Both("contract.type", fmt.Sprintf("%q is not a contract type (use \"km\" or \"residual\")", t), fmt.Sprintf("%q ist keine Vertragsart", t))
	}
}
