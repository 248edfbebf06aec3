package inspection

import (
	"fmt"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/money"
)

// Basis says why a finding is charged the share it is (RULES.md §3).
type Basis string

// The bases of a charged share. Residual is this program's addition for
// residual value contracts, where no Minderwert is charged to the customer.
const (
	BasisAcceptable Basis = "acceptable"
	BasisOverride   Basis = "override"
	BasisSafety     Basis = "safety"
	BasisAccident   Basis = "accident"
	BasisFull       Basis = "full" // something owed rather than worn
	BasisTable      Basis = "table"
	BasisResidual   Basis = "residual"
)

// FindingValue is one finding's valuation and why.
type FindingValue struct {
	Index       int
	Cost        decimal.Decimal
	Percent     decimal.Decimal
	Charged     decimal.Decimal
	Deduction   decimal.Decimal // Abschlag = cost − charged
	Basis       Basis
	Explanation string // German: "Tabelle: > 24 Monate, …"

	Depreciation     decimal.Decimal // mercantile depreciation charged besides the repair
	DepreciationNote string
}

// LateValue is the pro-rata rate for a return after the contract end.
type LateValue struct {
	Days        int64
	Amount      decimal.Decimal
	Explanation string
}

// FeeValue is one fee line as charged: the schedule's price unless the line
// gives its own, times the quantity, with the schedule's taxable flag.
type FeeValue struct {
	Index       int // into Protocol.Fees; -1 for the expert report's share
	Code        string
	Label       string
	Unit        string
	Quantity    int64
	UnitAmount  decimal.Decimal
	Amount      decimal.Decimal
	Taxable     bool
	Explanation string
}

// Surcharge is what the lessor charges the dealer on a dispute (RULES.md §7):
// not part of the customer's net.
type Surcharge struct {
	Percent decimal.Decimal
	Basis   decimal.Decimal // the vehicle value
	Amount  decimal.Decimal
}

// Valuation is the complete money side of a protocol, every line explained.
type Valuation struct {
	Profile   string // the profile valued by, id@version
	AgeMonths int
	FactorRow *catalog.FactorRow // the table row for this car; nil if none applies
	Findings  []FindingValue

	DamagesCost    decimal.Decimal
	DamagesCharged decimal.Decimal
	Depreciation   decimal.Decimal

	Km   KmValue
	Late LateValue

	Fees        []FeeValue
	FeesNet     decimal.Decimal
	FeesTaxable decimal.Decimal

	DamagesTaxable bool
	Surcharge      *Surcharge // only when a dispute is recorded and the vehicle value known

	VATPercent decimal.Decimal
	Net        decimal.Decimal
	Taxable    decimal.Decimal
	VAT        decimal.Decimal
	Gross      decimal.Decimal
}

// Value computes the valuation of a protocol. It never fails: a protocol with
// problems (see Validate) is valued from what it has.
func Value(p *Protocol, rules *catalog.Rules) Valuation {
	rules = ProfileOf(p, rules)
	v := Valuation{Profile: rules.Ref(), VATPercent: p.VAT(rules), DamagesTaxable: p.TaxesDamages(rules), Findings: make([]FindingValue, len(p.Findings))}
	if !p.Vehicle.FirstRegistration.IsZero() && !p.Return.Date.IsZero() {
		v.AgeMonths = p.Vehicle.FirstRegistration.CompletedMonths(p.Return.Date)
	}
	v.FactorRow, _ = rules.Factors.Lookup(int64(v.AgeMonths), p.Return.OdometerKm)
	var cost, charged, depreciation money.Total
	table := explainNoRow
	if v.FactorRow != nil {
		table = "Tabelle: " + v.FactorRow.Label() // once, not per finding
	}
	for i := range p.Findings {
		fv := &v.Findings[i]
		valueFinding(fv, p, &p.Findings[i], rules.Catalogue, v.FactorRow, table)
		fv.Index = i
		cost.Add(fv.Cost)
		charged.Add(fv.Charged)
		depreciation.Add(fv.Depreciation)
	}
	explainMeasured(v.Findings, p, rules)
	v.DamagesCost, v.DamagesCharged, v.Depreciation = cost.Value(), charged.Value(), depreciation.Value()
	v.settle(p, rules)
	return v
}

