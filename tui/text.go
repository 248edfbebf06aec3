package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// ansiTruncate cuts a styled string to width cells, with an ellipsis.
func ansiTruncate(s string, width int) string {
	return ansi.Truncate(s, width, "…")
}

// wrap breaks plain text into lines of at most width cells.
func wrap(s string, width int) []string {
	if width < 10 {
		width = 10
	}
	return strings.Split(ansi.Wordwrap(s, width, ""), "\n")
}
