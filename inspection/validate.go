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
		ps.Both("catalogue", fmt.Sprintf("%q is not known (this program judges by %q)", p.Catalogue, cat.Ref()), fmt.Sprintf("%q ist unbekannt (dieses Programm bewertet nach %q)", p.Catalogue, cat.Ref()))
	}
	validateVehicle(&ps, &p.Vehicle)
	validateContract(&ps, p)
	validateReturn(&ps, p)
	for i := range p.Findings {
		validateFinding(&ps, fmt.Sprintf("findings[%d]", i), &p.Findings[i], cat)
	}
	for i, id := range p.Completed {
		if _, ok := cat.Category(id); !ok {
			ps.Both(fmt.Sprintf("completed_categories[%d]", i), fmt.Sprintf("%q is not a category (use one of %s)", id, strings.Join(cat.CategoryIDs(), ", ")), fmt.Sprintf("%q ist keine Kategorie", id))
		}
	}
	validateTyres(&ps, &p.Tyres)
	for i, d := range p.Delivery {
		at := fmt.Sprintf("delivery[%d]", i)
		if strings.TrimSpace(d.Item) == "" {
			ps.Both(at+".item", "is empty (name the item, e.g. \"Fahrzeugschlüssel\")", "fehlt (z. B. Fahrzeugschlüssel)")
		}
		nonNegativeInt(&ps, at+".expected", d.Expected)
		nonNegativeInt(&ps, at+".returned", d.Returned)
	}
	for i, f := range p.Fees {
		at := fmt.Sprintf("fees[%d]", i)
		if f.Code == "" && f.Label == "" {
			ps.Both(at+".label", "is empty (name the fee, e.g. \"Schlüsselverlust\")", "Bezeichnung fehlt (z. B. Schlüsselverlust)")
		}
		nonNegativeMoney(&ps, at+".amount", f.Amount)
	}
	if p.VATPercent.Valid {
		percentRange(&ps, "vat_percent", p.VATPercent.Decimal)
	}
	validateSignatures(&ps, p)
	return ps
}

func validateVehicle(ps *Problems, v *Vehicle) {
	if en, de := checkVIN(v.VIN); en != "" {
		ps.Both("vehicle.vin", en, de)
	}
	if v.FirstRegistration.IsZero() {
		ps.Both("vehicle.first_registration", "is missing (the Erstzulassung, e.g. \"2021-03-19\")", "fehlt (Erstzulassung, z. B. 19.03.2021)")
	}
	nonNegativeInt(ps, "vehicle.delivery_odometer_km", v.DeliveryOdometerKm)
	if v.PowerKW != nil {
		nonNegativeInt(ps, "vehicle.power_kw", *v.PowerKW)
	}
	nonNegativeNull(ps, "vehicle.list_price", v.ListPrice)
	nonNegativeNull(ps, "vehicle.value", v.Value)
}

// checkVIN returns what is wrong with a VIN in English and German, or "".
func checkVIN(vin string) (en, de string) {
	if vin == "" {
		return "is missing (17 characters, e.g. \"WBAUL91000VF71552\")", "fehlt (17 Zeichen, z. B. WBAUL91000VF71552)"
	}
	for i, r := range vin {
		switch {
		case r == 'I' || r == 'O' || r == 'Q':
			fix := map[rune]rune{'I': '1', 'O': '0', 'Q': '0'}[r]
			return fmt.Sprintf("has %q at position %d; a VIN never uses I, O or Q (did you mean %q?)", r, i+1, fix),
				fmt.Sprintf("%q an Stelle %d: eine FIN enthält nie I, O oder Q (gemeint: %q?)", r, i+1, fix)
		case r >= 'a' && r <= 'z':
			return fmt.Sprintf("has lower-case %q at position %d; write it in capitals", r, i+1),
				fmt.Sprintf("Kleinbuchstabe %q an Stelle %d: in Großbuchstaben schreiben", r, i+1)
		case !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'):
			return fmt.Sprintf("has %q at position %d; a VIN uses only 0–9 and A–Z", r, i+1),
				fmt.Sprintf("%q an Stelle %d: eine FIN besteht nur aus 0–9 und A–Z", r, i+1)
		}
	}
	if n := len(vin); n != VINLength {
		return fmt.Sprintf("has %d characters, a VIN has %d", n, VINLength), fmt.Sprintf("hat %d Zeichen, eine FIN hat %d", n, VINLength)
	}
	return "", ""
}

