package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/textsafe"
)

// The damage diagram: the car's outline drawn with braille dots, one view
// at a time; a panel is chosen by its letter, by the arrows between
// neighbouring panels, or by a click hit-tested against the same raster the
// drawing is made of. Findings show as numbered markers: ✗ not acceptable,
// ✓ acceptable — the symbol says it, the colour only repeats it.

// diagramKey opens the diagram from the walkthrough.
var diagramKey = key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "Diagramm"))

var (
	diagramChoose = key.NewBinding(key.WithKeys("a"), key.WithHelp("a–z", "Teil"))
	diagramMove   = key.NewBinding(key.WithKeys("up"), key.WithHelp("←↑↓→", "Nachbar"))
	diagramViews  = key.NewBinding(key.WithKeys("tab"), key.WithHelp("1–6", "Ansicht"))
	diagramTake   = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "Befund hier"))
	diagramBack   = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "zurück"))
)

// raster is one view drawn into w×h cells: for each cell the panel under its
// middle (-1: none) and the braille dots of the panel borders in it. It
// depends only on the view and the size, so it is made once per size.
type raster struct {
	view  *catalog.View
	w, h  int
	panel []int16
	dots  []uint8
}

// braille dot bits by sub-cell column (0–1) and row (0–3), U+2800 based.
var brailleBit = [2][4]uint8{{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}}

type rasterKey struct {
	view *catalog.View
	w, h int
}

var (
	rasterMu    sync.Mutex
	rasterCache = map[rasterKey]*raster{}
)

// rasterOf returns the cached raster of a view at a size.
func rasterOf(v *catalog.View, w, h int) *raster {
	k := rasterKey{v, w, h}
	rasterMu.Lock()
	r, ok := rasterCache[k]
	rasterMu.Unlock()
	if ok {
		return r
	}
	r = rasterize(v, w, h)
	rasterMu.Lock()
	if len(rasterCache) > 64 {
		clear(rasterCache)
	}
	rasterCache[k] = r
	rasterMu.Unlock()
	return r
}

func rasterize(v *catalog.View, w, h int) *raster {
	r := &raster{view: v, w: w, h: h, panel: make([]int16, w*h), dots: make([]uint8, w*h)}
	sw, sh := 2*w, 4*h
	sub := make([]int16, sw*sh)
	for i := range sub {
		sub[i] = -1
	}
	// panels in drawing order, each over the sub-cells of its bounding box
	// only: a later panel lies on top
	for pi := range v.Panels {
		pn := &v.Panels[pi]
		x0, y0, x1, y1 := pn.Bounds()
		sx0, sx1 := max(int(float64(x0)*float64(sw)/1000)-1, 0), min(int(float64(x1)*float64(sw)/1000)+1, sw-1)
		sy0, sy1 := max(int(float64(y0)*float64(sh)/1000)-1, 0), min(int(float64(y1)*float64(sh)/1000)+1, sh-1)
		for y := sy0; y <= sy1; y++ {
			vy := (float64(y) + 0.5) * 1000 / float64(sh)
			for x := sx0; x <= sx1; x++ {
				if pn.Contains((float64(x)+0.5)*1000/float64(sw), vy) {
					sub[y*sw+x] = int16(pi)
				}
			}
		}
	}
	for y := range sh {
		for x := range sw {
			p := sub[y*sw+x]
			edge := (x+1 < sw && sub[y*sw+x+1] != p) || (y+1 < sh && sub[(y+1)*sw+x] != p) ||
				(p >= 0 && (x == 0 || y == 0 || x == sw-1 || y == sh-1))
			if edge {
				r.dots[(y/4)*w+x/2] |= brailleBit[x%2][y%4]
			}
		}
	}
	for cy := range h {
		for cx := range w {
			r.panel[cy*w+cx] = sub[(cy*4+2)*sw+cx*2+1]
		}
	}
	return r
}

// fitBox is the drawing's size in cells for a view inside w×h: a cell is
// about twice as high as wide, the view keeps its proportions.
func fitBox(v *catalog.View, w, h int) (bw, bh int) {
	aspect := float64(v.WidthMm) / float64(v.HeightMm)
	bw = int(math.Round(2 * float64(h) * aspect))
	bh = h
	if bw > w {
		bw = w
		bh = int(math.Round(float64(w) / (2 * aspect)))
	}
	return max(bw, 4), max(min(bh, h), 2)
}

// cellOf is the cell of view point (x, y) in a raster.
func (r *raster) cellOf(x, y float64) (int, int) {
	cx := int(x * float64(r.w) / 1000)
	cy := int(y * float64(r.h) / 1000)
	return min(max(cx, 0), r.w-1), min(max(cy, 0), r.h-1)
}

