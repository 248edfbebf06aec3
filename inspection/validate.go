package inspection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/money"
)

// VINLength is the length of a Fahrgestellnummer.
const VINLength = 17

// Validate checks a protocol against the domain rules and the catalogue and
// returns every problem, each with its JSON path and what would be right.
func Validate(p *Protocol, rules *catalog.Rules) Problems {
	var ps Problems
	cat := rules.Catalogue
	if p.Catalogue != "" && p.Catalogue != cat.Ref() {
		ps.add("catalogue", "%q is not known (this program judges by %q)", p.Catalogue, cat.Ref())
	}
	validateVehicle(&ps, &p.Vehicle)
	validateContract(&ps, p)
	validateReturn(&ps, p)
	for i := range p.Findings {
		validateFinding(&ps, fmt.Sprintf("findings[%d]", i), &p.Findings[i], cat)
	}
	for i, id := range p.Completed {
		if _, ok := cat.Category(id); !ok {
			ps.add(fmt.Sprintf("completed_categories[%d]", i), "%q is not a category (use one of %s)", id, strings.Join(cat.CategoryIDs(), ", "))
		}
	}
	validateTyres(&ps, &p.Tyres)
	for i, d := range p.Delivery {
		at := fmt.Sprintf("delivery[%d]", i)
		if strings.TrimSpace(d.Item) == "" {
			ps.add(at+".item", "is empty (name the item, e.g. \"Fahrzeugschlüssel\")")
		}
		nonNegativeInt(&ps, at+".expected", d.Expected)
		nonNegativeInt(&ps, at+".returned", d.Returned)
	}
	for i, f := range p.Fees {
		at := fmt.Sprintf("fees[%d]", i)
		if f.Code == "" && f.Label == "" {
			ps.add(at+".label", "is empty (name the fee, e.g. \"Schlüsselverlust\")")
		}
		nonNegativeMoney(&ps, at+".amount", f.Amount)
	}
	if p.VATPercent.Valid {
		percentRange(&ps, "vat_percent", p.VATPercent.Decimal)
	}
	return ps
}

func validateVehicle(ps *Problems, v *Vehicle) {
	if msg := checkVIN(v.VIN); msg != "" {
		ps.add("vehicle.vin", "%s", msg)
	}
	if v.FirstRegistration.IsZero() {
		ps.add("vehicle.first_registration", "is missing (the Erstzulassung, e.g. \"2021-03-19\")")
	}
	nonNegativeInt(ps, "vehicle.delivery_odometer_km", v.DeliveryOdometerKm)
	if v.PowerKW != nil {
		nonNegativeInt(ps, "vehicle.power_kw", *v.PowerKW)
	}
	nonNegativeNull(ps, "vehicle.list_price", v.ListPrice)
	nonNegativeNull(ps, "vehicle.value", v.Value)
}

// checkVIN returns what is wrong with a VIN, or "".
func checkVIN(vin string) string {
	if vin == "" {
		return "is missing (17 characters, e.g. \"WBAUL91000VF71552\")"
	}
	for i, r := range vin {
		switch {
		case r == 'I' || r == 'O' || r == 'Q':
			return fmt.Sprintf("has %q at position %d; a VIN never uses I, O or Q (did you mean %q?)", r, i+1, map[rune]rune{'I': '1', 'O': '0', 'Q': '0'}[r])
		case r >= 'a' && r <= 'z':
			return fmt.Sprintf("has lower-case %q at position %d; write it in capitals", r, i+1)
		case !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'):
			return fmt.Sprintf("has %q at position %d; a VIN uses only 0–9 and A–Z", r, i+1)
		}
	}
	if n := len(vin); n != VINLength {
		return fmt.Sprintf("has %d characters, a VIN has %d", n, VINLength)
	}
	return ""
}

