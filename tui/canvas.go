package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
)

// canvas records a handwritten signature drawn with the mouse or touchpad:
// press starts a stroke, motion with the button held extends it, release ends
// it. Points are kept as vectors in the 0–1000 box and drawn in braille
// (2×4 dots per cell), so a drawing is finer than the character grid.
type canvas struct {
	x, y, w, h int // screen position and size in cells, set when rendered
	strokes    [][][2]int
	drawing    bool
}

func (c *canvas) clear() { c.strokes, c.drawing = nil, false }

func (c *canvas) inside(m tea.Mouse) bool {
	return m.X >= c.x && m.X < c.x+c.w && m.Y >= c.y && m.Y < c.y+c.h
}

// point maps a screen cell to the 0–1000 box (cell centre).
func (c *canvas) point(m tea.Mouse) [2]int {
	px := (2*(m.X-c.x) + 1) * inspection.StrokeBox / (2 * c.w)
	py := (2*(m.Y-c.y) + 1) * inspection.StrokeBox / (2 * c.h)
	return [2]int{min(max(px, 0), inspection.StrokeBox), min(max(py, 0), inspection.StrokeBox)}
}

// update takes mouse messages; it reports whether the drawing changed.
func (c *canvas) update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		m := msg.Mouse()
		if m.Button == tea.MouseLeft && c.inside(m) && c.w > 0 {
			c.drawing = true
			c.strokes = append(c.strokes, [][2]int{c.point(m)})
			return true
		}
	case tea.MouseMotionMsg:
		m := msg.Mouse()
		if c.drawing && c.inside(m) {
			last := &c.strokes[len(c.strokes)-1]
			if p := c.point(m); p != (*last)[len(*last)-1] {
				*last = append(*last, p)
				return true
			}
		}
	case tea.MouseReleaseMsg:
		c.drawing = false
	}
	return false
}

var brailleBits = [4][2]rune{{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}}

// render draws strokes (its own or given) into w×h cells with a frame.
func renderStrokes(strokes [][][2]int, w, h int) []string {
	dots := make([][]rune, h)
	for i := range dots {
		dots[i] = make([]rune, w)
	}
	set := func(p [2]int) {
		dx := p[0] * (2*w - 1) / inspection.StrokeBox
		dy := p[1] * (4*h - 1) / inspection.StrokeBox
		dots[dy/4][dx/2] |= brailleBits[dy%4][dx%2]
	}
	for _, s := range strokes {
		for i, p := range s {
			set(p)
			if i == 0 {
				continue
			}
			// fill the segment so fast strokes stay connected
			a := s[i-1]
			steps := max(abs(p[0]-a[0])*2*w, abs(p[1]-a[1])*4*h) / inspection.StrokeBox
			for k := 1; k < steps; k++ {
				set([2]int{a[0] + (p[0]-a[0])*k/steps, a[1] + (p[1]-a[1])*k/steps})
			}
		}
	}
	lines := []string{"┌" + strings.Repeat("─", w) + "┐"}
	for _, row := range dots {
		var b strings.Builder
		b.WriteRune('│')
		for _, d := range row {
			if d == 0 {
				b.WriteRune(' ')
			} else {
				b.WriteRune(0x2800 + d)
			}
		}
		b.WriteRune('│')
		lines = append(lines, b.String())
	}
	return append(lines, "└"+strings.Repeat("─", w)+"┘")
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
