package textsafe

import (
	"bytes"
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
// characters occur only inside strings, where an escape is allowed.
func EscapeJSON(doc []byte) []byte {
	i := indexUnsafe(doc)
	if i < 0 {
		return doc
	}
	var b bytes.Buffer
	b.Grow(len(doc) + 16)
	b.Write(doc[:i])
	for i < len(doc) {
		c := doc[i]
		if c < utf8.RuneSelf && c != 0x7f {
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(doc[i:])
		if r == utf8.RuneError && n == 1 || !hidden(r) {
			b.Write(doc[i : i+n])
		} else {
			writeEscape(&b, r)
		}
		i += n
	}
	return b.Bytes()
}

// indexUnsafe is the first byte that may start an unsafe character, -1 if none.
func indexUnsafe(doc []byte) int {
	for i := 0; i < len(doc); {
		c := doc[i]
		if c < utf8.RuneSelf {
			if c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(doc[i:])
		if hidden(r) && !(r == utf8.RuneError && n == 1) {
			return i
		}
		i += n
	}
	return -1
}

// hidden: characters that Line removes, plus the separators JavaScript
// treats as line ends.
func hidden(r rune) bool {
	return unicode.IsControl(r) || isBidiControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

func writeEscape(b *bytes.Buffer, r rune) {
	if r > 0xffff {
		r1, r2 := utf16.EncodeRune(r)
		fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
		return
	}
	fmt.Fprintf(b, `\u%04x`, r)
}