// settle values what follows the damages — km, late return, fees — and the
// totals with VAT (RULES.md §4–6).
func (v *Valuation) settle(p *Protocol, rules *catalog.Rules) {
	v.settleRest(p, rules)
	v.Surcharge = dealerSurcharge(p, rules)
	v.total()
}

// settleRest values what the findings do not enter: km, late return, fees.
func (v *Valuation) settleRest(p *Protocol, rules *catalog.Rules) {
	v.Km, v.Late = settleKm(p), lateReturn(p)
	if p.IsDelivery() {
		v.Km = KmValue{Steps: []string{"Übergabeprotokoll: keine km-Abrechnung"}}
		v.Late = LateValue{Explanation: "Übergabeprotokoll: keine Rückgabe"}
	}
	v.Fees = valueFees(p, rules)
	var feesNet, feesTaxable money.Total
	for _, f := range v.Fees {
		feesNet.Add(f.Amount)
		if f.Taxable {
			feesTaxable.Add(f.Amount)
		}
	}
	v.FeesNet, v.FeesTaxable = feesNet.Value(), feesTaxable.Value()
}

// total adds the damages and the rest up: net, taxable, VAT, gross.
func (v *Valuation) total() {
	damages := v.DamagesCharged.Add(v.Depreciation)
	v.Net = damages.Add(v.Km.Amount).Add(v.Late.Amount).Add(v.FeesNet)
	// Damages are compensation, not a supply (RULES.md §6): only km, late
	// return and taxable fees carry VAT unless the profile or protocol says so.
	v.Taxable = v.Km.Amount.Add(v.Late.Amount).Add(v.FeesTaxable)
	if v.DamagesTaxable {
		v.Taxable = v.Taxable.Add(damages)
	}
	v.VAT = money.Share(v.Taxable, v.VATPercent)
	v.Gross = v.Net.Add(v.VAT)
}

var (
	explainAcceptable = "akzeptable Gebrauchsspur → 0 %"
	explainSafety     = "sicherheitsrelevant → 100 %"
	explainAccident   = "nicht behobener Unfallschaden → 100 %"
	explainFull       = "geschuldet, nicht abgenutzt (Lieferumfang, Inspektion, HU/AU) → 100 %"
	explainResidual   = "Restwertvertrag: keine Berechnung an den Kunden"
	explainNoRow      = "keine Tabellenzeile für dieses Fahrzeug → 100 %"
)

// valueFinding applies the first matching rule of RULES.md §3's table.
// valueFinding fills fv in place: the valuation holds one per finding, and
// copying each out and in again was a tenth of valuing a large protocol.
func valueFinding(fv *FindingValue, p *Protocol, f *Finding, cat *catalog.Catalogue, row *catalog.FactorRow, explainTable string) {
	fv.Cost = f.RepairCost()
	fv.Basis, fv.Percent = basisOf(p, f, cat, row)
	switch fv.Basis {
	case BasisResidual:
		fv.Explanation = explainResidual
	case BasisPreExisting:
		fv.Explanation = ExplainPreExisting
	case BasisAcceptable:
		fv.Explanation = explainAcceptable
	case BasisOverride:
		fv.Explanation = "Faktor vom Prüfer gesetzt: " + money.Percent(fv.Percent)
		if _, marks := fullBasisMarks(f, cat); marks != "" && fv.Percent.LessThan(money.Hundred) {
			fv.Explanation += " statt 100 % (" + marks + ")"
		}
	case BasisSafety:
		fv.Explanation = explainSafety
	case BasisAccident:
		fv.Explanation = explainAccident
	case BasisFull:
		fv.Explanation = explainFull
	default:
		fv.Explanation = explainNoRow
		if row != nil {
			fv.Explanation = explainTable
		}
	}
	fv.Charged = money.Share(fv.Cost, fv.Percent)
	fv.Deduction = money.Diff(fv.Cost, fv.Charged)
	valueDepreciation(p, f, fv)
}

