package catalog

import (
	"embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// FormatOutline tags a vehicle outline file: the drawing of a body style,
// each panel a named polygon mapped to the catalogue's parts.
const FormatOutline = "rueckgabe/outline@1"

// Body styles a protocol's vehicle.body names; "" is BodyDefault.
const (
	BodyLimousine = "limousine"
	BodyKombi     = "kombi"
	BodySUV       = "suv"
	BodyDefault   = BodyLimousine
)

// Bodies lists the body styles in the order they are offered.
var Bodies = []string{BodyLimousine, BodyKombi, BodySUV}

// The views of an outline, in the order they are offered.
const (
	ViewTop      = "top"
	ViewLeft     = "left"
	ViewRight    = "right"
	ViewFront    = "front"
	ViewRear     = "rear"
	ViewInterior = "interior"
)

// Views lists every view an outline draws.
var Views = []string{ViewTop, ViewLeft, ViewRight, ViewFront, ViewRear, ViewInterior}

// Outline is the drawing of one body style. Coordinates are 0–1000 along
// each axis of a view, y downwards; the view's size in mm gives its aspect.
type Outline struct {
	Format  string `json:"format"`
	Body    string `json:"body"`
	Version string `json:"version"`
	Title   string `json:"title"`
	Source  string `json:"source"`
	Views   []View `json:"views"`
}

// View is the car seen from one side.
type View struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	WidthMm  int     `json:"width_mm"`
	HeightMm int     `json:"height_mm"`
	Panels   []Panel `json:"panels"`
}

// Panel is a named region of a view. Later panels lie on top of earlier
// ones (a wheel over the wing). Its first part is the one a finding on it
// is prefilled with.
type Panel struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Key     string   `json:"key"` // one letter a–z, unique in the view
	Parts   []string `json:"parts"`
	Polygon [][2]int `json:"polygon"`
	// Label is where the key letter and markers go when the middle of the
	// panel is covered by another (a wing behind its wheel).
	Label *[2]int `json:"label,omitempty"`
}

// View returns the view with the given id.
func (o *Outline) View(id string) (*View, bool) {
	for i := range o.Views {
		if o.Views[i].ID == id {
			return &o.Views[i], true
		}
	}
	return nil, false
}

// Panel returns the panel id of the view.
func (o *Outline) Panel(view, id string) (*Panel, bool) {
	v, ok := o.View(view)
	if !ok {
		return nil, false
	}
	return v.Panel(id)
}

// Panel returns the view's panel with the given id.
func (v *View) Panel(id string) (*Panel, bool) {
	for i := range v.Panels {
		if v.Panels[i].ID == id {
			return &v.Panels[i], true
		}
	}
	return nil, false
}

// At returns the topmost panel at view point (x, y), or nil.
func (v *View) At(x, y float64) *Panel {
	for i := len(v.Panels) - 1; i >= 0; i-- {
		if v.Panels[i].Contains(x, y) {
			return &v.Panels[i]
		}
	}
	return nil
}

// Contains reports whether view point (x, y) lies inside the panel
// (even-odd rule).
func (p *Panel) Contains(x, y float64) bool {
	in := false
	pts := p.Polygon
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		xi, yi := float64(pts[i][0]), float64(pts[i][1])
		xj, yj := float64(pts[j][0]), float64(pts[j][1])
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

// Centre is where the panel's letter and markers go: its label point, else
// the middle of its bounding box, else the mean of its corners.
func (p *Panel) Centre() (x, y float64) {
	if p.Label != nil {
		return float64(p.Label[0]), float64(p.Label[1])
	}
	x0, y0, x1, y1 := p.Bounds()
	x, y = float64(x0+x1)/2, float64(y0+y1)/2
	if p.Contains(x, y) {
		return x, y
	}
	var sx, sy float64
	for _, pt := range p.Polygon {
		sx += float64(pt[0])
		sy += float64(pt[1])
	}
	n := float64(len(p.Polygon))
	return sx / n, sy / n
}

// Bounds is the panel's bounding box.
func (p *Panel) Bounds() (x0, y0, x1, y1 int) {
	x0, y0, x1, y1 = 1000, 1000, 0, 0
	for _, pt := range p.Polygon {
		x0, y0 = min(x0, pt[0]), min(y0, pt[1])
		x1, y1 = max(x1, pt[0]), max(y1, pt[1])
	}
	return
}

// ParseOutline decodes and validates an outline file.
func ParseOutline(file string, data []byte) (*Outline, error) {
	return parse(file, data, validateOutline)
}

func validateOutline(file string, o *Outline) error {
	p := &problems{file: file}
	if o.Format != FormatOutline {
		p.add("format", "is %q, want %q", o.Format, FormatOutline)
	}
	if !slices.Contains(Bodies, o.Body) {
		p.add("body", "%q is not a body style (use one of %s)", o.Body, strings.Join(Bodies, ", "))
	}
	if o.Version == "" {
		p.add("version", "is empty (e.g. \"1\")")
	}
	if o.Title == "" {
		p.add("title", "is empty (e.g. \"Limousine\")")
	}
	seen := map[string]bool{}
	for i := range o.Views {
		v := &o.Views[i]
		at := fmt.Sprintf("views[%d]", i)
		switch {
		case !slices.Contains(Views, v.ID):
			p.add(at+".id", "%q is not a view (use one of %s)", v.ID, strings.Join(Views, ", "))
		case seen[v.ID]:
			p.add(at+".id", "view %q is drawn twice", v.ID)
		}
		seen[v.ID] = true
		if v.Name == "" {
			p.add(at+".name", "is empty (e.g. \"Links (Fahrerseite)\")")
		}
		if v.WidthMm <= 0 || v.HeightMm <= 0 || v.WidthMm > 20000 || v.HeightMm > 20000 {
			p.add(at, "width_mm and height_mm must be 1–20000 (the car's size in that view)")
		}
		validatePanels(p, at, v)
	}
	for _, id := range Views {
		if !seen[id] {
			p.add("views", "view %q is missing (an outline draws %s)", id, strings.Join(Views, ", "))
		}
	}
	return p.err()
}

func validatePanels(p *problems, at string, v *View) {
	if len(v.Panels) == 0 {
		p.add(at+".panels", "view %q has no panels", v.ID)
	}
	ids := map[string]string{}
	keys := map[string]string{}
	for j := range v.Panels {
		pn := &v.Panels[j]
		pat := fmt.Sprintf("%s.panels[%d]", at, j)
		checkID(p, pat+".id", pn.ID, ids)
		if pn.Name == "" {
			p.add(pat+".name", "is empty (e.g. \"Tür vorn links\")")
		}
		if len(pn.Key) != 1 || pn.Key[0] < 'a' || pn.Key[0] > 'z' {
			p.add(pat+".key", "%q: one letter a–z, the key that chooses the panel", pn.Key)
		} else {
			checkID(p, pat+".key", pn.Key, keys)
		}
		if len(pn.Parts) == 0 {
			p.add(pat+".parts", "panel %q names no part (the catalogue's part a finding on it is about)", pn.ID)
		}
		for k, part := range pn.Parts {
			if strings.TrimSpace(part) == "" {
				p.add(fmt.Sprintf("%s.parts[%d]", pat, k), "is empty")
			}
		}
		if len(pn.Polygon) < 3 {
			p.add(pat+".polygon", "has %d points; a panel needs at least 3", len(pn.Polygon))
			continue
		}
		for k, pt := range pn.Polygon {
			if pt[0] < 0 || pt[0] > 1000 || pt[1] < 0 || pt[1] > 1000 {
				p.add(fmt.Sprintf("%s.polygon[%d]", pat, k), "[%d, %d] lies outside 0–1000", pt[0], pt[1])
			}
		}
		if area2(pn.Polygon) == 0 {
			p.add(pat+".polygon", "encloses no area")
		}
		if l := pn.Label; l != nil && !pn.Contains(float64(l[0]), float64(l[1])) {
			p.add(pat+".label", "[%d, %d] lies outside the panel's polygon", l[0], l[1])
		}
	}
}

// area2 is twice the polygon's area (shoelace), unsigned.
func area2(pts [][2]int) int {
	a := 0
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		a += pts[j][0]*pts[i][1] - pts[i][0]*pts[j][1]
	}
	if a < 0 {
		return -a
	}
	return a
}

