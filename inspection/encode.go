package inspection

import (
	"time"

	"github.com/shopspring/decimal"

	"rueckgabe/money"
)

// The wire types give the interchange JSON its field order and its money as
// two-decimal strings. Optional values are omitted when unset.
type (
	wireProtocol struct {
		Format         string             `json:"format"`
		Kind           string             `json:"kind,omitempty"`
		ID             string             `json:"id,omitempty"`
		Profile        string             `json:"profile,omitempty"`
		ProfileHash    string             `json:"profile_hash,omitempty"`
		Amends         *wireAmends        `json:"amends,omitempty"`
		Baseline       *wireBaseline      `json:"baseline,omitempty"`
		Catalogue      string             `json:"catalogue,omitempty"`
		Inspector      string             `json:"inspector,omitempty"`
		Dealership     string             `json:"dealership,omitempty"`
		Vehicle        wireVehicle        `json:"vehicle"`
		DeliveryRecord *wireRecord        `json:"delivery_record,omitempty"`
		Customer       wireCustomer       `json:"customer"`
		Contract       wireContract       `json:"contract"`
		Return         wireReturn         `json:"return"`
		Handover       *wireHandover      `json:"handover,omitempty"`
		Preconditions  *wirePreconditions `json:"preconditions,omitempty"`
		Findings       []wireFinding      `json:"findings"`
		Completed      []string           `json:"completed_categories,omitempty"`
		Tyres          *wireTyres         `json:"tyres,omitempty"`
		Delivery       []wireDelivery     `json:"delivery,omitempty"`
		DeliveryDone   bool               `json:"delivery_complete,omitempty"`
		Service        *wireService       `json:"service,omitempty"`
		Evidence       []wirePhoto        `json:"evidence,omitempty"`
		Fees           []wireFee          `json:"fees"`
		Dismissed      []wireDismissal    `json:"dismissed_proposals,omitempty"`
		VATPercent     string             `json:"vat_percent,omitempty"`
		DamagesTaxable *bool              `json:"damages_taxable,omitempty"`
		Signatures     []wireSignature    `json:"signatures,omitempty"`
		Refusal        *wireRefusal       `json:"refusal,omitempty"`
		Dispute        *wireDispute       `json:"dispute,omitempty"`
	}
	wireSignature struct {
		Role     string     `json:"role"`
		Name     string     `json:"name"`
		SignedAt string     `json:"signed_at"`
		Attests  string     `json:"attests,omitempty"`
		Strokes  [][][2]int `json:"strokes,omitempty"`
	}
	wireAmends struct {
		ID       string `json:"id"`
		SealHash string `json:"seal_hash"`
		Reason   string `json:"reason"`
	}
	wireRefusal struct {
		Statement string `json:"statement"`
		Note      string `json:"note,omitempty"`
	}
	wireDispute struct {
		Comment    string   `json:"comment"`
		Experts    []string `json:"experts,omitempty"`
		Chosen     string   `json:"chosen,omitempty"`
		Findings   []int    `json:"findings,omitempty"`
		ExpertCost string   `json:"expert_cost,omitempty"`
	}
	wireDismissal struct {
		Rule   string `json:"rule"`
		Part   string `json:"part"`
		Reason string `json:"reason"`
	}
	wireVehicle struct {
		VIN                string          `json:"vin"`
		Plate              string          `json:"plate"`
		Make               string          `json:"make,omitempty"`
		Model              string          `json:"model,omitempty"`
		FirstRegistration  string          `json:"first_registration"`
		DeliveryOdometerKm int64           `json:"delivery_odometer_km"`
		PowerKW            *int64          `json:"power_kw,omitempty"`
		ListPrice          string          `json:"list_price,omitempty"`
		Value              string          `json:"value,omitempty"`
		Equipment          []wireEquipment `json:"equipment,omitempty"`
		Body               string          `json:"body,omitempty"`
	}
	wireEquipment struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	wireCustomer struct {
		Name    string `json:"name"`
		Address string `json:"address"`
	}
	wireContract struct {
		Number         string       `json:"number"`
		Type           string       `json:"type"`
		EndDate        string       `json:"end_date,omitempty"`
		MonthlyRate    string       `json:"monthly_rate,omitempty"`
		AgreedKm       *int64       `json:"agreed_km,omitempty"`
		KmRules        *wireKmRules `json:"km_rules,omitempty"`
		DealerNetPrice string       `json:"dealer_net_price,omitempty"`
	}
	wireKmRules struct {
		ExtraRate             string `json:"extra_rate"`
		ReducedRate           string `json:"reduced_rate"`
		ToleranceKm           *int64 `json:"tolerance_km,omitempty"`
		ToleranceMode         string `json:"tolerance_mode"`
		ReducedCapKm          *int64 `json:"reduced_cap_km,omitempty"`
		ReducedCapPercent     string `json:"reduced_cap_percent,omitempty"`
		ReducedVoidAboveKm    *int64 `json:"reduced_void_above_km,omitempty"`
		SurchargeAbovePercent string `json:"surcharge_above_percent,omitempty"`
		SurchargePercent      string `json:"surcharge_percent,omitempty"`
	}
	wireReturn struct {
		Date           string `json:"date"`
		OdometerKm     int64  `json:"odometer_km"`
		OdometerStatus string `json:"odometer_status,omitempty"`
		Place          string `json:"place"`
	}
	wirePreconditions struct {
		Cleaned    *bool  `json:"cleaned,omitempty"`
		Lighting   *bool  `json:"lighting,omitempty"`
		NoWeather  *bool  `json:"no_weather,omitempty"`
		DoorsOpen  *bool  `json:"doors_open,omitempty"`
		Accessible *bool  `json:"accessible,omitempty"`
		Note       string `json:"note,omitempty"`
	}
	wireFinding struct {
		Category       string      `json:"category"`
		Rule           string      `json:"rule,omitempty"`
		Part           string      `json:"part"`
		Damage         string      `json:"damage"`
		Cause          string      `json:"cause,omitempty"`
		Size           string      `json:"size"`
		Repair         string      `json:"repair"`
		Acceptable     bool        `json:"acceptable"`
		OverrideReason string      `json:"override_reason,omitempty"`
		SafetyRelevant bool        `json:"safety_relevant"`
		Accident       bool        `json:"accident"`
		FactorPercent  string      `json:"factor_percent,omitempty"`
		Cost           string      `json:"cost,omitempty"`
		Costs          *wireCosts  `json:"costs,omitempty"`
		NoChargeReason string      `json:"no_charge_reason,omitempty"`
		Depreciation   string      `json:"mercantile_depreciation,omitempty"`
		DeprInsured    bool        `json:"depreciation_paid_by_insurer,omitempty"`
		Note           string      `json:"note"`
		Photos         []string    `json:"photos,omitempty"`
		Evidence       []wirePhoto `json:"evidence,omitempty"`
		Baseline       *int        `json:"baseline_finding,omitempty"`

		// where on the outline and how big (location.go, measure.go)
		Location     *wireLocation     `json:"location,omitempty"`
		Measurements *wireMeasurements `json:"measurements,omitempty"`
	}
	wirePhoto struct {
		SHA256    string `json:"sha256"`
		Size      int64  `json:"size"`
		Name      string `json:"name"`
		Type      string `json:"type"`
		TakenAt   string `json:"taken_at,omitempty"`
		TakenFrom string `json:"taken_from,omitempty"`
	}
	wireCosts struct {
		BodyLabour    string `json:"body_labour"`
		Parts         string `json:"parts"`
		PaintLabour   string `json:"paint_labour"`
		PaintMaterial string `json:"paint_material"`
		Flat          string `json:"flat"`
	}
	wireTyres struct {
		MinTreadMm string      `json:"min_tread_mm,omitempty"`
		Wheels     []wireWheel `json:"wheels,omitempty"`
	}
	wireWheel struct {
		Position string `json:"position"`
		TreadMm  string `json:"tread_mm,omitempty"`
		NotMeas  string `json:"not_measurable,omitempty"`
		Tyre     string `json:"tyre,omitempty"`
		Rim      string `json:"rim,omitempty"`
	}
	wireDelivery struct {
		Item     string `json:"item"`
		Expected int64  `json:"expected"`
		Returned int64  `json:"returned"`
		Note     string `json:"note,omitempty"`
	}
	wireService struct {
		HUDue      string `json:"hu_due,omitempty"`
		HUMonth    string `json:"hu_due_month,omitempty"`
		ServiceDue string `json:"service_due,omitempty"`
	}
	wireFee struct {
		Code     string `json:"code"`
		Label    string `json:"label"`
		Amount   string `json:"amount,omitempty"`
		Quantity int64  `json:"quantity,omitempty"`
		Taxable  *bool  `json:"taxable,omitempty"`
	}
)