func validateContract(ps *Problems, p *Protocol) {
	c := &p.Contract
	switch c.Type {
	case ContractKm:
		if c.AgreedKm == nil {
			ps.Both("contract.agreed_km", "is missing (the total km the contract allows, e.g. 60000)", "fehlt (vereinbarte Gesamtlaufleistung, z. B. 60.000)")
		} else {
			nonNegativeInt(ps, "contract.agreed_km", *c.AgreedKm)
		}
		if c.KmRules == nil {
			ps.Both("contract.km_rules", "is missing; a km contract needs at least extra_rate and reduced_rate", "fehlen: ein Kilometervertrag braucht Mehr- und Minder-km-Satz")
		} else {
			validateKmRules(ps, c.KmRules)
		}
	case ContractResidual:
		nonNegativeNull(ps, "contract.dealer_net_price", c.DealerNetPrice)
	case "":
		ps.Both("contract.type", "is missing (use \"km\" for a Kilometervertrag or \"residual\" for a Restwertvertrag)", "fehlt (Kilometer- oder Restwertvertrag)")
	default:
		ps.Both("contract.type", fmt.Sprintf("%q is not a contract type (use \"km\" or \"residual\")", c.Type), fmt.Sprintf("%q ist keine Vertragsart", c.Type))
	}
	nonNegativeNull(ps, "contract.monthly_rate", c.MonthlyRate)
	if late := lateDays(p); late > 0 && !c.MonthlyRate.Valid {
		ps.Both("contract.monthly_rate", fmt.Sprintf("is missing; the car came back %d days after the contract end and the rate is charged pro rata (e.g. \"349.93\")", late), fmt.Sprintf("fehlt: das Fahrzeug kam %d Tage nach Vertragsende, die Rate wird anteilig berechnet (z. B. 349,93)", late))
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
		ps.Both(at+"tolerance_mode", fmt.Sprintf("%q is not a mode (use \"threshold\" for a Freigrenze or \"allowance\" for a Freibetrag)", k.ToleranceMode), "Freigrenze oder Freibetrag wählen")
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
		ps.Both(at+"surcharge_percent", "surcharge_above_percent and surcharge_percent go together (e.g. \"10\" and \"40\")", "Zuschlag: Schwelle und Prozentsatz gehören zusammen (z. B. 10 und 40)")
	}
}

func validateReturn(ps *Problems, p *Protocol) {
	r := &p.Return
	if r.Date.IsZero() {
		ps.Both("return.date", "is missing (the Abstelldatum, e.g. \"2024-04-03\")", "fehlt (Abstelldatum, z. B. 03.04.2024)")
	} else if !p.Vehicle.FirstRegistration.IsZero() && r.Date.Before(p.Vehicle.FirstRegistration) {
		ps.Both("return.date", fmt.Sprintf("%s is before the first registration %s", r.Date, p.Vehicle.FirstRegistration), fmt.Sprintf("%s liegt vor der Erstzulassung %s", r.Date.German(), p.Vehicle.FirstRegistration.German()))
	}
	switch {
	case r.OdometerKm <= 0:
		ps.Both("return.odometer_km", "is missing (the km reading at return, e.g. 62501)", "fehlt (km-Stand bei Rückgabe, z. B. 62.501)")
	case r.OdometerKm < p.Vehicle.DeliveryOdometerKm:
		ps.Both("return.odometer_km", fmt.Sprintf("%d is below the odometer at delivery (%d km); check both readings", r.OdometerKm, p.Vehicle.DeliveryOdometerKm), fmt.Sprintf("%s km liegt unter dem km-Stand bei Übergabe (%s km); beide Werte prüfen", km(r.OdometerKm), km(p.Vehicle.DeliveryOdometerKm)))
	}
}