func validateContract(ps *Problems, p *Protocol) {
	c := &p.Contract
	switch c.Type {
	case ContractKm:
		if c.AgreedKm == nil {
			ps.add("contract.agreed_km", "is missing (the total km the contract allows, e.g. 60000)")
		} else {
			nonNegativeInt(ps, "contract.agreed_km", *c.AgreedKm)
		}
		if c.KmRules == nil {
			ps.add("contract.km_rules", "is missing; a km contract needs at least extra_rate and reduced_rate")
		} else {
			validateKmRules(ps, c.KmRules)
		}
	case ContractResidual:
		nonNegativeNull(ps, "contract.dealer_net_price", c.DealerNetPrice)
	case "":
		ps.add("contract.type", "is missing (use \"km\" for a Kilometervertrag or \"residual\" for a Restwertvertrag)")
	default:
		ps.add("contract.type", "%q is not a contract type (use \"km\" or \"residual\")", c.Type)
	}
	nonNegativeNull(ps, "contract.monthly_rate", c.MonthlyRate)
	if late := lateDays(p); late > 0 && !c.MonthlyRate.Valid {
		ps.add("contract.monthly_rate", "is missing; the car came back %d days after the contract end and the rate is charged pro rata (e.g. \"349.93\")", late)
	}
}

func validateKmRules(ps *Problems, k *KmRules) {
	const at = "contract.km_rules."
	nonNegativeMoney(ps, at+"extra_rate", k.ExtraRate)
	nonNegativeMoney(ps, at+"reduced_rate", k.ReducedRate)
	if k.ToleranceKm != nil {
		nonNegativeInt(ps, at+"tolerance_km", *k.ToleranceKm)
	}
	if k.ToleranceMode != ToleranceThreshold && k.ToleranceMode != ToleranceAllowance {
		ps.add(at+"tolerance_mode", "%q is not a mode (use \"threshold\" for a Freigrenze or \"allowance\" for a Freibetrag)", k.ToleranceMode)
	}
	if k.ReducedCapKm != nil {
		nonNegativeInt(ps, at+"reduced_cap_km", *k.ReducedCapKm)
	}
	if k.ReducedVoidAboveKm != nil {
		nonNegativeInt(ps, at+"reduced_void_above_km", *k.ReducedVoidAboveKm)
	}
	if k.ReducedCapPercent.Valid {
		percentRange(ps, at+"reduced_cap_percent", k.ReducedCapPercent.Decimal)
	}
	if k.SurchargeAbovePercent.Valid {
		nonNegativeMoney(ps, at+"surcharge_above_percent", k.SurchargeAbovePercent.Decimal)
	}
	if k.SurchargePercent.Valid {
		nonNegativeMoney(ps, at+"surcharge_percent", k.SurchargePercent.Decimal)
	}
	if k.SurchargeAbovePercent.Valid != k.SurchargePercent.Valid {
		ps.add(at+"surcharge_percent", "surcharge_above_percent and surcharge_percent go together (e.g. \"10\" and \"40\")")
	}
}

func validateReturn(ps *Problems, p *Protocol) {
	r := &p.Return
	if r.Date.IsZero() {
		ps.add("return.date", "is missing (the Abstelldatum, e.g. \"2024-04-03\")")
	} else if !p.Vehicle.FirstRegistration.IsZero() && r.Date.Before(p.Vehicle.FirstRegistration) {
		ps.add("return.date", "%s is before the first registration %s", r.Date, p.Vehicle.FirstRegistration)
	}
	switch {
	case r.OdometerKm <= 0:
		ps.add("return.odometer_km", "is missing (the km reading at return, e.g. 62501)")
	case r.OdometerKm < p.Vehicle.DeliveryOdometerKm:
		ps.add("return.odometer_km", "%d is below the odometer at delivery (%d km); check both readings", r.OdometerKm, p.Vehicle.DeliveryOdometerKm)
	}
}

