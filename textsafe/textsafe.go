// Package textsafe makes untrusted text (names, notes, imported protocols)
// safe to put on a terminal or into a PDF: no escape sequences, no control
// characters, no bidi overrides that could disguise what a line says.
package textsafe

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Line cleans text for a single line: line breaks and tabs become spaces.
func Line(s string) string {
	return clean(s, false)
}

// Block cleans text that may span lines (notes): line breaks stay.
func Block(s string) string {
	return clean(s, true)
}

func clean(s string, keepNewlines bool) string {
	if isPlain(s) {
		return s
	}
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteRune(r)
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteRune(' ')
		case isBidiControl(r), unicode.IsControl(r), r == unicode.ReplacementChar:
			// dropped
		case unicode.Is(unicode.Cf, r) && r != '\u00ad':
			// other invisible format characters (zero-width joiners used to hide text)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain is the fast path: printable ASCII needs no work.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

func isBidiControl(r rune) bool {
	return r == '\u061c' || r == '\u200e' || r == '\u200f' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}