// cellStyle is how a cell is drawn; cells of one style in a row are rendered
// together.
type cellStyle uint8

const (
	csPlain cellStyle = iota
	csFill
	csKey
	csKeySel
	csOK
	csBad
	csPrev // a damage the handover protocol recorded
)

// grid is a grid of runes with styles, rendered line by line.
type grid struct {
	w, h  int
	runes []rune
	style []cellStyle
}

func newGrid(w, h int) *grid {
	c := &grid{w: w, h: h, runes: make([]rune, w*h), style: make([]cellStyle, w*h)}
	for i := range c.runes {
		c.runes[i] = ' '
	}
	return c
}

// put writes s at (x, y) if it fits the row and does not cover other text;
// it reports whether it did.
func (c *grid) put(x, y int, s string, st cellStyle, over bool) bool {
	rs := []rune(s)
	if y < 0 || y >= c.h || x < 0 || x+len(rs) > c.w {
		return false
	}
	if !over {
		for i := range rs {
			if st := c.style[y*c.w+x+i]; st >= csKey {
				return false
			}
		}
	}
	for i, r := range rs {
		c.runes[y*c.w+x+i] = r
		c.style[y*c.w+x+i] = st
	}
	return true
}

// place puts s near (x, y): there, or the nearest free spot on that row or
// the ones next to it.
func (c *grid) place(x, y int, s string, st cellStyle) {
	n := len([]rune(s))
	for _, dy := range []int{0, 1, -1, 2, -2} {
		for _, dx := range []int{0, 1, -1, 2, -2, 3, -3, 4, -4} {
			if c.put(x+dx, y+dy, s, st, false) {
				return
			}
		}
	}
	c.put(min(max(x, 0), max(c.w-n, 0)), min(max(y, 0), c.h-1), s, st, true)
}

func (c *grid) lines(st Styles) []string {
	styleOf := func(s cellStyle) lipgloss.Style {
		switch s {
		case csFill:
			return st.Warn
		case csKey:
			return st.LabelFocus
		case csKeySel:
			return st.TabActive
		case csOK:
			return st.Acceptable
		case csBad:
			return st.NotAcceptable
		case csPrev:
			return st.Muted
		}
		return st.Value
	}
	out := make([]string, c.h)
	var b, run strings.Builder
	for y := range c.h {
		b.Reset()
		cur := c.style[y*c.w]
		for x := range c.w {
			i := y*c.w + x
			if c.style[i] != cur {
				b.WriteString(render(styleOf(cur), cur, run.String()))
				run.Reset()
				cur = c.style[i]
			}
			run.WriteRune(c.runes[i])
		}
		b.WriteString(render(styleOf(cur), cur, run.String()))
		run.Reset()
		out[y] = b.String()
	}
	return out
}

func render(s lipgloss.Style, cs cellStyle, text string) string {
	if cs == csPlain {
		return text
	}
	return s.Render(text)
}

// drawView draws a view with its markers into w×h cells (the drawing
// centred), the key letters when keys is set, sel's panel filled. It
// returns the lines and where the drawing is (for the hit test).
func drawView(st Styles, v *catalog.View, p *inspection.Protocol, w, h int, keys bool, sel int) ([]string, *raster, int) {
	bw, bh := fitBox(v, w, h)
	r := rasterOf(v, bw, bh)
	c := newGrid(w, h)
	ox := (w - bw) / 2
	for y := range bh {
		for x := range bw {
			i := y*bw + x
			switch {
			case r.dots[i] != 0:
				c.runes[y*w+ox+x] = rune(0x2800 + int(r.dots[i]))
			case sel >= 0 && int(r.panel[i]) == sel:
				c.runes[y*w+ox+x], c.style[y*w+ox+x] = '░', csFill
			}
		}
	}
	if keys {
		for i := range v.Panels {
			x, y := r.cellOf(v.Panels[i].Centre())
			st := csKey
			if i == sel {
				st = csKeySel
			}
			c.place(ox+x, y, v.Panels[i].Key, st)
		}
	}
	for _, m := range inspection.Markers(p, v) {
		x, y := r.cellOf(m.X, m.Y)
		sym, st := "✗", csBad
		if m.Acceptable {
			sym, st = "✓", csOK
		}
		c.place(ox+x, y, sym+strconv.Itoa(m.N), st)
	}
	for _, pn := range inspection.BaselinePanels(p, v) { // after the findings: they come first
		x, y := r.cellOf(pn.Centre())
		c.place(ox+x, y, "○", csPrev)
	}
	return c.lines(st), r, ox
}

