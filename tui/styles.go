package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is the one place for the look. The colours come from a palette for
// the terminal's background (dark or light, asked of the terminal at start)
// and its colours (a 16-colour terminal gets a palette of its own: nothing
// there may come out black on black); every text colour has a contrast of
// at least 4.5:1 against its background (TestPaletteContrast). With
// NO_COLOR only bold/reverse remain.
type Styles struct {
	Title, Header, Tab, TabActive, Help, Muted, Error, OK, Warn        lipgloss.Style
	Selected, Label, LabelFocus, Value, Box, Acceptable, NotAcceptable lipgloss.Style
	Money, Saved, Unsaved                                              lipgloss.Style
	// the footer's and F1's key help: key, description, separator
	HelpKey, HelpDesc, HelpSep lipgloss.Style
}

// palette is the text colours of one kind of terminal.
type palette struct {
	Title, Muted, Error, OK, Warn, HelpKey, HelpDesc, HelpSep color.Color
}

// palettes: dark and light background, many colours (downsampled by the
// renderer as far as the terminal needs) or 16. The 16-colour ones name
// ANSI colours that read on the usual palettes of both kinds (VGA, xterm):
// bright ones on dark, dark ones or the text colour (0) on light — green
// and yellow are too pale on white there.
var (
	paletteDark = palette{Title: lipgloss.Color("#5FAFFF"), Muted: lipgloss.Color("#A8A8A8"), Error: lipgloss.Color("#FF5F5F"),
		OK: lipgloss.Color("#5FD75F"), Warn: lipgloss.Color("#FFD75F"),
		HelpKey: lipgloss.Color("#D0D0D0"), HelpDesc: lipgloss.Color("#A8A8A8"), HelpSep: lipgloss.Color("#8A8A8A")}
	paletteLight = palette{Title: lipgloss.Color("#005FAF"), Muted: lipgloss.Color("#585858"), Error: lipgloss.Color("#AF0000"),
		OK: lipgloss.Color("#005F00"), Warn: lipgloss.Color("#875F00"),
		HelpKey: lipgloss.Color("#303030"), HelpDesc: lipgloss.Color("#585858"), HelpSep: lipgloss.Color("#6C6C6C")}
	paletteDark16 = palette{Title: lipgloss.Color("14"), Muted: lipgloss.Color("7"), Error: lipgloss.Color("9"),
		OK: lipgloss.Color("10"), Warn: lipgloss.Color("11"),
		HelpKey: lipgloss.Color("15"), HelpDesc: lipgloss.Color("7"), HelpSep: lipgloss.Color("7")}
	paletteLight16 = palette{Title: lipgloss.Color("4"), Muted: lipgloss.Color("0"), Error: lipgloss.Color("1"),
		OK: lipgloss.Color("0"), Warn: lipgloss.Color("5"),
		HelpKey: lipgloss.Color("0"), HelpDesc: lipgloss.Color("0"), HelpSep: lipgloss.Color("0")}
)

func paletteFor(dark, ansi16 bool) palette {
	switch {
	case dark && ansi16:
		return paletteDark16
	case ansi16:
		return paletteLight16
	case dark:
		return paletteDark
	}
	return paletteLight
}

// NewStyles builds the styles for a dark terminal; noColor drops colours
// (NO_COLOR).
func NewStyles(noColor bool) Styles { return newStyles(noColor, true, false) }

// newStyles builds the styles for a dark or light background, with the
// 16-colour palette when the terminal has no more.
func newStyles(noColor, dark, ansi16 bool) Styles {
	pal := paletteFor(dark, ansi16)
	c := func(s lipgloss.Style, col color.Color) lipgloss.Style {
		if noColor {
			return s
		}
		return s.Foreground(col)
	}
	base := lipgloss.NewStyle()
	return Styles{
		Title:         c(base.Bold(true), pal.Title),
		Header:        base.Bold(true),
		Tab:           c(base, pal.Muted),
		TabActive:     base.Bold(true).Reverse(true),
		Help:          c(base, pal.Muted),
		Muted:         c(base, pal.Muted),
		Error:         c(base.Bold(true), pal.Error),
		OK:            c(base, pal.OK),
		Warn:          c(base, pal.Warn),
		Selected:      base.Reverse(true),
		Label:         base,
		LabelFocus:    base.Bold(true),
		Value:         base,
		Box:           base.Border(lipgloss.NormalBorder()).Padding(0, 1),
		Acceptable:    c(base, pal.OK),
		NotAcceptable: c(base, pal.Error),
		Money:         base.Bold(true),
		Saved:         c(base, pal.OK),
		Unsaved:       c(base.Bold(true), pal.Warn),
		HelpKey:       c(base, pal.HelpKey),
		HelpDesc:      c(base, pal.HelpDesc),
		HelpSep:       c(base, pal.HelpSep),
	}
}

// helpStyles are the key help's styles from ours (the help bubble's own
// grey on black reads at 2.4:1, its separators at 1.9:1).
func (st Styles) helpStyles() help.Styles {
	return help.Styles{Ellipsis: st.HelpSep, ShortKey: st.HelpKey, ShortDesc: st.HelpDesc, ShortSeparator: st.HelpSep,
		FullKey: st.HelpKey, FullDesc: st.HelpDesc, FullSeparator: st.HelpSep}
}
