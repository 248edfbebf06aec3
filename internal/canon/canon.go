// Package canon is the JSON Canonicalization Scheme (RFC 8785) as the seals
// use it, fast: what rueckgabe signs is canonical JSON of its own encoder's
// output — ASCII keys, strings, whole numbers — and for such a document the
// canonical form is its members sorted and its strings re-escaped, which a
// single pass over the bytes does without building a tree of strings.
// Anything else (a non-ASCII or escaped key, a fraction or exponent, a
// number beyond 15 digits, a duplicate key, invalid UTF-8, deep nesting)
// goes to github.com/gowebpki/jcs, the reference this package is tested
// against byte for byte (canon_test.go): both give the same bytes for every
// document, or the same refusal.
package canon

import (
	"bytes"
	"errors"
	"slices"
	"unicode/utf8"

	"github.com/gowebpki/jcs"
)

// Transform returns the canonical form of the JSON document doc.
func Transform(doc []byte) ([]byte, error) {
	if out, ok := fast(doc); ok {
		return out, nil
	}
	return jcs.Transform(doc)
}

// errOther: the document needs the general path.
var errOther = errors.New("canon: not for the fast path")

// maxDepth bounds the fast path's nesting; deeper documents take the
// general path (which has its own bound).
const maxDepth = 64

type scanner struct {
	in []byte
	i  int
	// members of the open objects, innermost last, and a scratch copy of
	// an object's text to sort from: shared by all objects of a document
	members []member
	scratch []byte
}

func fast(doc []byte) ([]byte, bool) {
	if len(doc) >= 1<<31-1 {
		return nil, false // offsets are int32
	}
	s := &scanner{in: doc, members: make([]member, 0, 32)}
	out := make([]byte, 0, len(doc))
	out, err := s.value(out, 0)
	if err != nil {
		return nil, false
	}
	s.space()
	if s.i != len(s.in) {
		return nil, false
	}
	return out, true
}