// CheckParts reports every panel part the catalogue does not know: a finding
// on the panel would be prefilled with a part no category offers.
func (o *Outline) CheckParts(file string, cat *Catalogue) error {
	known := map[string]bool{}
	for _, c := range cat.Categories {
		for _, part := range c.Parts {
			known[part] = true
		}
	}
	p := &problems{file: file}
	for i, v := range o.Views {
		for j, pn := range v.Panels {
			for k, part := range pn.Parts {
				if !known[part] {
					p.add(fmt.Sprintf("views[%d].panels[%d].parts[%d]", i, j, k), "%q is not a part of catalogue %s", part, cat.Ref())
				}
			}
		}
	}
	return p.err()
}

// PartCategories lists the ids of the catalogue's categories that offer any
// of the panel's parts, in walkthrough order.
func (p *Panel) PartCategories(cat *Catalogue) []string {
	var out []string
	for _, c := range cat.Categories {
		for _, part := range c.Parts {
			if slices.Contains(p.Parts, part) {
				out = append(out, c.ID)
				break
			}
		}
	}
	return out
}

//go:embed data/outlines/*.json
var outlineFS embed.FS

var (
	outlinesOnce sync.Once
	outlines     map[string]*Outline
	outlinesErr  error
)

// Outlines returns the built-in outlines by body style. The embedded files
// are checked by the package tests; an error means a broken build.
func Outlines() (map[string]*Outline, error) {
	outlinesOnce.Do(func() {
		outlines = map[string]*Outline{}
		names, err := outlineFS.ReadDir("data/outlines")
		if err != nil {
			outlinesErr = err
			return
		}
		sort.Slice(names, func(i, j int) bool { return names[i].Name() < names[j].Name() })
		for _, n := range names {
			file := "data/outlines/" + n.Name()
			b, err := outlineFS.ReadFile(file)
			if err != nil {
				outlinesErr = err
				return
			}
			o, err := ParseOutline(file, b)
			if err != nil {
				outlinesErr = err
				return
			}
			outlines[o.Body] = o
		}
		for _, b := range Bodies {
			if outlines[b] == nil {
				outlinesErr = fmt.Errorf("no built-in outline for body %q", b)
			}
		}
	})
	return outlines, outlinesErr
}

// OutlineFor returns the built-in outline of a body style ("" = limousine).
func OutlineFor(body string) (*Outline, error) {
	all, err := Outlines()
	if err != nil {
		return nil, err
	}
	if body == "" {
		body = BodyDefault
	}
	o, ok := all[body]
	if !ok {
		return nil, fmt.Errorf("%q is not a body style (use one of %s)", body, strings.Join(Bodies, ", "))
	}
	return o, nil
}

// BodyLabels are the body styles as the UI names them.
var BodyLabels = map[string]string{BodyLimousine: "Limousine", BodyKombi: "Kombi", BodySUV: "SUV"}

// ViewLabels are the views as the UI names them (short).
var ViewLabels = map[string]string{ViewTop: "Oben", ViewLeft: "Links", ViewRight: "Rechts", ViewFront: "Vorn", ViewRear: "Hinten", ViewInterior: "Innen"}