func validateFinding(ps *Problems, at string, f *Finding, cat *catalog.Catalogue) {
	if _, ok := cat.Category(f.Category); !ok {
		if f.Category == "" {
			ps.add(at+".category", "is missing (use one of %s)", strings.Join(cat.CategoryIDs(), ", "))
		} else {
			ps.add(at+".category", "%q is not a category (use one of %s)", f.Category, strings.Join(cat.CategoryIDs(), ", "))
		}
	}
	if f.Rule != "" {
		r, ok := cat.Criterion(f.Rule)
		switch {
		case !ok:
			ps.add(at+".rule", "%q is not a criterion of catalogue %s", f.Rule, cat.Ref())
		case !strings.HasPrefix(f.Rule, f.Category+"."):
			if owner, found := cat.CategoryOf(f.Rule); found {
				ps.add(at+".rule", "%q belongs to category %q, not %q", f.Rule, owner.ID, f.Category)
			}
		case r.Acceptable != f.Acceptable && strings.TrimSpace(f.OverrideReason) == "":
			ps.add(at+".override_reason", "is missing: the finding overrides %s (%s) and an override needs a reason", f.Rule, acceptableWord(r.Acceptable))
		}
	}
	if f.Repair != "" && !slices.Contains(RepairMethods, f.Repair) {
		ps.add(at+".repair", "%q is not a repair method (use one of %s)", f.Repair, strings.Join(RepairMethods, ", "))
	}
	if f.FactorPercent.Valid {
		percentRange(ps, at+".factor_percent", f.FactorPercent.Decimal)
	}
	costs := map[string]decimal.Decimal{"body_labour": f.Costs.BodyLabour, "parts": f.Costs.Parts, "paint_labour": f.Costs.PaintLabour, "paint_material": f.Costs.PaintMaterial, "flat": f.Costs.Flat}
	for _, k := range []string{"body_labour", "parts", "paint_labour", "paint_material", "flat"} {
		nonNegativeMoney(ps, at+".costs."+k, costs[k])
	}
	nonNegativeNull(ps, at+".cost", f.Cost)
	if f.Cost.Valid && !f.Costs.IsZero() && !f.Cost.Decimal.Equal(f.Costs.Sum()) {
		ps.add(at+".cost", "%s does not agree with the sum of costs (%s); give one or make them agree", money.JSON(f.Cost.Decimal), money.JSON(f.Costs.Sum()))
	}
	nonNegativeNull(ps, at+".mercantile_depreciation", f.Depreciation.Amount)
}

func acceptableWord(acceptable bool) string {
	if acceptable {
		return "acceptable"
	}
	return "not acceptable"
}

func validateTyres(ps *Problems, t *Tyres) {
	if t.MinTreadMm.Valid {
		treadRange(ps, "tyres.min_tread_mm", t.MinTreadMm.Decimal)
	}
	for i, w := range t.Wheels {
		at := fmt.Sprintf("tyres.wheels[%d]", i)
		if w.Position == "" {
			ps.add(at+".position", "is missing (VL, VR, HL, HR, Reserve, …)")
		}
		if w.TreadMm.Valid {
			treadRange(ps, at+".tread_mm", w.TreadMm.Decimal)
		}
	}
}

var maxTread = decimal.NewFromInt(30)

func treadRange(ps *Problems, at string, d decimal.Decimal) {
	if d.IsNegative() || d.GreaterThan(maxTread) {
		ps.add(at, "%s mm is not a tread depth (0 to 30 mm, e.g. \"4.5\")", d)
	}
}

func percentRange(ps *Problems, at string, d decimal.Decimal) {
	if d.IsNegative() || d.GreaterThan(money.Hundred) {
		ps.add(at, "%s is outside 0–100 (a percentage, e.g. \"45\")", d)
	}
}

func nonNegativeInt(ps *Problems, at string, v int64) {
	if v < 0 {
		ps.add(at, "%d is negative (must be 0 or more)", v)
	}
}

func nonNegativeMoney(ps *Problems, at string, d decimal.Decimal) {
	if d.IsNegative() {
		ps.add(at, "%s is negative (must be 0 or more)", d)
	}
}

func nonNegativeNull(ps *Problems, at string, d decimal.NullDecimal) {
	if d.Valid {
		nonNegativeMoney(ps, at, d.Decimal)
	}
}
