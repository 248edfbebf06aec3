package main

import (
	"bufio"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// writeTable writes rows as columns two spaces apart, measured in terminal
// cells (text/tabwriter counts runes: a CJK name or an emoji takes two cells
// and pushed the columns after it). Cells must already be sanitised.
func writeTable(w io.Writer, rows [][]string) error {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	out := bufio.NewWriter(w) // one write for the table, not one per cell
	for _, r := range rows {
		for i, c := range r {
			out.WriteString(c)
			if i < len(r)-1 {
				out.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		out.WriteByte('\n')
	}
	return out.Flush()
}
