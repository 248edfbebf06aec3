package tui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/textsafe"
)

// fieldLabels name the fields a problem can be at in the words of the forms
// (F2 Stammdaten, F5 Reifen/Lieferumfang, the finding editor, F7): the one
// table from a JSON path to what the inspector reads. A key is a path with
// its list indices left out ("tyres.wheels[].tread_mm"); each "%s" in a label
// takes, in order, the name of the list element the path's index points at
// (listNames: "Reifen HL", "Befund 2 (Tür hinten links)").
var fieldLabels = withCostLines(map[string]string{
	"profile":      "Profil",
	"profile_hash": "Profil (Inhalts-Hash)",
	"catalogue":    "Katalog",

	"vehicle.plate":                "Kennzeichen",
	"vehicle.vin":                  "FIN",
	"vehicle.make":                 "Marke",
	"vehicle.model":                "Modell",
	"vehicle.first_registration":   "Erstzulassung",
	"vehicle.delivery_odometer_km": "km-Stand bei Übergabe",
	"vehicle.value":                "Fahrzeugwert netto",
	"vehicle.power_kw":             "Leistung kW",
	"vehicle.list_price":           "Listenpreis netto",
	"vehicle.equipment":            "Ausstattung",
	"vehicle.body":                 "Bauform (Fahrzeugbild)",

	"customer.name":    "Kunde: Name",
	"customer.address": "Kunde: Anschrift",

	"contract.number":                           "Vertragsnummer",
	"contract.type":                             "Vertragsart",
	"contract.end_date":                         "Vertragsende",
	"contract.monthly_rate":                     "Monatsrate netto",
	"contract.agreed_km":                        "Vereinbarte km",
	"contract.km_rules":                         "km-Regeln des Vertrags",
	"contract.km_rules.extra_rate":              "Mehr-km-Satz €/km",
	"contract.km_rules.reduced_rate":            "Minder-km-Satz €/km",
	"contract.km_rules.tolerance_km":            "Toleranz km",
	"contract.km_rules.tolerance_mode":          "Toleranz-Art",
	"contract.km_rules.reduced_cap_km":          "Minder-km höchstens km",
	"contract.km_rules.reduced_cap_percent":     "Minder-km höchstens %",
	"contract.km_rules.reduced_void_above_km":   "Keine Minder-km ab km-Stand",
	"contract.km_rules.surcharge_above_percent": "Zuschlag ab % Mehr-km",
	"contract.km_rules.surcharge_percent":       "Zuschlag auf Mehr-km-Satz %",
	"contract.dealer_net_price":                 "Händler-Netto-VK (Restwert)",

	"return":                 "Rückgabe",
	"return.date":            "Abstelldatum",
	"return.odometer_km":     "km-Stand bei Rückgabe",
	"return.odometer_status": "km-Stand bei Rückgabe (abgelesen, geschätzt, Tacho getauscht)",
	"return.place":           "Rückgabe: Ort",

	"handover":       "Übergabe",
	"handover.date":  "Übergabedatum",
	"handover.place": "Übergabe: Ort",

	"preconditions.note": "Voraussetzungen: Vermerk",

	"tyres.min_tread_mm":            "Mindestprofil",
	"tyres.wheels[]":                "Reifen %s",
	"tyres.wheels[].position":       "Reifen %s, Position",
	"tyres.wheels[].tread_mm":       "Reifen %s, Profiltiefe",
	"tyres.wheels[].not_measurable": "Reifen %s, nicht messbar",
	"tyres.wheels[].tyre":           "Reifen %s, Bereifung",
	"tyres.wheels[].rim":            "Felge %s",

	"delivery[]":          "Lieferumfang %s",
	"delivery[].item":     "Lieferumfang %s, Bezeichnung",
	"delivery[].expected": "Lieferumfang %s, Anzahl erwartet",
	"delivery[].returned": "Lieferumfang %s, Anzahl zurück",
	"delivery_complete":   "Lieferumfang: alles vollständig",

	"service.hu_due":       "HU/AU fällig am",
	"service.hu_due_month": "HU-Plakette",
	"service.service_due":  "Inspektion fällig am",

	"findings[]":                              "%s",
	"findings[].category":                     "%s, Kategorie",
	"findings[].rule":                         "%s, Kriterium",
	"findings[].part":                         "%s, Bauteil",
	"findings[].damage":                       "%s, Schadenart",
	"findings[].size":                         "%s, Größe",
	"findings[].cause":                        "%s, Ursache",
	"findings[].repair":                       "%s, Reparaturart",
	"findings[].acceptable":                   "%s, Bewertung",
	"findings[].override_reason":              "%s, Begründung",
	"findings[].factor_percent":               "%s, Faktor %% (manuell)",
	"findings[].no_charge_reason":             "%s, ohne Berechnung, weil",
	"findings[].safety_relevant":              "%s, sicherheitsrelevant",
	"findings[].accident":                     "%s, Unfallschaden",
	"findings[].cost":                         "%s, Betrag netto",
	"findings[].mercantile_depreciation":      "%s, merkantile Wertminderung",
	"findings[].depreciation_paid_by_insurer": "%s, von Versicherung geleistet",
	"findings[].baseline_finding":             "%s, Vorschaden laut Übergabeprotokoll",
	"findings[].note":                         "%s, Notiz",
	"findings[].photos":                       "%s, Fotoverweise (alt)",
	"findings[].location.panel":               "%s, Lage im Fahrzeugbild",
	"findings[].location.x":                   "%s, Lage im Fahrzeugbild",
	"findings[].location.y":                   "%s, Lage im Fahrzeugbild",
	"findings[].measurements.length_mm":       "%s, Messung: Länge mm",
	"findings[].measurements.diameter_mm":     "%s, Messung: Durchmesser mm",
	"findings[].measurements.depth_mm":        "%s, Messung: Tiefe mm",
	"findings[].measurements.tread_mm":        "%s, Messung: Profiltiefe mm",
	"findings[].measurements.count_on_panel":  "%s, Messung: Anzahl am Teil",
	"findings[].measurements.primer_visible":  "%s, Messung: Grundierung sichtbar",
	"findings[].measurements.paint_damaged":   "%s, Messung: Lack beschädigt",
	"findings[].measurements.driver_view":     "%s, Messung: im Sichtbereich des Fahrers",
	"findings[].evidence[]":                   "%s, Foto %s",
	"findings[].evidence[].sha256":            "%s, Foto %s",
	"findings[].evidence[].size":              "%s, Foto %s",
	"findings[].evidence[].type":              "%s, Foto %s",
	"findings[].evidence[].name":              "%s, Foto %s",
	"findings[].evidence[].taken_from":        "%s, Foto %s",

	"evidence[]":            "Fahrzeugfoto %s",
	"evidence[].sha256":     "Fahrzeugfoto %s",
	"evidence[].size":       "Fahrzeugfoto %s",
	"evidence[].type":       "Fahrzeugfoto %s",
	"evidence[].name":       "Fahrzeugfoto %s",
	"evidence[].taken_from": "Fahrzeugfoto %s",

	"completed_categories[]": "Rundgang: erledigte Kategorie %s",

	"fees":              "Gebühren",
	"fees[]":            "Gebühr %s",
	"fees[].code":       "Gebühr %s",
	"fees[].label":      "Gebühr %s, Bezeichnung",
	"fees[].amount":     "Gebühr %s, Betrag netto",
	"fees[].quantity":   "Gebühr %s, Anzahl",
	"fees[].taxable":    "Gebühr %s, USt",
	"fees[].unit_price": "Gebühr %s, Betrag netto",

	"dismissed_proposals[]":        "Verworfener Vorschlag %s",
	"dismissed_proposals[].rule":   "Verworfener Vorschlag %s, Kriterium",
	"dismissed_proposals[].part":   "Verworfener Vorschlag %s, Bauteil",
	"dismissed_proposals[].reason": "Verworfener Vorschlag %s, Begründung",

	"signatures[]":                           "Unterschrift %s",
	"signatures[].role":                      "Unterschrift %s, Rolle",
	"signatures[].name":                      "Unterschrift %s, Name",
	"signatures[].signed_at":                 "Unterschrift %s, Zeitpunkt",
	"signatures[].attests":                   "Unterschrift %s",
	"signatures[].strokes[][]":               "Unterschrift %s, Unterschriftsfeld%.0s%.0s",
	"refusal.note":                           "Kunde verweigert Unterschrift: Vermerk",
	"dispute":                                "Einspruch (keine Einigung über Minderwerte)",
	"dispute.comment":                        "Einspruch: Stellungnahme des Kunden",
	"dispute.experts":                        "Einspruch: Sachverständige",
	"dispute.chosen":                         "Einspruch: gewählter Sachverständiger",
	"dispute.findings[]":                     "Einspruch: bestrittene Befunde%.0s",
	"dispute.expert_cost":                    "Einspruch: Gutachtenkosten netto",
	"baseline":                               "Ausgangslage (Übergabeprotokoll)",
	"baseline.id":                            "Ausgangslage: Übergabeprotokoll",
	"baseline.seal_hash":                     "Ausgangslage: Siegel des Übergabeprotokolls",
	"baseline.vin":                           "Ausgangslage: FIN des Übergabeprotokolls",
	"amends.id":                              "Nachtrag: berichtigtes Protokoll",
	"amends.seal_hash":                       "Nachtrag: Siegel des Originals",
	"amends.reason":                          "Nachtrag: Grund",
	"delivery_record.list_price":             "Auslieferungsnachweis: Listenpreis netto",
	"delivery_record.equipment[]":            "Auslieferungsnachweis: Ausstattung %s",
	"delivery_record.equipment[].code":       "Auslieferungsnachweis: Ausstattung %s",
	"delivery_record.equipment[].quantity":   "Auslieferungsnachweis: Ausstattung %s, Anzahl",
	"delivery_record.equipment[].unit_price": "Auslieferungsnachweis: Ausstattung %s, Einzelpreis",
})

