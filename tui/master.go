package tui

import (
	"fmt"
	"strconv"
	"strings"

	"rueckgabe/inspection"
	"rueckgabe/textsafe"
)

// text binds a plain text field: free text, typed into where the cursor is.
func text(section, label, path, hint string, ptr func(p *inspection.Protocol) *string) *field {
	return &field{section: section, label: label, path: path, hint: hint, freeText: true,
		get: func(p *inspection.Protocol) string { return *ptr(p) },
		set: func(p *inspection.Protocol, s string) error { *ptr(p) = s; return nil }}
}

func moneyField(section, label, path string, ptr func(p *inspection.Protocol) *decimalNull) *field {
	return &field{section: section, label: label, path: path, hint: "z. B. 1.234,56",
		get: func(p *inspection.Protocol) string { return fmtMoney(*ptr(p)) },
		set: func(p *inspection.Protocol, s string) error {
			d, err := parseMoney(s)
			if err == nil {
				*ptr(p) = d
			}
			return err
		}}
}

func dateField(section, label, path string, ptr func(p *inspection.Protocol) *inspection.Date) *field {
	return &field{section: section, label: label, path: path, hint: "TT.MM.JJJJ",
		get: func(p *inspection.Protocol) string { return ptr(p).German() },
		set: func(p *inspection.Protocol, s string) error {
			d, err := parseDate(s)
			if err == nil {
				*ptr(p) = d
			}
			return err
		}}
}

func kmField(section, label, path, hint string, ptr func(p *inspection.Protocol) **int64) *field {
	return &field{section: section, label: label, path: path, hint: hint,
		get: func(p *inspection.Protocol) string { return fmtKm(*ptr(p)) },
		set: func(p *inspection.Protocol, s string) error {
			n, err := parseKm(s)
			if err == nil {
				*ptr(p) = n
			}
			return err
		}}
}

func decimalField(section, label, path, example string, places int, ptr func(p *inspection.Protocol) *decimalNull) *field {
	return &field{section: section, label: label, path: path, hint: "z. B. " + example,
		get: func(p *inspection.Protocol) string { return fmtDecimal(*ptr(p), 0) },
		set: func(p *inspection.Protocol, s string) error {
			d, err := parseDecimal(s, places, example)
			if err == nil {
				*ptr(p) = d
			}
			return err
		}}
}

// rules returns the km rules, creating them for a km contract on first use.
func rules(p *inspection.Protocol) *inspection.KmRules {
	if p.Contract.KmRules == nil {
		p.Contract.KmRules = inspection.NewKmRules()
	}
	return p.Contract.KmRules
}

// typedOver makes text typed first into a text field replace its value (a
// prefilled one), as in a field of one value.
func typedOver(fd *field) *field {
	fd.freeText = false
	return fd
}

// onlyWhen makes a field apply only while when holds.
func onlyWhen(fd *field, when func(p *inspection.Protocol) bool) *field {
	fd.when = when
	return fd
}

var contractTypes = map[string]string{"Kilometervertrag": inspection.ContractKm, "Restwertvertrag": inspection.ContractResidual}

