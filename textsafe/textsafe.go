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
// Plain text (printable ASCII) is returned as it is, without allocating: the
// TUI cleans every string of every frame.
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
		case Dropped(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Dropped: the characters Line and Block drop — controls, and the
// invisible format characters: bidi overrides and isolates (U+202A–U+202E,
// U+2066–U+2069, U+200E/F, U+061C) and zero-width characters are all in
// Cf; the soft hyphen (Cf too) is harmless and kept. U+FFFD, the mark of
// bytes that were no text, is dropped too. Line breaks and tabs are not
// dropped (Line makes them spaces).
func Dropped(r rune) bool {
	return r != '\n' && r != '\t' && r != '\r' && (hidden(r) && r != '\u00ad' || r == unicode.ReplacementChar)
}

// plainByte marks printable ASCII, the bytes that need no cleaning.
var plainByte = func() (t [256]bool) {
	for c := ' '; c <= '~'; c++ {
		t[c] = true
	}
	return t
}()

// isPlain is the fast path: printable ASCII needs no work.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if !plainByte[s[i]] {
			return false
		}
	}
	return true
}

// hidden: characters a terminal acts on or that hide text — controls (C0,
// DEL, C1), format characters (bidi controls, zero-width), and the line and
// paragraph separators.
func hidden(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}