// withCostLines adds a finding's cost lines in the words the finding editor
// and the PDF use (inspection.CostLines).
func withCostLines(m map[string]string) map[string]string {
	for _, l := range inspection.CostLines {
		m["findings[].costs."+l.Key] = "%s, " + l.Label
	}
	return m
}

// listNames name the element of a list an index points at, by the list's
// path without indices; a list not here is counted ("Nr. 3").
var listNames = map[string]func(p *inspection.Protocol, i int) string{
	"tyres.wheels": func(p *inspection.Protocol, i int) string {
		if i < len(p.Tyres.Wheels) && strings.TrimSpace(p.Tyres.Wheels[i].Position) != "" {
			return textsafe.Line(p.Tyres.Wheels[i].Position)
		}
		return "Nr. " + strconv.Itoa(i+1)
	},
	"delivery": func(p *inspection.Protocol, i int) string {
		if i < len(p.Delivery) && strings.TrimSpace(p.Delivery[i].Item) != "" {
			return textsafe.Line(p.Delivery[i].Item)
		}
		return "Nr. " + strconv.Itoa(i+1)
	},
	"findings": func(p *inspection.Protocol, i int) string { // as F6 numbers them
		name := "Befund " + strconv.Itoa(i+1)
		if i < len(p.Findings) && strings.TrimSpace(p.Findings[i].Part) != "" {
			name += " (" + textsafe.Line(p.Findings[i].Part) + ")"
		}
		return name
	},
	"fees": func(p *inspection.Protocol, i int) string {
		name := strconv.Itoa(i + 1)
		if i < len(p.Fees) && strings.TrimSpace(p.Fees[i].Label) != "" {
			name += " (" + textsafe.Line(p.Fees[i].Label) + ")"
		}
		return name
	},
	"completed_categories": func(p *inspection.Protocol, i int) string {
		if i < len(p.Completed) {
			return strconv.Quote(textsafe.Line(p.Completed[i]))
		}
		return "Nr. " + strconv.Itoa(i+1)
	},
	"signatures": func(p *inspection.Protocol, i int) string {
		if i < len(p.Signatures) {
			if l, ok := inspection.RoleLabels[p.Signatures[i].Role]; ok {
				return l
			}
		}
		return "Nr. " + strconv.Itoa(i+1)
	},
}

