package tui

import "github.com/charmbracelet/x/ansi"

// ansiTruncate cuts a styled string to width cells, with an ellipsis.
func ansiTruncate(s string, width int) string {
	return ansi.Truncate(s, width, "…")
}