// diagramChoice is the panel chosen, with the point clicked when it was.
type diagramChoice struct {
	view  string
	panel *catalog.Panel
	x, y  *int64
}

// diagramPicker is the diagram as a page of the walkthrough.
type diagramPicker struct {
	c       *Common
	s       *session
	outline *catalog.Outline
	at      int // the view shown: index into outline.Views
	sel     int // panel index in the view; -1 none
	// where the last drawing was, for the hit test: body row of its first
	// line, its left column, its raster
	top, left int
	r         *raster
}

func newDiagramPicker(c *Common, s *session) *diagramPicker {
	return &diagramPicker{c: c, s: s, outline: inspection.Outline(s.p), sel: -1}
}

func (d *diagramPicker) current() *catalog.View { return &d.outline.Views[d.at] }

// update handles a key or click; it returns the choice once one is made,
// and done when the diagram closes (chosen or cancelled).
func (d *diagramPicker) update(msg tea.Msg) (*diagramChoice, bool) {
	v := d.current()
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		m := msg.Mouse()
		if d.r == nil {
			return nil, false
		}
		cx, cy := m.X-d.left, m.Y-1-d.top // screen row 0 is the header
		if cx < 0 || cy < 0 || cx >= d.r.w || cy >= d.r.h {
			return nil, false
		}
		i := d.r.panel[cy*d.r.w+cx]
		if i < 0 {
			return nil, false
		}
		x := int64((float64(cx) + 0.5) * 1000 / float64(d.r.w))
		y := int64((float64(cy) + 0.5) * 1000 / float64(d.r.h))
		return &diagramChoice{view: v.ID, panel: &v.Panels[i], x: &x, y: &y}, true
	case tea.KeyPressMsg:
		k := msg.String()
		switch {
		case k == "esc":
			return nil, true
		case k == "enter" && d.sel >= 0:
			return &diagramChoice{view: v.ID, panel: &v.Panels[d.sel]}, true
		case k == "tab":
			d.at, d.sel = (d.at+1)%len(d.outline.Views), -1
		case k == "shift+tab":
			d.at, d.sel = (d.at+len(d.outline.Views)-1)%len(d.outline.Views), -1
		case len(k) == 1 && k[0] >= '1' && k[0] <= '9':
			if n := int(k[0] - '1'); n < len(d.outline.Views) {
				d.at, d.sel = n, -1
			}
		case len(k) == 1 && k[0] >= 'a' && k[0] <= 'z':
			for i := range v.Panels {
				if v.Panels[i].Key == k {
					return &diagramChoice{view: v.ID, panel: &v.Panels[i]}, true
				}
			}
		case k == "left" || k == "right" || k == "up" || k == "down":
			d.sel = neighbour(v, d.sel, k)
		}
	}
	return nil, false
}

