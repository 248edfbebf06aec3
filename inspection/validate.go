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
// returns every problem, each with its JSON path and what would be right,
// the plausibility bounds (bounds.go) included.
func Validate(p *Protocol, rules *catalog.Rules) Problems {
	return validate(p, rules, true)
}

func validate(p *Protocol, rules *catalog.Rules, bounds bool) Problems {
	var ps Problems
	rules = validateProfile(&ps, p, rules)
	cat := rules.Catalogue
	if p.Catalogue != "" && !cat.Judges(p.Catalogue) {
		ps.Both("catalogue", fmt.Sprintf("%q is not the catalogue of profile %s (%q)", p.Catalogue, rules.Ref(), cat.Ref()), fmt.Sprintf("%q ist nicht der Katalog des Profils %s (%q)", p.Catalogue, rules.Ref(), cat.Ref()))
	}
	validateVehicle(&ps, &p.Vehicle)
	if !p.IsDelivery() {
		validateContract(&ps, p)
		validateReturn(&ps, p)
	}
	validateKind(&ps, p)
	validateBaseline(&ps, p)
	for i := range p.Findings {
		validateFinding(&ps, fmt.Sprintf("findings[%d]", i), &p.Findings[i], cat)
		validatePhotos(&ps, fmt.Sprintf("findings[%d].evidence", i), p.Findings[i].Evidence)
	}
	validatePhotos(&ps, "evidence", p.Evidence)
	validateDiagram(&ps, p, rules)
	for i, id := range p.Completed {
		if _, ok := cat.Category(id); !ok {
			ps.Both(fmt.Sprintf("completed_categories[%d]", i), fmt.Sprintf("%q is not a category (use one of %s)", id, strings.Join(cat.CategoryIDs(), ", ")), fmt.Sprintf("%q ist keine Kategorie", id))
		}
	}
	validateTyres(&ps, &p.Tyres)
	validateChecks(&ps, p)
	for i, d := range p.Delivery {
		at := fmt.Sprintf("delivery[%d]", i)
		if strings.TrimSpace(d.Item) == "" {
			ps.Both(at+".item", "is empty (name the item, e.g. \"Fahrzeugschlüssel\")", "fehlt (z. B. Fahrzeugschlüssel)")
		}
		nonNegativeInt(&ps, at+".expected", d.Expected)
		nonNegativeInt(&ps, at+".returned", d.Returned)
	}
	for i := range p.Fees {
		validateFee(&ps, fmt.Sprintf("fees[%d]", i), &p.Fees[i], p, rules.Fees)
	}
	for i, d := range p.Dismissed {
		at := fmt.Sprintf("dismissed_proposals[%d]", i)
		if d.Rule == "" {
			ps.Both(at+".rule", "is missing (the criterion of the proposal, e.g. \"reifen_felgen_radkappen.x1\")", "Kriterium fehlt")
		}
		if strings.TrimSpace(d.Reason) == "" {
			ps.Both(at+".reason", "is missing: a proposal is dismissed only with a reason, printed on the protocol", "Begründung fehlt: ein Vorschlag wird nur mit Begründung verworfen")
		}
	}
	if p.VATPercent.Valid {
		percentRange(&ps, "vat_percent", p.VATPercent.Decimal)
	}
	validateSignatures(&ps, p)
	validateAttests(&ps, p, rules)
	if a := p.Amends; a != nil {
		if a.ID == "" {
			ps.Both("amends.id", "is missing: the id of the sealed protocol this amendment corrects", "Nachtrag: Protokoll fehlt")
		}
		if len(a.SealHash) != 64 || strings.Trim(a.SealHash, "0123456789abcdef") != "" {
			ps.Both("amends.seal_hash", fmt.Sprintf("%q is not a seal hash (64 lower-case hex digits)", a.SealHash), "Nachtrag: Siegel-Hash des Originals fehlt")
		}
	}
	if bounds {
		var bs Problems
		validateBounds(&bs, p)
		ps = ps.Merge(bs)
	}
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
	switch r.OdometerStatus {
	case "", OdometerEstimated, OdometerExchanged:
	default:
		ps.Both("return.odometer_status", fmt.Sprintf("%q is not a status (use \"estimated\" or \"exchanged\", or leave it out for a reading)", r.OdometerStatus), "geschätzt oder Tacho getauscht")
	}
	switch {
	case r.OdometerKm < 0:
		ps.Both("return.odometer_km", fmt.Sprintf("%d is negative: the km reading at return must be a positive number of km (e.g. 62501)", r.OdometerKm), "muss eine positive Zahl von km sein (z. B. 62.501)")
	case r.OdometerKm == 0:
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
	contradicted := false
	if f.Rule != "" {
		r, ok := cat.Criterion(f.Rule)
		switch {
		case !ok:
			ps.Both(at+".rule", fmt.Sprintf("%q is not a criterion of catalogue %s", f.Rule, cat.Ref()), fmt.Sprintf("%q ist kein Kriterium des Katalogs %s", f.Rule, cat.Ref()))
		case !strings.HasPrefix(f.Rule, f.Category+"."):
			if owner, found := cat.CategoryOf(f.Rule); found {
				ps.Both(at+".rule", fmt.Sprintf("%q belongs to category %q, not %q", f.Rule, owner.ID, f.Category), fmt.Sprintf("Kriterium %q gehört zur Kategorie %s", f.Rule, owner.Name))
			}
		case strings.TrimSpace(f.OverrideReason) == "":
			if en, de := contradictions(f, r); en != "" {
				ps.Both(at+".override_reason", fmt.Sprintf("is missing: the finding contradicts %s (%s) and an override needs a reason", f.Rule, en), fmt.Sprintf("Begründung fehlt (%s)", de))
				contradicted = true
			}
		}
	}
	if en, de := fullBasisMarks(f, cat); en != "" && !contradicted && !f.Acceptable && strings.TrimSpace(f.OverrideReason) == "" &&
		f.FactorPercent.Valid && f.FactorPercent.Decimal.LessThan(money.Hundred) {
		// RULES.md §3: the criterion decides the basis; charging less than it
		// contradicts the criterion like any other override.
		ps.Both(at+".override_reason", fmt.Sprintf("is missing: factor_percent %s is below the 100 %% of a finding that is %s, and a lower factor needs a reason", f.FactorPercent.Decimal, en),
			fmt.Sprintf("Begründung fehlt: Faktor %s unter 100 %% (%s)", money.Percent(f.FactorPercent.Decimal), de))
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

// contradictions names, in English and German, the marks of the criterion the
// finding states otherwise; "" when it agrees with all of them.
func contradictions(f *Finding, r *catalog.Criterion) (en, de string) {
	var ens, des []string
	if f.Acceptable != r.Acceptable {
		ens = append(ens, map[bool]string{true: "the catalogue judges it acceptable", false: "the catalogue judges it not acceptable"}[r.Acceptable])
		des = append(des, map[bool]string{true: "Katalog: akzeptabel", false: "Katalog: nicht akzeptabel"}[r.Acceptable])
	}
	if f.SafetyRelevant != r.SafetyRelevant {
		ens = append(ens, map[bool]string{true: "the criterion is safety-relevant", false: "the criterion is not safety-relevant"}[r.SafetyRelevant])
		des = append(des, map[bool]string{true: "Kriterium: sicherheitsrelevant", false: "Kriterium: nicht sicherheitsrelevant"}[r.SafetyRelevant])
	}
	if f.Accident != r.Accident {
		ens = append(ens, map[bool]string{true: "the criterion is accident damage", false: "the criterion is not accident damage"}[r.Accident])
		des = append(des, map[bool]string{true: "Kriterium: Unfallschaden", false: "Kriterium: kein Unfallschaden"}[r.Accident])
	}
	return strings.Join(ens, "; "), strings.Join(des, "; ")
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

// validateProfile reports a profile this device does not know, or one whose
// content differs from what the protocol recorded, and returns the profile
// the rest of the protocol is checked against.
func validateProfile(ps *Problems, p *Protocol, rules *catalog.Rules) *catalog.Rules {
	own, err := rules.Resolve(p.Profile)
	if err != nil {
		ps.Both("profile", err.Error()+" (rueckgabe profiles lists them)", fmt.Sprintf("Profil %q ist auf diesem Gerät nicht vorhanden", p.Profile))
		return rules
	}
	if pinned, err := PinnedProfile(p, rules); err == nil {
		return pinned
	}
	if p.ProfileHash != "" && p.ProfileHash != own.Hash {
		ps.Both("profile_hash", fmt.Sprintf("%s does not match %s on this device (%s): the profile's content differs from the one recorded", p.ProfileHash, own.Ref(), own.Hash),
			fmt.Sprintf("Profil %s auf diesem Gerät hat einen anderen Inhalt als bei der Aufnahme", own.Ref()))
	}
	return own
}

// validateFee checks a fee line against the schedule (RULES.md §5).
func validateFee(ps *Problems, at string, f *Fee, p *Protocol, schedule *catalog.FeeSchedule) {
	sched, known := schedule.Fee(f.Code)
	switch {
	case f.Code == "" && f.Label == "":
		ps.Both(at+".label", "is empty (name the fee, e.g. \"Schlüsselverlust\")", "Bezeichnung fehlt (z. B. Schlüsselverlust)")
	case f.Code != "" && !known && f.Label == "":
		ps.Both(at+".code", fmt.Sprintf("%q is not in fee schedule %q; give a label and an amount, or use a code of the schedule", f.Code, schedule.ID), fmt.Sprintf("%q steht nicht in der Gebührenliste", f.Code))
	}
	nonNegativeNull(ps, at+".amount", f.Amount)
	if f.Quantity < 0 {
		ps.Both(at+".quantity", fmt.Sprintf("%d is negative (a count, e.g. 3 days)", f.Quantity), "Anzahl darf nicht negativ sein")
	}
	if known && f.Taxable != nil && *f.Taxable != sched.Taxable {
		ps.Both(at+".taxable", fmt.Sprintf("is %t, but schedule line %q is %s; the schedule decides", *f.Taxable, f.Code, map[bool]string{true: "taxable", false: "not taxable (marked *)"}[sched.Taxable]),
			fmt.Sprintf("die Gebührenliste führt %q als %s", sched.Label, map[bool]string{true: "steuerpflichtig", false: "nicht steuerbar"}[sched.Taxable]))
	}
	if f.Amount.Valid {
		return
	}
	switch {
	case known && sched.Amount.Valid:
	case known && sched.PercentOfListPrice.Valid:
		if !p.Vehicle.ListPrice.Valid {
			ps.Both(at+".amount", fmt.Sprintf("is missing and vehicle.list_price too: %q is %s%% of the net list price", sched.Label, sched.PercentOfListPrice.Decimal), fmt.Sprintf("fehlt: %s ist %s vom Nettolistenpreis, der fehlt", sched.Label, money.Percent(sched.PercentOfListPrice.Decimal)))
		}
	case known:
		ps.Both(at+".amount", fmt.Sprintf("is missing: schedule line %q has no fixed price (%s); give the amount", sched.Label, sched.Description), fmt.Sprintf("Betrag fehlt: %s hat keinen festen Preis (%s)", sched.Label, sched.Description))
	default:
		ps.Both(at+".amount", "is missing (the net amount, e.g. \"50.00\")", "Betrag fehlt")
	}
}