// masterFields are the Stammdaten: vehicle, customer, contract, return.
func masterFields() []*field {
	const fz, kd, vt, rg, al = "Fahrzeug", "Kunde", "Vertrag", "Rückgabe", "Fahrzeug laut Auslieferungsnachweis"
	return []*field{
		text(fz, "Kennzeichen", "vehicle.plate", "z. B. M-AB 1234", func(p *inspection.Protocol) *string { return &p.Vehicle.Plate }),
		{section: fz, label: "FIN", path: "vehicle.vin", hint: "17 Zeichen, ohne I, O, Q", freeText: true,
			get: func(p *inspection.Protocol) string { return p.Vehicle.VIN },
			set: func(p *inspection.Protocol, s string) error { p.Vehicle.VIN = strings.ToUpper(s); return nil }},
		typedOver(text(fz, "Marke", "vehicle.make", "", func(p *inspection.Protocol) *string { return &p.Vehicle.Make })), // prefilled from the profile
		text(fz, "Modell", "vehicle.model", "", func(p *inspection.Protocol) *string { return &p.Vehicle.Model }),
		dateField(fz, "Erstzulassung", "vehicle.first_registration", func(p *inspection.Protocol) *inspection.Date { return &p.Vehicle.FirstRegistration }),
		{section: fz, label: "km bei Übergabe", path: "vehicle.delivery_odometer_km", hint: "0 bei Neuwagen",
			get: func(p *inspection.Protocol) string { return fmtInt(p.Vehicle.DeliveryOdometerKm) },
			set: func(p *inspection.Protocol, s string) error {
				n, err := parseKm(s)
				if err == nil {
					p.Vehicle.DeliveryOdometerKm = 0
					if n != nil {
						p.Vehicle.DeliveryOdometerKm = *n
					}
				}
				return err
			}},
		moneyField(fz, "Fahrzeugwert netto", "vehicle.value", func(p *inspection.Protocol) *decimalNull { return &p.Vehicle.Value }),
		text(kd, "Name", "customer.name", "", func(p *inspection.Protocol) *string { return &p.Customer.Name }),
		text(kd, "Anschrift", "customer.address", "", func(p *inspection.Protocol) *string { return &p.Customer.Address }),
		text(vt, "Vertragsnummer", "contract.number", "", func(p *inspection.Protocol) *string { return &p.Contract.Number }),
		{section: vt, label: "Vertragsart", path: "contract.type", hint: "Leertaste wechselt", choices: []string{"Kilometervertrag", "Restwertvertrag"},
			get: func(p *inspection.Protocol) string {
				if p.Contract.Type == inspection.ContractResidual {
					return "Restwertvertrag"
				}
				return "Kilometervertrag"
			},
			set: func(p *inspection.Protocol, s string) error {
				if t, ok := contractTypes[s]; ok {
					p.Contract.Type = t
				}
				return nil
			}},
		dateField(vt, "Vertragsende", "contract.end_date", func(p *inspection.Protocol) *inspection.Date { return &p.Contract.EndDate }),
		moneyField(vt, "Monatsrate netto", "contract.monthly_rate", func(p *inspection.Protocol) *decimalNull { return &p.Contract.MonthlyRate }),
		kmField(vt, "Vereinbarte km", "contract.agreed_km", "Gesamtlaufleistung", func(p *inspection.Protocol) **int64 { return &p.Contract.AgreedKm }),
		{section: vt, label: "Mehr-km-Satz €/km", path: "contract.km_rules.extra_rate", hint: "z. B. 0,0850",
			get: func(p *inspection.Protocol) string { return rateText(p, true) },
			set: func(p *inspection.Protocol, s string) error { return setRate(p, s, true) }},
		{section: vt, label: "Minder-km-Satz €/km", path: "contract.km_rules.reduced_rate", hint: "z. B. 0,0425",
			get: func(p *inspection.Protocol) string { return rateText(p, false) },
			set: func(p *inspection.Protocol, s string) error { return setRate(p, s, false) }},
		kmField(vt, "Toleranz km", "contract.km_rules.tolerance_km", "z. B. 2.500", func(p *inspection.Protocol) **int64 { return &rules(p).ToleranceKm }),
		{section: vt, label: "Toleranz-Art", path: "contract.km_rules.tolerance_mode", hint: "Freigrenze: alle km; Freibetrag: nur darüber", choices: []string{"Freigrenze", "Freibetrag"},
			get: func(p *inspection.Protocol) string {
				if p.Contract.KmRules != nil && p.Contract.KmRules.ToleranceMode == inspection.ToleranceAllowance {
					return "Freibetrag"
				}
				return "Freigrenze"
			},
			set: func(p *inspection.Protocol, s string) error {
				rules(p).ToleranceMode = map[string]string{"Freigrenze": inspection.ToleranceThreshold, "Freibetrag": inspection.ToleranceAllowance}[s]
				return nil
			}},
		kmField(vt, "Minder-km höchstens km", "contract.km_rules.reduced_cap_km", "z. B. 10.000", func(p *inspection.Protocol) **int64 { return &rules(p).ReducedCapKm }),
		decimalField(vt, "Minder-km höchstens %", "contract.km_rules.reduced_cap_percent", "10", 2, func(p *inspection.Protocol) *decimalNull { return &rules(p).ReducedCapPercent }),
		kmField(vt, "Keine Minder-km ab km-Stand", "contract.km_rules.reduced_void_above_km", "z. B. 180.000", func(p *inspection.Protocol) **int64 { return &rules(p).ReducedVoidAboveKm }),
		decimalField(vt, "Zuschlag ab % Mehr-km", "contract.km_rules.surcharge_above_percent", "10", 2, func(p *inspection.Protocol) *decimalNull { return &rules(p).SurchargeAbovePercent }),
		decimalField(vt, "Zuschlag auf Mehr-km-Satz %", "contract.km_rules.surcharge_percent", "40", 2, func(p *inspection.Protocol) *decimalNull { return &rules(p).SurchargePercent }),
		onlyWhen(moneyField(vt, "Händler-Netto-VK (Restwert)", "contract.dealer_net_price", func(p *inspection.Protocol) *decimalNull { return &p.Contract.DealerNetPrice }),
			func(p *inspection.Protocol) bool { return p.IsResidual() || p.Contract.DealerNetPrice.Valid }), // a km contract has none (an amount given is never hidden)
		dateField(rg, "Abstelldatum", "return.date", func(p *inspection.Protocol) *inspection.Date { return &p.Return.Date }),
		{section: rg, label: "km-Stand", path: "return.odometer_km", hint: "z. B. 62.501",
			get: func(p *inspection.Protocol) string {
				if p.Return.OdometerKm == 0 {
					return ""
				}
				return fmtInt(p.Return.OdometerKm)
			},
			set: func(p *inspection.Protocol, s string) error {
				n, err := parseKm(s)
				if err == nil {
					p.Return.OdometerKm = 0
					if n != nil {
						p.Return.OdometerKm = *n
					}
				}
				return err
			}},
		{section: rg, label: "km-Stand ist", path: "return.odometer_status", choices: odometerChoices,
			get: func(p *inspection.Protocol) string { return odometerChoice(p.Return.OdometerStatus) },
			set: func(p *inspection.Protocol, s string) error { p.Return.OdometerStatus = odometerStatus(s); return nil }},
		text(rg, "Ort", "return.place", "", func(p *inspection.Protocol) *string { return &p.Return.Place }),
		bodyField(), // diagram.go: the outline the damage diagram draws
		// the guide's protocol has these from the delivery record; last, so
		// that the fields of every return come first
		{section: al, label: "Leistung kW", path: "vehicle.power_kw", hint: "z. B. 140",
			get: func(p *inspection.Protocol) string { return fmtKm(p.Vehicle.PowerKW) },
			set: func(p *inspection.Protocol, s string) error {
				n, err := parsePower(s)
				if err == nil {
					p.Vehicle.PowerKW = n
				}
				return err
			}},
		moneyField(al, "Listenpreis netto", "vehicle.list_price", func(p *inspection.Protocol) *decimalNull { return &p.Vehicle.ListPrice }),
		{section: al, label: "Ausstattung", path: "vehicle.equipment", hint: "Code: Name; … z. B. 337: M Sportpaket; 6AC: Intelligenter Notruf", freeText: true,
			get: func(p *inspection.Protocol) string { return equipmentText(p.Vehicle.Equipment) },
			set: func(p *inspection.Protocol, s string) error {
				eq, err := parseEquipment(s)
				if err == nil {
					p.Vehicle.Equipment = eq
				}
				return err
			}},
	}
}

