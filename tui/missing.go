package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"rueckgabe/textsafe"
)

// punkte counts open points in German: "1 Punkt", "3 Punkte".
func punkte(n int) string {
	if n == 1 {
		return "1 Punkt"
	}
	return fmt.Sprintf("%d Punkte", n)
}

// openPoints says what is still open and names it, as far as width cells
// allow: lead + "fehlt noch 1 Punkt: Reifen VL …", lead + "fehlen noch 3
// Punkte: Kategorie Interieur: …; Reifen …; …" — the count alone says
// nothing the inspector can act on. lead comes first ("Versiegeln – es "),
// tail last and whole ("(F6 Übersicht)"); 0 width: no limit.
func openPoints(lead string, items []string, tail string, width int) string {
	verb := "fehlen"
	if len(items) == 1 {
		verb = "fehlt"
	}
	head := fmt.Sprintf("%s%s noch %s: ", lead, verb, punkte(len(items)))
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = textsafe.Line(it)
	}
	body := strings.Join(names, "; ")
	if tail != "" {
		tail = " " + tail
	}
	if width > 0 {
		body = truncate(body, max(width-lipgloss.Width(head)-lipgloss.Width(tail), 1))
	}
	return head + body + tail
}
