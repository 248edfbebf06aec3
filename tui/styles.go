package tui

import (
	"charm.land/lipgloss/v2"
)

// Styles is the one place for the look. Colours are ANSI 16 so they follow
// the terminal's light or dark theme; with NO_COLOR only bold/reverse remain.
type Styles struct {
	Title, Header, Tab, TabActive, Help, Muted, Error, OK, Warn        lipgloss.Style
	Selected, Label, LabelFocus, Value, Box, Acceptable, NotAcceptable lipgloss.Style
	Money, Saved, Unsaved                                              lipgloss.Style
}

// NewStyles builds the styles; noColor drops colours (NO_COLOR).
func NewStyles(noColor bool) Styles {
	c := func(s lipgloss.Style, color string) lipgloss.Style {
		if noColor {
			return s
		}
		return s.Foreground(lipgloss.Color(color))
	}
	base := lipgloss.NewStyle()
	return Styles{
		Title:         c(base.Bold(true), "4"),
		Header:        base.Bold(true),
		Tab:           c(base, "8"),
		TabActive:     base.Bold(true).Reverse(true),
		Help:          c(base, "8"),
		Muted:         c(base, "8"),
		Error:         c(base.Bold(true), "1"),
		OK:            c(base, "2"),
		Warn:          c(base, "3"),
		Selected:      base.Reverse(true),
		Label:         base,
		LabelFocus:    base.Bold(true),
		Value:         base,
		Box:           base.Border(lipgloss.NormalBorder()).Padding(0, 1),
		Acceptable:    c(base, "2"),
		NotAcceptable: c(base, "1"),
		Money:         base.Bold(true),
		Saved:         c(base, "2"),
		Unsaved:       c(base.Bold(true), "3"),
	}
}