func validateFinding(ps *Problems, at string, f *Finding, cat *catalog.Catalogue) {
	if _, ok := cat.Category(f.Category); !ok {
		if f.Category == "" {
			ps.Both(at+".category", fmt.Sprintf("is missing (use one of %s)", strings.Join(cat.CategoryIDs(), ", ")), "Kategorie fehlt")
		} else {
			ps.Both(at+".category", fmt.Sprintf("%q is not a category (use one of %s)", f.Category, strings.Join(cat.CategoryIDs(), ", ")), fmt.Sprintf("%q ist keine Kategorie", f.Category))
		}
	}
	if f.Rule != "" {
		r, ok := cat.Criterion(f.Rule)
		switch {
		case !ok:
			ps.Both(at+".rule", fmt.Sprintf("%q is not a criterion of catalogue %s", f.Rule, cat.Ref()), fmt.Sprintf("%q ist kein Kriterium des Katalogs %s", f.Rule, cat.Ref()))
		case !strings.HasPrefix(f.Rule, f.Category+"."):
			if owner, found := cat.CategoryOf(f.Rule); found {
				ps.Both(at+".rule", fmt.Sprintf("%q belongs to category %q, not %q", f.Rule, owner.ID, f.Category), fmt.Sprintf("Kriterium %q gehört zur Kategorie %s", f.Rule, owner.Name))
			}
		case r.Acceptable != f.Acceptable && strings.TrimSpace(f.OverrideReason) == "":
			ps.Both(at+".override_reason", fmt.Sprintf("is missing: the finding overrides %s (%s) and an override needs a reason", f.Rule, acceptableWord(r.Acceptable)), fmt.Sprintf("Begründung fehlt: der Katalog wertet das Kriterium als %s, die Abweichung braucht eine Begründung", map[bool]string{true: "akzeptabel", false: "nicht akzeptabel"}[r.Acceptable]))
		}
	}
	if f.Repair != "" && !slices.Contains(RepairMethods, f.Repair) {
		ps.Both(at+".repair", fmt.Sprintf("%q is not a repair method (use one of %s)", f.Repair, strings.Join(RepairMethods, ", ")), fmt.Sprintf("%q ist keine Reparaturart", f.Repair))
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
		ps.Both(at+".cost", fmt.Sprintf("%s does not agree with the sum of costs (%s); give one or make them agree", money.JSON(f.Cost.Decimal), money.JSON(f.Costs.Sum())), fmt.Sprintf("Betrag %s passt nicht zur Summe der Kostenzeilen (%s)", money.Euro(f.Cost.Decimal), money.Euro(f.Costs.Sum())))
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
			ps.Both(at+".position", "is missing (VL, VR, HL, HR, Reserve, …)", "Position fehlt (VL, VR, HL, HR, Reserve, …)")
		}
		if w.TreadMm.Valid {
			treadRange(ps, at+".tread_mm", w.TreadMm.Decimal)
		}
	}
}

var maxTread = decimal.NewFromInt(30)

func treadRange(ps *Problems, at string, d decimal.Decimal) {
	if d.IsNegative() || d.GreaterThan(maxTread) {
		ps.Both(at, fmt.Sprintf("%s mm is not a tread depth (0 to 30 mm, e.g. \"4.5\")", d), fmt.Sprintf("%s mm ist keine Profiltiefe (0 bis 30 mm, z. B. 4,5)", money.GermanDecimal(d, 1)))
	}
}

func percentRange(ps *Problems, at string, d decimal.Decimal) {
	if d.IsNegative() || d.GreaterThan(money.Hundred) {
		ps.Both(at, fmt.Sprintf("%s is outside 0–100 (a percentage, e.g. \"45\")", d), fmt.Sprintf("%s liegt nicht zwischen 0 und 100 %%", money.GermanDecimal(d, 0)))
	}
}

func nonNegativeInt(ps *Problems, at string, v int64) {
	if v < 0 {
		ps.Both(at, fmt.Sprintf("%d is negative (must be 0 or more)", v), "darf nicht negativ sein")
	}
}

func nonNegativeMoney(ps *Problems, at string, d decimal.Decimal) {
	if d.IsNegative() {
		ps.Both(at, fmt.Sprintf("%s is negative (must be 0 or more)", d), "darf nicht negativ sein")
	}
}

func nonNegativeNull(ps *Problems, at string, d decimal.NullDecimal) {
	if d.Valid {
		nonNegativeMoney(ps, at, d.Decimal)
	}
}
