package inspection

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"rueckgabe/catalog"
)

// Location is where on the car's outline a finding is: a panel of one view
// of the vehicle's body style, and optionally a point in that view (0–1000
// on each axis, y downwards; docs/format.md).
type Location struct {
	View  string
	Panel string
	X, Y  *int64
}

type wireLocation struct {
	View  string `json:"view"`
	Panel string `json:"panel"`
	X     *int64 `json:"x,omitempty"`
	Y     *int64 `json:"y,omitempty"`
}

func locationToWire(l *Location) *wireLocation {
	if l == nil {
		return nil
	}
	return &wireLocation{View: l.View, Panel: l.Panel, X: l.X, Y: l.Y}
}

func decodeLocation(f obj) *Location {
	o, ok := f.object("location")
	if !ok {
		return nil
	}
	return &Location{View: o.str("view"), Panel: o.str("panel"), X: o.int("x"), Y: o.int("y")}
}

// appendPlace writes a finding's location and measurements as encoding/json
// writes them for wireFinding's last two fields.
func appendPlace(b []byte, f *Finding) []byte {
	if l := locationToWire(f.Location); l != nil {
		if j, err := json.Marshal(l); err == nil {
			b = append(append(b, `,"location":`...), j...)
		}
	}
	if m := measurementsToWire(f.Measurements); m != nil {
		if j, err := json.Marshal(m); err == nil {
			b = append(append(b, `,"measurements":`...), j...)
		}
	}
	return b
}

// Marker is a finding placed on a view of the outline: its number (index +
// 1), its verdict and its point in the view's coordinates.
type Marker struct {
	N          int
	Acceptable bool
	X, Y       float64
}

// Markers are the findings placed in a view, at their point or their
// panel's middle: what the TUI's diagram and the PDF draw alike.
func Markers(p *Protocol, v *catalog.View) []Marker {
	var out []Marker
	for i := range p.Findings {
		l := p.Findings[i].Location
		if l == nil || l.View != v.ID {
			continue
		}
		pn, ok := v.Panel(l.Panel)
		if !ok {
			continue
		}
		x, y := pn.Centre()
		if l.X != nil && l.Y != nil {
			x, y = float64(*l.X), float64(*l.Y)
		}
		out = append(out, Marker{N: i + 1, Acceptable: p.Findings[i].Acceptable, X: x, Y: y})
	}
	return out
}

// BaselinePanels are the panels of a view that hold a damage the handover
// protocol recorded (on a return against one), found by the part's name:
// the handover recorded no place. Each panel once, in the view's order.
func BaselinePanels(p *Protocol, v *catalog.View) []*catalog.Panel {
	if p.Baseline == nil || p.IsDelivery() {
		return nil
	}
	var out []*catalog.Panel
	for i := range v.Panels {
		pn := &v.Panels[i]
		if slices.ContainsFunc(p.Baseline.Findings, func(d BaselineDamage) bool { return slices.Contains(pn.Parts, d.Part) }) {
			out = append(out, pn)
		}
	}
	return out
}

// Outline is the drawing of the protocol's vehicle: its body style's, the
// limousine's when the body is not known.
func Outline(p *Protocol) *catalog.Outline {
	o, err := catalog.OutlineFor(p.Vehicle.Body)
	if err != nil {
		o, _ = catalog.OutlineFor(catalog.BodyDefault)
	}
	return o
}

// validateDiagram checks the body style, each finding's place on the
// outline and its measurements.
func validateDiagram(ps *Problems, p *Protocol, rules *catalog.Rules) {
	if b := p.Vehicle.Body; b != "" && !slices.Contains(catalog.Bodies, b) {
		ps.Both("vehicle.body", fmt.Sprintf("%q is not a body style (use one of %s)", b, strings.Join(catalog.Bodies, ", ")),
			fmt.Sprintf("%q ist keine Bauform (Limousine, Kombi, SUV)", b))
	}
	outline := Outline(p)
	for i := range p.Findings {
		l := p.Findings[i].Location
		if l == nil {
			continue
		}
		at := fmt.Sprintf("findings[%d].location.", i)
		v, ok := outline.View(l.View)
		switch {
		case !ok:
			ps.Both(at+"panel", fmt.Sprintf("view %q is not a view of the outline (use one of %s)", l.View, strings.Join(catalog.Views, ", ")),
				fmt.Sprintf("Ansicht %q gibt es nicht", l.View))
		default:
			if _, ok := v.Panel(l.Panel); !ok {
				ids := make([]string, len(v.Panels))
				for j, pn := range v.Panels {
					ids[j] = pn.ID
				}
				ps.Both(at+"panel", fmt.Sprintf("%q is not a panel of view %q of the %s outline (use one of %s)", l.Panel, l.View, outline.Body, strings.Join(ids, ", ")),
					fmt.Sprintf("Teil %q gibt es in der Ansicht %s nicht", l.Panel, catalog.ViewLabels[l.View]))
			}
		}
		for _, c := range []struct {
			key string
			v   *int64
		}{{"x", l.X}, {"y", l.Y}} {
			if c.v != nil && (*c.v < 0 || *c.v > 1000) {
				ps.Both(at+c.key, fmt.Sprintf("%d is outside 0–1000 (a point in the view)", *c.v), "Punkt liegt außerhalb der Zeichnung (0–1000)")
			}
		}
	}
	validateMeasurements(ps, p, rules)
}

func (l *Location) clone() *Location {
	if l == nil {
		return nil
	}
	return &Location{View: l.View, Panel: l.Panel, X: clonePtr(l.X), Y: clonePtr(l.Y)}
}