// pathIndex is one list index of a path: "[3]".
var pathIndex = regexp.MustCompile(`\[(\d+)\]`)

// pathLabel names the field at a problem's JSON path in the forms' words:
// "tyres.wheels[3].tread_mm" → "Reifen HL, Profiltiefe". ok is false when
// fieldLabels has no entry for the path: then the label of the nearest
// enclosing field that has one ("findings[2].x" → "Befund 3 (Tür)"), or,
// failing that, the path itself — never nothing.
func pathLabel(p *inspection.Protocol, path string) (label string, ok bool) {
	key := path
	for first := true; key != ""; first = false {
		if l, found := fieldLabels[pathIndex.ReplaceAllString(key, "[]")]; found {
			return fillLabel(p, key, l), first
		}
		key = parentPath(key)
	}
	return path, false
}

// parentPath is the path one step up: "a.b[2]" → "a.b", "a.b" → "a", "a" → "".
func parentPath(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i > 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i > 0 {
		return path[:i]
	}
	return ""
}

// fillLabel puts the names of the elements path's indices point at into the
// label's "%s" (a "%.0s" takes an index without printing it).
func fillLabel(p *inspection.Protocol, path, label string) string {
	var args []any
	for _, m := range pathIndex.FindAllStringSubmatchIndex(path, -1) {
		i, err := strconv.Atoi(path[m[2]:m[3]])
		if err != nil {
			i = -1
		}
		list := pathIndex.ReplaceAllString(path[:m[0]], "[]")
		name := "Nr. " + strconv.Itoa(i+1)
		if f, ok := listNames[list]; ok && i >= 0 {
			name = f(p, i)
		}
		args = append(args, name)
	}
	if len(args) == 0 {
		return label // "Zuschlag ab % Mehr-km": no verbs
	}
	if n := strings.Count(label, "%s") + strings.Count(label, "%.0s"); n != len(args) {
		return strings.ReplaceAll(strings.ReplaceAll(label, "%.0s", ""), "%s", "…") // an entry not matching its path's lists: its words alone
	}
	return fmt.Sprintf(label, args...)
}

// openPointsOf is what stands between the protocol and signing with each
// validation problem under its field's German name ("km-Stand bei Rückgabe:
// fehlt (…)"), not its JSON path.
func openPointsOf(p *inspection.Protocol, r *catalog.Rules) []string {
	points := inspection.OpenPoints(p, r)
	out := make([]string, len(points))
	for i, o := range points {
		out[i] = o.Text
		if o.Path != "" {
			label, _ := pathLabel(p, o.Path)
			out[i] = label + ": " + o.Text
		}
	}
	return out
}