// basisOf is the first rule of RULES.md §3's table that applies to a
// finding, and the share it charges.
func basisOf(p *Protocol, f *Finding, cat *catalog.Catalogue, row *catalog.FactorRow) (Basis, decimal.Decimal) {
	switch {
	case p.IsResidual() && !p.IsDelivery():
		return BasisResidual, decimal.Decimal{}
	case p.PreExisting(f):
		return BasisPreExisting, decimal.Decimal{}
	case f.Acceptable:
		return BasisAcceptable, decimal.Decimal{}
	case f.FactorPercent.Valid:
		return BasisOverride, f.FactorPercent.Decimal
	case f.SafetyRelevant:
		return BasisSafety, money.Hundred
	case f.Accident:
		return BasisAccident, money.Hundred
	}
	if r, ok := cat.Criterion(f.Rule); ok && r.FullCharge {
		return BasisFull, money.Hundred
	}
	if row != nil {
		return BasisTable, row.Percent
	}
	return BasisTable, money.Hundred
}

// valueDepreciation charges an accident's mercantile depreciation in the amount
// stated, unless an insurer already paid it to the lessor.
func valueDepreciation(p *Protocol, f *Finding, fv *FindingValue) {
	d := f.Depreciation
	if !d.Amount.Valid || d.Amount.Decimal.IsZero() {
		return
	}
	switch {
	case p.PreExisting(f):
		fv.DepreciationNote = "merkantile Wertminderung: bei Auslieferung vorhanden, nicht berechnet"
	case p.IsResidual():
		fv.DepreciationNote = "merkantile Wertminderung: Restwertvertrag, nicht berechnet"
	case d.PaidByInsurer:
		fv.DepreciationNote = "merkantile Wertminderung von Versicherung geleistet → nicht berechnet"
	default:
		fv.Depreciation = d.Amount.Decimal
		fv.DepreciationNote = "merkantile Wertminderung (keine Versicherungsleistung): " + money.Euro(fv.Depreciation)
	}
}

// lateDays is how many days after the contract end the car was parked.
func lateDays(p *Protocol) int64 {
	end, ret := p.Contract.EndDate, p.Return.Date
	if end.IsZero() || ret.IsZero() || !end.Before(ret) {
		return 0
	}
	return end.DaysUntil(ret)
}

var thirty = decimal.NewFromInt(30)

// lateReturn charges the monthly rate pro rata: rate × days / 30, rounded once.
func lateReturn(p *Protocol) LateValue {
	days := lateDays(p)
	if days == 0 {
		return LateValue{Explanation: "fristgerecht abgestellt"}
	}
	rate := p.Contract.MonthlyRate.Decimal
	amount := rate.Mul(decimal.NewFromInt(days)).DivRound(thirty, money.Cent)
	return LateValue{Days: days, Amount: amount, Explanation: fmt.Sprintf("%d Tage nach Vertragsende (%s): %s × %d / 30 = %s",
		days, p.Contract.EndDate.German(), money.Euro(rate), days, money.Euro(amount))}
}

// ProfileOf is the profile a protocol records, resolved among the profiles
// rules belongs to: by its content hash when it records one (exactly the data
// it was valued with), else by its ref. Where that profile is not there, rules
// itself — callers that must not fall back use PinnedProfile.
func ProfileOf(p *Protocol, rules *catalog.Rules) *catalog.Rules {
	if own, err := PinnedProfile(p, rules); err == nil {
		return own
	}
	return rules
}

// PinnedProfile is the profile a protocol is valued by, or an error naming
// it when this device does not have exactly that content: the protocol's
// profile_hash, or for a record sealed before profiles were pinned, the hash
// the store pinned it to (PinnedHash).
func PinnedProfile(p *Protocol, rules *catalog.Rules) (*catalog.Rules, error) {
	hash := p.ProfileHash
	if hash == "" {
		hash = p.PinnedHash
	}
	return rules.ResolvePinned(p.Profile, hash)
}
