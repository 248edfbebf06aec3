// Package inspection is the domain of a return inspection: the protocol, its
// validation and its valuation. It is pure: no I/O, no clock, no UI.
package inspection

import (
	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/money"
)

// FormatProtocol is the interchange format tag of a protocol object.
const FormatProtocol = "rueckgabe/protocol@1"

// Protocol records one vehicle return (Rücknahmeprotokoll), RULES.md §1.
type Protocol struct {
	ID          string
	Profile     string // lessor profile, "id@version" (RULES.md §8); "" = the default
	ProfileHash string // the profile's content hash when it was recorded
	// PinnedHash is not part of the interchange form: the profile a record
	// sealed before profiles were pinned was valued with, kept by the store.
	PinnedHash string
	// Amends names the sealed protocol this one corrects, and why.
	Amends        *Amendment
	Catalogue     string // catalogue ref that judged the findings, e.g. "bmw-fs-2012@2"
	Vehicle       Vehicle
	Customer      Customer
	Contract      Contract
	Return        Return
	Preconditions Preconditions
	Findings      []Finding
	Completed     []string // category ids the inspector finished
	Tyres         Tyres
	Delivery      []DeliveryItem
	AllDelivered  bool // delivery_complete: the whole scope confirmed as expected ("alles vollständig")
	Service       Service
	Evidence      []Photo // photos of the whole car: overview, odometer, VIN plate
	Fees          []Fee
	Dismissed     []Dismissal         // proposals the inspector did not take over, with why
	VATPercent    decimal.NullDecimal // default: the profile's
	// DamagesTaxable overrides the profile's setting for this protocol (RULES.md §6).
	DamagesTaxable *bool
	Inspector      string
	Dealership     string
	Signatures     []Signature
	Refusal        *Refusal
	Dispute        *Dispute
	// Kind is "" or KindReturn (a return), or KindDelivery (a handover
	// protocol); DeliveryRecord, Handover and Baseline: delivery.go, baseline.go.
	Kind           string
	DeliveryRecord *DeliveryRecord
	Handover       Handover
	Baseline       *Baseline
}

// Amendment is what an amendment (Nachtrag) corrects: the sealed protocol's
// id and seal hash, and the reason. It is part of the signed content.
type Amendment struct {
	ID       string
	SealHash string
	Reason   string
}

// Vehicle is the returned car.
type Vehicle struct {
	VIN                string
	Plate              string
	Make               string
	Model              string
	FirstRegistration  Date
	DeliveryOdometerKm int64
	PowerKW            *int64
	ListPrice          decimal.NullDecimal
	Value              decimal.NullDecimal // net; basis of the disagreement surcharge
	Equipment          []Equipment
	Body               string // catalog.Bodies; "" = limousine (the outline drawn)
}

// Equipment is one line of the delivered equipment list.
type Equipment struct {
	Code string
	Name string
}

// Customer is the lessee. Personal data: shown only where needed.
type Customer struct {
	Name    string
	Address string
}

// Contract types.
const (
	ContractKm       = "km"
	ContractResidual = "residual"
)

// Contract is the lease contract.
type Contract struct {
	Number         string
	Type           string // ContractKm or ContractResidual
	EndDate        Date
	MonthlyRate    decimal.NullDecimal
	AgreedKm       *int64
	KmRules        *KmRules
	DealerNetPrice decimal.NullDecimal // residual contracts: Netto-Händlerverkaufspreis
}

// Tolerance modes of RULES.md §4.
const (
	ToleranceThreshold = "threshold" // Freigrenze
	ToleranceAllowance = "allowance" // Freibetrag
)

// KmRules are a km contract's settlement rules; nil/invalid fields are not applied.
type KmRules struct {
	ExtraRate             decimal.Decimal
	ReducedRate           decimal.Decimal
	ToleranceKm           *int64
	ToleranceMode         string
	ReducedCapKm          *int64
	ReducedCapPercent     decimal.NullDecimal
	ReducedVoidAboveKm    *int64
	SurchargeAbovePercent decimal.NullDecimal
	SurchargePercent      decimal.NullDecimal
}

// Return is the hand-over itself.
type Return struct {
	Date           Date
	OdometerKm     int64
	OdometerStatus string // "" read off the odometer, OdometerEstimated or OdometerExchanged
	Place          string
}

// OdometerLabels say on the protocol how the reading came about.
var OdometerLabels = map[string]string{"": "", OdometerEstimated: " (geschätzt)", OdometerExchanged: " (Tacho getauscht)"}

// VATMark tells a reader whether a line carries VAT.
func VATMark(taxable bool) string {
	if taxable {
		return " · USt"
	}
	return " · o. USt"
}

// How the return odometer reading came about (the sample protocols' "geschätzt"
// and "Tacho getauscht" boxes).
const (
	OdometerEstimated = "estimated"
	OdometerExchanged = "exchanged"
)

// Preconditions for an objective assessment (RULES.md §1.5). nil = not yet
// confirmed, false = not met (the note says why).
type Preconditions struct {
	Cleaned    *bool // gereinigt, Interieur frei von persönlichen Gegenständen
	Lighting   *bool // Tageslicht oder ausreichende Hallenbeleuchtung
	NoWeather  *bool // ohne Beeinflussung der Witterung
	DoorsOpen  *bool // alle Türen und Klappen lassen sich öffnen
	Accessible *bool // rundherum frei zugänglich
	Note       string
}

// Repair methods in the order the guide requires them to be considered.
const (
	RepairSmart       = "smart_repair"
	RepairRepair      = "repair"
	RepairPaint       = "paint"
	RepairRepairPaint = "repair_paint" // Instandsetzung und Lackierung (ALD: "rep.u.Lack")
	RepairReplace     = "replace"
	RepairNone        = "none"
)

