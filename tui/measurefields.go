package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// measureFields are the finding's measurements on the details step. A
// measurement that changes lets the profile's measures decide the criterion
// again (docs/rules.md, "Measure first"), unless the inspector gave a reason
// for judging otherwise.
func (e *findingEditor) measureFields() []*field {
	at := func(name string) string { return fmt.Sprintf("findings[%d].measurements.%s", e.index, name) }
	ms := func(p *inspection.Protocol) *inspection.Measurements {
		f := &p.Findings[e.index]
		if f.Measurements == nil {
			f.Measurements = &inspection.Measurements{}
		}
		return f.Measurements
	}
	get := func(p *inspection.Protocol) *inspection.Measurements {
		if m := p.Findings[e.index].Measurements; m != nil {
			return m
		}
		return &inspection.Measurements{}
	}
	decide := e.judgeByMeasure
	mm := func(label, name string, ptr func(m *inspection.Measurements) *decimal.NullDecimal) *field {
		return &field{section: "Messung", label: label, path: at(name), hint: "mm, z. B. 0,5",
			get: func(p *inspection.Protocol) string { return fmtDecimal(*ptr(get(p)), 0) },
			set: func(p *inspection.Protocol, s string) error {
				d, err := parseDecimal(s, 2, "0,5")
				if err != nil {
					return err
				}
				*ptr(ms(p)) = d
				decide(p)
				return nil
			}}
	}
	triState := []string{"—", "nein", "ja"}
	flag := func(label, name string, ptr func(m *inspection.Measurements) **bool) *field {
		return &field{section: "Messung", label: label, path: at(name), choices: triState,
			get: func(p *inspection.Protocol) string {
				if b := *ptr(get(p)); b != nil {
					return map[bool]string{true: "ja", false: "nein"}[*b]
				}
				return "—"
			},
			set: func(p *inspection.Protocol, s string) error {
				var v *bool
				if s == "ja" || s == "nein" {
					b := s == "ja"
					v = &b
				}
				*ptr(ms(p)) = v
				decide(p)
				return nil
			}}
	}
	return []*field{
		mm("Länge mm", "length_mm", func(m *inspection.Measurements) *decimal.NullDecimal { return &m.LengthMm }),
		mm("Durchmesser mm", "diameter_mm", func(m *inspection.Measurements) *decimal.NullDecimal { return &m.DiameterMm }),
		mm("Tiefe mm", "depth_mm", func(m *inspection.Measurements) *decimal.NullDecimal { return &m.DepthMm }),
		mm("Profiltiefe mm", "tread_mm", func(m *inspection.Measurements) *decimal.NullDecimal { return &m.TreadMm }),
		{section: "Messung", label: "Anzahl am Teil", path: at("count_on_panel"), hint: "leer: aus dem Diagramm gezählt",
			get: func(p *inspection.Protocol) string {
				if n := get(p).CountOnPanel; n != nil {
					return strconv.FormatInt(*n, 10)
				}
				return ""
			},
			set: func(p *inspection.Protocol, s string) error {
				if s == "" {
					ms(p).CountOnPanel = nil
					decide(p)
					return nil
				}
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil || n < 1 || n > 999 {
					return fmt.Errorf("%q ist keine Anzahl (1 bis 999)", s)
				}
				ms(p).CountOnPanel = &n
				decide(p)
				return nil
			}},
		flag("Grundierung sichtbar", "primer_visible", func(m *inspection.Measurements) **bool { return &m.PrimerVisible }),
		flag("Lack beschädigt", "paint_damaged", func(m *inspection.Measurements) **bool { return &m.PaintDamaged }),
		flag("im Sichtbereich des Fahrers", "driver_view", func(m *inspection.Measurements) **bool { return &m.DriverView }),
	}
}

// withMeasures adds the measurement fields to the details: first on a
// finding placed on the car (pointed at, then measured), else last.
func (e *findingEditor) withMeasures(fields []*field) []*field {
	if e.f().Location != nil {
		return append(e.measureFields(), fields...)
	}
	return append(fields, e.measureFields()...)
}

// measureHint says on the criterion step that the profile decides this
// category's criterion from measurements, and where they are entered.
func (e *findingEditor) measureHint(width int) []string {
	if e.step != stepRule {
		return nil
	}
	for _, m := range inspection.ProfileOf(e.work, e.s.rules).Measures {
		if strings.HasPrefix(m.Rule, e.cat.ID+".") {
			return strings.Split(wrapLines(e.c.Styles.Muted, "Messbar: das Kriterium folgt aus den Maßen (nach den Kosten tab → Messung)", width, 2), "\n")
		}
	}
	return nil
}

// bodyField chooses the body style whose outline the diagram draws.
func bodyField() *field {
	labels := make([]string, len(catalog.Bodies))
	for i, b := range catalog.Bodies {
		labels[i] = catalog.BodyLabels[b]
	}
	return &field{section: "Fahrzeugbild", label: "Bauform", path: "vehicle.body", hint: "für das Schadendiagramm", choices: labels,
		get: func(p *inspection.Protocol) string {
			if l, ok := catalog.BodyLabels[p.Vehicle.Body]; ok {
				return l
			}
			return catalog.BodyLabels[catalog.BodyDefault]
		},
		set: func(p *inspection.Protocol, s string) error {
			for b, l := range catalog.BodyLabels {
				if l == s {
					p.Vehicle.Body = b
					if b == catalog.BodyDefault {
						p.Vehicle.Body = "" // the default stays unwritten
					}
					return nil
				}
			}
			return fmt.Errorf("%q ist keine Bauform (Limousine, Kombi, SUV)", s)
		}}
}

// judgeByMeasure lets the profile's measures decide the finding's criterion
// after something they read changed: a measurement, or its damage (a
// measure names damages, and count_on_panel counts the findings of one
// damage on the panel — "Delle" typed over "Beule" made a third dent on
// the bonnet, which the header still judged as one of two; an outside
// tester).
func (e *findingEditor) judgeByMeasure(p *inspection.Protocol) {
	f := &p.Findings[e.index]
	if !e.byMeasure {
		e.judged = judgementOf(f) // the inspector's, before a measure decides
	}
	if f.Measurements.IsZero() {
		f.Measurements = nil
	} else if strings.TrimSpace(f.OverrideReason) == "" {
		if _, ok := inspection.ApplyMeasuredRule(p, e.index, e.s.rules); ok {
			e.byMeasure = true
			return
		}
	}
	if e.byMeasure {
		// the measurements no longer decide (primer no longer visible,
		// a value taken back): the inspector's criterion again, never
		// one that contradicts what is measured now
		e.judged.restore(f)
		e.byMeasure = false
	}
}