func (s *scanner) space() {
	for s.i < len(s.in) {
		switch s.in[s.i] {
		case ' ', '\n', '\r', '\t':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) value(out []byte, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, errOther
	}
	s.space()
	if s.i >= len(s.in) {
		return nil, errOther
	}
	switch c := s.in[s.i]; {
	case c == '{':
		return s.object(out, depth)
	case c == '[':
		return s.array(out, depth)
	case c == '"':
		return s.str(out)
	case c == 't':
		return s.literal(out, "true")
	case c == 'f':
		return s.literal(out, "false")
	case c == 'n':
		return s.literal(out, "null")
	case c == '-' || c >= '0' && c <= '9':
		return s.number(out)
	}
	return nil, errOther
}

func (s *scanner) literal(out []byte, word string) ([]byte, error) {
	if !bytes.HasPrefix(s.in[s.i:], []byte(word)) {
		return nil, errOther
	}
	s.i += len(word)
	if s.i < len(s.in) && !structural(s.in[s.i]) {
		return nil, errOther // "truex"
	}
	return append(out, word...), nil
}

// structural: what may follow a literal or number.
func structural(c byte) bool {
	switch c {
	case ',', ']', '}', ' ', '\n', '\r', '\t':
		return true
	}
	return false
}

// number takes whole numbers of at most 15 digits (exact as a double, and
// written by ES6 as they are); "-0" is "0".
func (s *scanner) number(out []byte) ([]byte, error) {
	start := s.i
	if s.in[s.i] == '-' {
		s.i++
	}
	digits := s.i
	for s.i < len(s.in) && s.in[s.i] >= '0' && s.in[s.i] <= '9' {
		s.i++
	}
	n := s.i - digits
	if n == 0 || n > 15 || n > 1 && s.in[digits] == '0' {
		return nil, errOther
	}
	if s.i < len(s.in) && !structural(s.in[s.i]) {
		return nil, errOther // a fraction, an exponent, or no number
	}
	if n == 1 && s.in[digits] == '0' {
		return append(out, '0'), nil // also "-0"
	}
	return append(out, s.in[start:s.i]...), nil
}

// str writes a string in its canonical escaping: \" \\ \b \f \n \r \t,
// other controls \u00xx, everything else as UTF-8 (RFC 8785 §3.2.2.2).
func (s *scanner) str(out []byte) ([]byte, error) {
	s.i++ // the quote
	out = append(out, '"')
	for {
		if s.i >= len(s.in) {
			return nil, errOther
		}
		c := s.in[s.i]
		switch {
		case c == '"':
			s.i++
			return append(out, '"'), nil
		case c < 0x20:
			return nil, errOther // raw control: not JSON
		case c == '\\':
			if s.i+1 >= len(s.in) {
				return nil, errOther
			}
			e := s.in[s.i+1]
			s.i += 2
			switch e {
			case '"', '\\':
				out = append(out, '\\', e)
			case '/':
				out = append(out, '/')
			case 'b', 'f', 'n', 'r', 't':
				out = append(out, '\\', e)
			case 'u':
				r, ok := s.hex4()
				if !ok || r >= 0xd800 && r <= 0xdfff {
					return nil, errOther // surrogates: the general path pairs or refuses them
				}
				out = appendRune(out, r)
			default:
				return nil, errOther
			}
		case c < 0x80:
			out = append(out, c)
			s.i++
		default:
			r, size := utf8.DecodeRune(s.in[s.i:])
			if r == utf8.RuneError && size <= 1 {
				return nil, errOther
			}
			out = append(out, s.in[s.i:s.i+size]...)
			s.i += size
		}
	}
}

func (s *scanner) hex4() (rune, bool) {
	if s.i+4 > len(s.in) {
		return 0, false
	}
	var r rune
	for _, c := range s.in[s.i : s.i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	s.i += 4
	return r, true
}

// appendRune writes a decoded character as the canonical form does.
func appendRune(out []byte, r rune) []byte {
	switch r {
	case '"', '\\':
		return append(out, '\\', byte(r))
	case '\b':
		return append(out, '\\', 'b')
	case '\f':
		return append(out, '\\', 'f')
	case '\n':
		return append(out, '\\', 'n')
	case '\r':
		return append(out, '\\', 'r')
	case '\t':
		return append(out, '\\', 't')
	}
	if r < 0x20 {
		const hexDigits = "0123456789abcdef"
		return append(out, '\\', 'u', '0', '0', hexDigits[r>>4], hexDigits[r&0xf])
	}
	return utf8.AppendRune(out, r)
}

func (s *scanner) array(out []byte, depth int) ([]byte, error) {
	s.i++
	out = append(out, '[')
	s.space()
	if s.i < len(s.in) && s.in[s.i] == ']' {
		s.i++
		return append(out, ']'), nil
	}
	for {
		var err error
		if out, err = s.value(out, depth+1); err != nil {
			return nil, err
		}
		s.space()
		if s.i >= len(s.in) {
			return nil, errOther
		}
		switch s.in[s.i] {
		case ',':
			s.i++
			out = append(out, ',')
		case ']':
			s.i++
			return append(out, ']'), nil
		default:
			return nil, errOther
		}
	}
}

// member is an object member written to out: its key (the raw bytes
// in[ka:kb] between the quotes: plain ASCII, so they sort as UTF-16 does)
// and where its text lies in out. Offsets, not slices: no pointers for
// the collector to follow while members are appended and sorted.
type member struct {
	pre        uint64 // the key's first 8 bytes, big-endian, zero-padded: most comparisons end here
	ka, kb     int32
	start, end int32
}

func (s *scanner) key(m member) []byte { return s.in[m.ka:m.kb] }

// prefix packs up to 8 bytes of a key so that comparing prefixes orders
// keys as bytes.Compare does (a key has no zero byte, so padding sorts first).
func prefix(key []byte) uint64 {
	var p uint64
	for i := range 8 {
		p <<= 8
		if i < len(key) {
			p |= uint64(key[i])
		}
	}
	return p
}

func (s *scanner) compare(a, b member) int {
	if a.pre != b.pre {
		if a.pre < b.pre {
			return -1
		}
		return 1
	}
	return bytes.Compare(s.key(a), s.key(b))
}

func (s *scanner) object(out []byte, depth int) ([]byte, error) {
	s.i++
	open := len(out)
	out = append(out, '{')
	s.space()
	if s.i < len(s.in) && s.in[s.i] == '}' {
		s.i++
		return append(out, '}'), nil
	}
	base := len(s.members)
	for {
		s.space()
		if s.i >= len(s.in) || s.in[s.i] != '"' {
			return nil, errOther
		}
		ka := s.i + 1
		key, ok := s.plainKey()
		if !ok {
			return nil, errOther
		}
		s.space()
		if s.i >= len(s.in) || s.in[s.i] != ':' {
			return nil, errOther
		}
		s.i++
		start := len(out)
		out = append(out, '"')
		out = append(out, key...)
		out = append(out, '"', ':')
		var err error
		if out, err = s.value(out, depth+1); err != nil {
			return nil, err
		}
		s.members = append(s.members, member{pre: prefix(key), ka: int32(ka), kb: int32(ka + len(key)), start: int32(start), end: int32(len(out))})
		s.space()
		if s.i >= len(s.in) {
			return nil, errOther
		}
		if s.in[s.i] == ',' {
			s.i++
			out = append(out, ',')
			continue
		}
		if s.in[s.i] != '}' {
			return nil, errOther
		}
		s.i++
		break
	}
	ms := s.members[base:]
	if !slices.IsSortedFunc(ms, s.compare) {
		s.scratch = append(s.scratch[:0], out[open+1:]...)
		body := s.scratch
		base := int32(open + 1)
		slices.SortFunc(ms, s.compare)
		out = out[:base]
		for k, m := range ms {
			if k > 0 {
				out = append(out, ',')
			}
			out = append(out, body[m.start-base:m.end-base]...)
		}
	}
	for k := 1; k < len(ms); k++ {
		if ms[k-1].pre == ms[k].pre && bytes.Equal(s.key(ms[k-1]), s.key(ms[k])) {
			return nil, errOther // a duplicate: the general path refuses it
		}
	}
	s.members = s.members[:base]
	return append(out, '}'), nil
}

// plainKey reads a key of printable ASCII without escapes (every key
// rueckgabe writes); others take the general path.
func (s *scanner) plainKey() ([]byte, bool) {
	start := s.i + 1
	for j := start; j < len(s.in); j++ {
		c := s.in[j]
		switch {
		case c == '"':
			s.i = j + 1
			return s.in[start:j], true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, false
		}
	}
	return nil, false
}