// Encode writes a protocol as interchange JSON, indented for people.
func Encode(p *Protocol) ([]byte, error) {
	return marshalIndent(toWire(p))
}

// EncodeCompact writes a protocol as interchange JSON on one line (for storage).
func EncodeCompact(p *Protocol) ([]byte, error) {
	return encodeCompact(p)
}

func optMoney(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return money.JSON(d.Decimal)
}

func optDecimal(d decimal.NullDecimal, places int32) string {
	if !d.Valid {
		return ""
	}
	return money.DotDecimal(d.Decimal, places)
}

func toWire(p *Protocol) wireProtocol {
	w := toWireHead(p)
	w.Findings = make([]wireFinding, len(p.Findings))
	for i := range p.Findings {
		w.Findings[i] = findingToWire(&p.Findings[i])
	}
	return w
}

// toWireHead is the protocol without its findings (nil).
func toWireHead(p *Protocol) wireProtocol {
	w := wireProtocol{
		Format: FormatProtocol, ID: p.ID, Profile: p.Profile, ProfileHash: p.ProfileHash, Catalogue: p.Catalogue,
		Inspector: p.Inspector, Dealership: p.Dealership, DamagesTaxable: p.DamagesTaxable,
		Vehicle: wireVehicle{
			VIN: p.Vehicle.VIN, Plate: p.Vehicle.Plate, Make: p.Vehicle.Make, Model: p.Vehicle.Model,
			FirstRegistration: p.Vehicle.FirstRegistration.String(), DeliveryOdometerKm: p.Vehicle.DeliveryOdometerKm,
			PowerKW: p.Vehicle.PowerKW, ListPrice: optMoney(p.Vehicle.ListPrice), Value: optMoney(p.Vehicle.Value),
			Body: p.Vehicle.Body,
		},
		Customer: wireCustomer{Name: p.Customer.Name, Address: p.Customer.Address},
		Contract: wireContract{
			Number: p.Contract.Number, Type: p.Contract.Type, EndDate: p.Contract.EndDate.String(),
			MonthlyRate: optMoney(p.Contract.MonthlyRate), AgreedKm: p.Contract.AgreedKm,
			DealerNetPrice: optMoney(p.Contract.DealerNetPrice),
		},
		Return:     wireReturn{Date: p.Return.Date.String(), OdometerKm: p.Return.OdometerKm, OdometerStatus: p.Return.OdometerStatus, Place: p.Return.Place},
		Completed:  p.Completed,
		Fees:       make([]wireFee, len(p.Fees)),
		VATPercent: optDecimal(p.VATPercent, 0),
	}
	kindToWire(&w, p)
	if a := p.Amends; a != nil {
		w.Amends = &wireAmends{ID: a.ID, SealHash: a.SealHash, Reason: a.Reason}
	}
	for _, e := range p.Vehicle.Equipment {
		w.Vehicle.Equipment = append(w.Vehicle.Equipment, wireEquipment(e))
	}
	if k := p.Contract.KmRules; k != nil {
		w.Contract.KmRules = &wireKmRules{
			ExtraRate: money.DotDecimal(k.ExtraRate, 4), ReducedRate: money.DotDecimal(k.ReducedRate, 4),
			ToleranceKm: k.ToleranceKm, ToleranceMode: k.ToleranceMode, ReducedCapKm: k.ReducedCapKm,
			ReducedCapPercent: optDecimal(k.ReducedCapPercent, 0), ReducedVoidAboveKm: k.ReducedVoidAboveKm,
			SurchargeAbovePercent: optDecimal(k.SurchargeAbovePercent, 0), SurchargePercent: optDecimal(k.SurchargePercent, 0),
		}
	}
	if pc := p.Preconditions; pc != (Preconditions{}) {
		w.Preconditions = &wirePreconditions{pc.Cleaned, pc.Lighting, pc.NoWeather, pc.DoorsOpen, pc.Accessible, pc.Note}
	}
	if p.Tyres.MinTreadMm.Valid || len(p.Tyres.Wheels) > 0 {
		w.Tyres = &wireTyres{MinTreadMm: optDecimal(p.Tyres.MinTreadMm, 1)}
		for _, wh := range p.Tyres.Wheels {
			w.Tyres.Wheels = append(w.Tyres.Wheels, wheelToWire(wh))
		}
	}
	for _, d := range p.Delivery {
		w.Delivery = append(w.Delivery, wireDelivery(d))
	}
	w.DeliveryDone = p.AllDelivered
	if sv := p.Service; !sv.HUDue.IsZero() || !sv.HUMonth.IsZero() || !sv.ServiceDue.IsZero() {
		w.Service = &wireService{HUDue: sv.HUDue.String(), HUMonth: sv.HUMonth.String(), ServiceDue: sv.ServiceDue.String()}
	}
	w.Evidence = photosToWire(p.Evidence)
	for i, f := range p.Fees {
		w.Fees[i] = wireFee{Code: f.Code, Label: f.Label, Amount: optMoney(f.Amount), Quantity: f.Quantity, Taxable: f.Taxable}
	}
	for _, d := range p.Dismissed {
		w.Dismissed = append(w.Dismissed, wireDismissal(d))
	}
	for _, sg := range p.Signatures {
		w.Signatures = append(w.Signatures, wireSignature{Role: sg.Role, Name: sg.Name, SignedAt: sg.SignedAt.Format(time.RFC3339), Attests: sg.Attests, Strokes: sg.Strokes})
	}
	if r := p.Refusal; r != nil {
		w.Refusal = &wireRefusal{Statement: r.Statement, Note: r.Note}
	}
	if d := p.Dispute; d != nil {
		w.Dispute = &wireDispute{Comment: d.Comment, Experts: d.Experts, Chosen: d.Chosen, Findings: d.Findings, ExpertCost: optMoney(d.ExpertCost)}
	}
	return w
}

