package inspection

import (
	"fmt"
	"slices"
	"strings"

	"rueckgabe/catalog"
)

// CategoryDone reports whether the walkthrough of a category has ended:
// with findings, or confirmed "keine Befunde".
func (p *Protocol) CategoryDone(id string) bool {
	return slices.Contains(p.Completed, id) || p.FindingCount(id) > 0
}

// FindingCount is the number of findings in a category.
func (p *Protocol) FindingCount(id string) int {
	n := 0
	for _, f := range p.Findings {
		if f.Category == id {
			n++
		}
	}
	return n
}

// Open is one point that stands between a protocol and signing: Text says,
// in German, what is open; Path is the JSON path of a validation problem
// ("return.odometer_km", Text then without it), "" for the other points.
type Open struct {
	Path, Text string
}

// String is the point as Missing lists it: "path: text" for a problem.
func (o Open) String() string {
	if o.Path == "" {
		return o.Text
	}
	return o.Path + ": " + o.Text
}

// Missing lists, in German, what stands between the protocol and signing:
// untouched categories, unconfirmed preconditions, open proposals, wheels
// neither measured nor marked not measurable, an unchecked delivery scope,
// not-acceptable findings at 0 € without a reason, and validation problems
// (each as "path: what is wrong"; OpenPoints keeps the path apart).
func Missing(p *Protocol, rules *catalog.Rules) []string {
	points := OpenPoints(p, rules)
	out := make([]string, len(points))
	for i, o := range points {
		out[i] = o.String()
	}
	return out
}

// OpenPoints are Missing's points with the path of each validation problem
// apart, for a reader that names the field in its own words (the TUI).
func OpenPoints(p *Protocol, rules *catalog.Rules) []Open {
	rules = ProfileOf(p, rules)
	var out []string
	if a := p.Amends; a != nil && strings.TrimSpace(a.Reason) == "" {
		out = append(out, "Nachtrag: Grund fehlt (was berichtigt dieser Nachtrag?)")
	}
	if p.ProfileHash == "" || !strings.Contains(p.Profile, "@") {
		out = append(out, "Profil nicht festgelegt (Profil@Version und Inhalts-Hash): das Protokoll erneut speichern")
	}
	for _, c := range rules.Catalogue.Categories {
		if !p.CategoryDone(c.ID) {
			out = append(out, fmt.Sprintf("Kategorie %s: weder Befunde noch „keine Befunde“", c.Name))
		}
	}
	pc := p.Preconditions
	for _, b := range []*bool{pc.Cleaned, pc.Lighting, pc.NoWeather, pc.DoorsOpen, pc.Accessible} {
		if b == nil {
			out = append(out, "Voraussetzungen: nicht alle bestätigt")
			break
		}
	}
	for _, pr := range OpenProposals(p, rules) {
		out = append(out, fmt.Sprintf("Vorschlag offen: %s – %s (%s): als Befund übernehmen oder mit Begründung verwerfen", pr.Finding.Part, pr.Finding.Damage, pr.Reason))
	}
	// a finding measured, whose measurements decide no criterion and whose
	// chosen one was not kept (docs/rules.md, "Measure first"): asked again
	for i := range p.Findings {
		if f := &p.Findings[i]; f.Rule == "" && !f.Measurements.IsZero() {
			if _, decided := MeasuredRule(p, i, rules); !decided {
				out = append(out, fmt.Sprintf("Befund %d (%s): Kriterium fehlt – die Messung entscheidet keins, bitte wählen", i+1, f.Part))
			}
		}
	}
	out = append(out, missingChecks(p, rules)...)
	if p.IsResidual() && !p.IsDelivery() && !p.Contract.DealerNetPrice.Valid {
		out = append(out, "Restwertvertrag: Netto-Händlerverkaufspreis fehlt")
	}
	if p.Dispute != nil && !p.Vehicle.Value.Valid {
		out = append(out, "Gutachten/Einspruch: Fahrzeugwert fehlt (Basis des Händlerzuschlags)")
	}
	points := make([]Open, 0, len(out))
	for _, t := range out {
		points = append(points, Open{Text: t})
	}
	for _, pr := range Validate(p, rules) {
		points = append(points, Open{Path: pr.Path, Text: pr.German()})
	}
	return points
}