// equipmentText is the equipment list as the field shows it: "337: M
// Sportpaket; 6AC: Intelligenter Notruf" (a line without code: its name).
func equipmentText(eq []inspection.Equipment) string {
	parts := make([]string, len(eq))
	for i, e := range eq {
		parts[i] = e.Name
		if e.Code != "" {
			parts[i] = e.Code + ": " + e.Name
		}
	}
	return strings.Join(parts, "; ")
}

// parseEquipment reads "code: name; code: name" (the code may be left out).
func parseEquipment(s string) ([]inspection.Equipment, error) {
	var out []inspection.Equipment
	for _, item := range strings.Split(s, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		code, name, hasCode := strings.Cut(item, ":")
		e := inspection.Equipment{Name: item}
		if hasCode {
			e = inspection.Equipment{Code: strings.TrimSpace(code), Name: strings.TrimSpace(name)}
		}
		if e.Name == "" {
			return nil, fmt.Errorf("%q: nach dem Code der Name, z. B. 337: M Sportpaket", item)
		}
		out = append(out, e)
	}
	return out, nil
}

// parsePower reads a power in kW: "140" or "140 kW".
func parsePower(s string) (*int64, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "kW"), "KW"))
	if t == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > 2000 {
		return nil, fmt.Errorf("%q ist keine Leistung in kW (ganze Zahl, z. B. 140)", s)
	}
	return &n, nil
}

// odometerChoices are the ways a return reading comes about, as the sample
// protocols offer them.
var odometerChoices = []string{"abgelesen", "geschätzt", "Tacho getauscht"}

var odometerStatuses = []string{"", inspection.OdometerEstimated, inspection.OdometerExchanged}

func odometerChoice(status string) string {
	for i, st := range odometerStatuses {
		if st == status {
			return odometerChoices[i]
		}
	}
	return textsafe.Line(status)
}

func odometerStatus(choice string) string {
	for i, c := range odometerChoices {
		if c == choice {
			return odometerStatuses[i]
		}
	}
	return choice
}

func rateText(p *inspection.Protocol, extra bool) string {
	k := p.Contract.KmRules
	if k == nil {
		return ""
	}
	d := k.ReducedRate
	if extra {
		d = k.ExtraRate
	}
	if d.IsZero() {
		return ""
	}
	return fmtDecimal(decimalNull{Decimal: d, Valid: true}, 4)
}

func setRate(p *inspection.Protocol, s string, extra bool) error {
	d, err := parseDecimal(s, 6, "0,0850")
	if err != nil {
		return err
	}
	k := rules(p)
	if extra {
		k.ExtraRate = d.Decimal
	} else {
		k.ReducedRate = d.Decimal
	}
	return nil
}