func findingToWire(f *Finding) wireFinding {
	return wireFinding{
		Category: f.Category, Rule: f.Rule, Part: f.Part, Damage: f.Damage, Cause: f.Cause, Size: f.Size, Repair: f.Repair,
		Acceptable: f.Acceptable, OverrideReason: f.OverrideReason, SafetyRelevant: f.SafetyRelevant, Accident: f.Accident,
		FactorPercent: optDecimal(f.FactorPercent, 0), Cost: optMoney(f.Cost),
		Costs:        costsToWire(f),
		Depreciation: optMoney(f.Depreciation.Amount), DeprInsured: f.Depreciation.PaidByInsurer,
		Note: f.Note, Photos: f.Photos, Evidence: photosToWire(f.Evidence),
		NoChargeReason: f.NoChargeReason, Baseline: f.BaselineFinding,
		Location: locationToWire(f.Location), Measurements: measurementsToWire(f.Measurements),
	}
}

func wheelToWire(wh Wheel) wireWheel {
	return wireWheel{Position: wh.Position, TreadMm: optDecimal(wh.TreadMm, 1), NotMeas: wh.NotMeasurable, Tyre: wh.Tyre, Rim: wh.Rim}
}

// costsToWire writes the cost lines, unless a single amount stands alone:
// the spec allows both only when they agree.
func costsToWire(f *Finding) *wireCosts {
	if f.Cost.Valid && f.Costs.IsZero() {
		return nil
	}
	return &wireCosts{
		BodyLabour: money.JSON(f.Costs.BodyLabour), Parts: money.JSON(f.Costs.Parts), PaintLabour: money.JSON(f.Costs.PaintLabour),
		PaintMaterial: money.JSON(f.Costs.PaintMaterial), Flat: money.JSON(f.Costs.Flat),
	}
}

func photosToWire(ps []Photo) []wirePhoto {
	if len(ps) == 0 {
		return nil
	}
	out := make([]wirePhoto, len(ps))
	for i, ph := range ps {
		out[i] = wirePhoto(ph)
	}
	return out
}