// RepairMethods lists the repair methods in the guide's order.
var RepairMethods = []string{RepairSmart, RepairRepair, RepairPaint, RepairRepairPaint, RepairReplace, RepairNone}

// RepairLabels are the methods as the protocol prints them.
var RepairLabels = map[string]string{
	RepairSmart: "Smart Repair", RepairRepair: "Instandsetzung", RepairPaint: "Lackierung",
	RepairRepairPaint: "Instandsetzung und Lackierung", RepairReplace: "Erneuerung", RepairNone: "keine Maßnahme",
}

// Finding is one recorded damage or defect.
type Finding struct {
	Category       string
	Rule           string // catalogue criterion id, e.g. "lackierung.x3"
	Part           string
	Damage         string
	Cause          string // Ursache, e.g. "Glasschaden", "Bei Inspektion"
	Size           string
	Repair         string
	Acceptable     bool
	OverrideReason string // required when Acceptable contradicts the criterion
	SafetyRelevant bool
	Accident       bool // unrepaired or improperly repaired accident damage
	FactorPercent  decimal.NullDecimal
	Costs          Costs
	Cost           decimal.NullDecimal // one amount instead of (or agreeing with) Costs
	NoChargeReason string              // why a not-acceptable finding costs nothing ("ohne Berechnung")
	Depreciation   Depreciation
	Note           string
	Photos         []string // file names typed in before photos could be attached: references only
	Evidence       []Photo  // attached photos, sealed by their hashes
	// BaselineFinding is the index of the baseline's finding this one already
	// was at handover (baseline.go): not charged unless a factor is set.
	BaselineFinding *int

	Location     *Location     // where on the outline (location.go)
	Measurements *Measurements // what was measured (measure.go)
}

// Costs are a finding's five net cost lines.
type Costs struct {
	BodyLabour    decimal.Decimal
	Parts         decimal.Decimal
	PaintLabour   decimal.Decimal
	PaintMaterial decimal.Decimal
	Flat          decimal.Decimal
}

// Sum is the repair cost of the lines.
func (c Costs) Sum() decimal.Decimal {
	return money.Sum(c.BodyLabour, c.Parts, c.PaintLabour, c.PaintMaterial, c.Flat)
}

// IsZero reports whether no line has an amount ("0" and "0.00" alike).
func (c Costs) IsZero() bool {
	return c.BodyLabour.IsZero() && c.Parts.IsZero() && c.PaintLabour.IsZero() && c.PaintMaterial.IsZero() && c.Flat.IsZero()
}

// Depreciation is the mercantile depreciation (merkantile Wertminderung) of an
// accident damage: charged in the stated amount unless an insurer already paid it.
type Depreciation struct {
	Amount        decimal.NullDecimal
	PaidByInsurer bool
}

// RepairCost is the finding's repair cost: the single amount when given,
// otherwise the sum of the cost lines.
func (f *Finding) RepairCost() decimal.Decimal {
	if f.Cost.Valid {
		return f.Cost.Decimal
	}
	return f.Costs.Sum()
}

// Tyres records tread depths; MinTreadMm overrides the legal 1.6 mm.
type Tyres struct {
	MinTreadMm decimal.NullDecimal
	Wheels     []Wheel
}

// Wheel is one tyre's tread depth at its weakest point.
type Wheel struct {
	Position string // VL, VR, HL, HR, Reserve, Winter VL, …
	TreadMm  decimal.NullDecimal
	// NotMeasurable is why there is no TreadMm (e.g. "Notrad ohne Profil").
	NotMeasurable string
	Tyre          string // make and size, e.g. "Michelin Primacy 4 225/45 R18"
	Rim           string // e.g. "Styling 397 8J×18"
}

// DeliveryItem is one line of the delivery scope check.
type DeliveryItem struct {
	Item     string
	Expected int64
	Returned int64
	Note     string
}

// Service records when HU/AU and the scheduled service fall due. The HU may
// be given as the sticker's month instead of a date: due at its end.
type Service struct {
	HUDue      Date
	HUMonth    Month
	ServiceDue Date
}

// HUDueDate is the day HU/AU falls due: the date, or the sticker month's last day.
func (s Service) HUDueDate() Date {
	if !s.HUDue.IsZero() || s.HUMonth.IsZero() {
		return s.HUDue
	}
	return s.HUMonth.LastDay()
}

// Fee is one fee line, net. A line naming a schedule code takes the
// schedule's label, unit price and taxable flag unless it gives its own price
// (RULES.md §5); Quantity multiplies the unit price (0 means 1).
type Fee struct {
	Code     string
	Label    string
	Amount   decimal.NullDecimal // unit price; absent = the schedule's
	Quantity int64
	Taxable  *bool // as given; a schedule line's own flag always wins
}

// Dismissal is a proposal the inspector did not take over as a finding, and
// why; it is printed on the protocol (RULES.md §9).
type Dismissal struct {
	Rule   string
	Part   string
	Reason string
}

// VAT is the protocol's VAT percentage: its own or the profile's.
func (p *Protocol) VAT(rules *catalog.Rules) decimal.Decimal {
	if p.VATPercent.Valid {
		return p.VATPercent.Decimal
	}
	return rules.VATPercent
}

// TaxesDamages reports whether damages carry VAT: the protocol's override or
// the profile's setting (RULES.md §6: not taxable in Germany).
func (p *Protocol) TaxesDamages(rules *catalog.Rules) bool {
	if p.DamagesTaxable != nil {
		return *p.DamagesTaxable
	}
	return rules.DamagesTaxable
}

// IsResidual reports a residual value contract: no Minderwerte charged, no km.
func (p *Protocol) IsResidual() bool { return p.Contract.Type == ContractResidual }
