package textsafe

import (
	"fmt"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// EscapeJSON rewrites every character of a JSON document that a terminal
// would act on or that hides text — DEL, C1 controls, bidi overrides,
// zero-width and other format characters, line and paragraph separators —
// as a \uXXXX escape. The document means exactly the same (a JSON reader
// decodes the same strings); it is only safe to print. In valid JSON such
// characters occur only inside strings, where an escape is allowed. A
// document with nothing to escape is returned as it is, without a copy.
func EscapeJSON(doc []byte) []byte {
	var out []byte // nil until the first escape
	for i := 0; i < len(doc); {
		r, n := utf8.DecodeRune(doc[i:]) // an invalid byte: U+FFFD, not hidden, kept as it is
		if hidden(r) && !jsonSpace(r) {
			if out == nil {
				out = append(make([]byte, 0, len(doc)+16), doc[:i]...)
			}
			out = appendEscape(out, r)
		} else if out != nil {
			out = append(out, doc[i:i+n]...)
		}
		i += n
	}
	if out == nil {
		return doc
	}
	return out
}

// jsonSpace: JSON's own white space between values (in a string an encoder
// has escaped these already).
func jsonSpace(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }

// appendEscape writes \uXXXX, or a UTF-16 surrogate pair beyond the BMP.
func appendEscape(b []byte, r rune) []byte {
	if r1, r2 := utf16.EncodeRune(r); r1 != unicode.ReplacementChar {
		return fmt.Appendf(b, `\u%04x\u%04x`, r1, r2)
	}
	return fmt.Appendf(b, `\u%04x`, r)
}