// neighbour is the panel next to sel in a direction: the nearest whose
// middle lies that way, straying sideways counting double. From no panel
// the first is chosen.
func neighbour(v *catalog.View, sel int, dir string) int {
	if sel < 0 || sel >= len(v.Panels) {
		return 0
	}
	sx, sy := v.Panels[sel].Centre()
	fx, fy := float64(v.WidthMm)/1000, float64(v.HeightMm)/1000 // to mm: real distances
	best, bestScore := sel, math.Inf(1)
	for i := range v.Panels {
		if i == sel {
			continue
		}
		x, y := v.Panels[i].Centre()
		dx, dy := (x-sx)*fx, (y-sy)*fy
		var along, across float64
		switch dir {
		case "left":
			along, across = -dx, dy
		case "right":
			along, across = dx, dy
		case "up":
			along, across = -dy, dx
		default:
			along, across = dy, dx
		}
		if along <= 0 {
			continue
		}
		if score := along + 2*math.Abs(across); score < bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

func (d *diagramPicker) help() helpMap {
	short := []key.Binding{diagramChoose, diagramMove, diagramViews, diagramTake, diagramBack}
	return helpMap{short: short, full: [][]key.Binding{short}}
}

func (d *diagramPicker) view(width, height int) string {
	st := d.c.Styles
	v := d.current()
	title := st.Title.Render("Ort am Fahrzeug") + "  " + st.Muted.Render(textsafe.Line(d.outline.Title)+" · "+textsafe.Line(v.Name))
	var bar []string
	for i, vw := range d.outline.Views {
		label := fmt.Sprintf("%d %s", i+1, catalog.ViewLabels[vw.ID])
		if i == d.at {
			bar = append(bar, st.TabActive.Render("["+label+"]"))
		} else {
			bar = append(bar, st.Tab.Render(" "+label+" "))
		}
	}
	head := []string{truncate(title, width), truncate(strings.Join(bar, ""), width)}
	legend := "Buchstabe oder Klick wählt · ✗ nicht akzeptabel · ✓ akzeptabel"
	if d.s.p.Baseline != nil && len(d.s.p.Baseline.Findings) > 0 && !d.s.p.IsDelivery() {
		legend += " · ○ bei Auslieferung vorhanden"
	}
	info := st.Muted.Render(legend)
	if d.sel >= 0 {
		pn := &v.Panels[d.sel]
		info = st.LabelFocus.Render(pn.Key+" "+textsafe.Line(pn.Name)) + st.Muted.Render(" → "+strings.Join(categoryNames(d.s.rules.Catalogue, pn), ", ")+onPanel(d.s.p, pn.ID))
	}
	room := max(height-len(head)-1, 2)
	lines, r, ox := drawView(st, v, d.s.p, width, room, true, d.sel)
	if d.c.layingOut { // the layout pass keeps where the drawing is, for the hit test
		d.r, d.top, d.left = r, len(head), ox
	}
	out := append(head, lines...)
	out = append(out, truncate(info, width))
	return strings.Join(out, "\n")
}

// onPanel names the findings already on a panel: " · Befunde 2, 7".
func onPanel(p *inspection.Protocol, panel string) string {
	var ns []string
	for i := range p.Findings {
		if l := p.Findings[i].Location; l != nil && l.Panel == panel {
			ns = append(ns, strconv.Itoa(i+1))
		}
	}
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return " · Befund " + ns[0]
	}
	return " · Befunde " + strings.Join(ns, ", ")
}

// categoryNames are the categories that offer a panel's parts.
func categoryNames(cat *catalog.Catalogue, pn *catalog.Panel) []string {
	var out []string
	for _, id := range pn.PartCategories(cat) {
		if c, ok := cat.Category(id); ok {
			out = append(out, c.Name)
		}
	}
	return out
}

// diagramUpdate runs the walkthrough's diagram: a panel chosen opens a new
// finding on its part, in the current category when it offers the part,
// else in the first that does, on the criteria step. It reports whether
// the diagram had the message.
func (w *walkPage) diagramUpdate(msg tea.Msg) (tea.Cmd, bool) {
	if w.diagram == nil {
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, diagramKey) && w.editor == nil {
			w.diagram = newDiagramPicker(w.c, w.s)
			return nil, true
		}
		return nil, false
	}
	choice, done := w.diagram.update(msg)
	if done {
		w.diagram = nil
	}
	if choice == nil {
		return nil, true
	}
	if w.s.readOnly() { // a sealed protocol's diagram is for looking
		w.notice = sealedNotice(w.s.p.ID)
		return nil, true
	}
	return w.findingAt(choice), true
}

// findingAt opens the finding editor for a new finding on the chosen panel.
func (w *walkPage) findingAt(ch *diagramChoice) tea.Cmd {
	cat := w.s.rules.Catalogue
	cats := ch.panel.PartCategories(cat)
	if len(cats) == 0 {
		w.notice = "Teil " + ch.panel.Name + " steht in keiner Kategorie des Katalogs"
		return nil
	}
	id := cats[0]
	for _, c := range cats {
		if c == w.category().ID {
			id = c
		}
	}
	for i, c := range cat.Categories {
		if c.ID == id {
			w.cat, w.sel = i, 0
		}
	}
	category := w.category()
	e := newFindingEditor(w.c, w.s, category, -1)
	f := e.f()
	for _, part := range ch.panel.Parts {
		if containsString(category.Parts, part) {
			f.Part = part
			break
		}
	}
	f.Location = &inspection.Location{View: ch.view, Panel: ch.panel.ID, X: ch.x, Y: ch.y}
	w.editor = e
	return e.enter(stepRule) // the part is set: its criteria next
}

func containsString(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// diagramSummary draws every view with markers, for the summary: a caption
// and the drawing, h rows each.
func diagramSummary(st Styles, p *inspection.Protocol, width int) []string {
	o := inspection.Outline(p)
	var out []string
	for i := range o.Views {
		v := &o.Views[i]
		if len(inspection.Markers(p, v)) == 0 {
			continue
		}
		if len(out) == 0 {
			out = append(out, "", st.Header.Render(truncate("Schäden am Fahrzeug ("+o.Title+")", width)))
		}
		out = append(out, st.Muted.Render(truncate(v.Name, width)))
		lines, _, _ := drawView(st, v, p, width, 8, false, -1)
		out = append(out, lines...)
	}
	return out
}
