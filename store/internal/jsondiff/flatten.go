package jsondiff

import "bytes"

// flat is one scalar of a JSON document: its path and its raw JSON text.
type flat struct {
	path string
	val  []byte
}

// scanFlat flattens compact JSON as encoding/json writes it, without building
// a generic value tree: saving runs on every edit and this keeps the audit diff
// cheap. It reports false on anything it does not expect; callers then fall
// back to the generic flatten.
func scanFlat(doc []byte) ([]flat, bool) {
	s := &scanner{doc: doc}
	s.value("")
	s.skipSpace()
	return s.out, !s.bad && s.pos == len(doc)
}

type scanner struct {
	doc []byte
	pos int
	out []flat
	bad bool
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.doc) && (s.doc[s.pos] == ' ' || s.doc[s.pos] == '\n' || s.doc[s.pos] == '\t' || s.doc[s.pos] == '\r') {
		s.pos++
	}
}

func (s *scanner) value(path string) {
	s.skipSpace()
	if s.bad || s.pos >= len(s.doc) {
		s.bad = true
		return
	}
	switch s.doc[s.pos] {
	case '{':
		s.object(path)
	case '[':
		s.array(path)
	case '"':
		start := s.pos
		s.str()
		s.emit(path, start)
	default:
		start := s.pos
		for s.pos < len(s.doc) && !isDelim(s.doc[s.pos]) {
			s.pos++
		}
		if start == s.pos {
			s.bad = true
			return
		}
		s.emit(path, start)
	}
}

func isDelim(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\t' || c == '\r'
}

func (s *scanner) emit(path string, start int) {
	s.out = append(s.out, flat{path: path, val: s.doc[start:s.pos]})
}

// str skips a string, escapes included; the raw text stays in the document.
// Most of a protocol's bytes are inside strings, so the closing quote is
// found with bytes.IndexByte; a quote preceded by an odd number of
// backslashes is escaped and the search goes on after it.
func (s *scanner) str() {
	open := s.pos
	s.pos++ // opening quote
	for {
		i := bytes.IndexByte(s.doc[s.pos:], '"')
		if i < 0 {
			s.pos = len(s.doc)
			s.bad = true
			return
		}
		q := s.pos + i
		s.pos = q + 1
		if escapes(s.doc, open, q)%2 == 0 {
			return
		}
	}
}

// escapes counts the backslashes right before doc[q], after the opening quote.
func escapes(doc []byte, open, q int) int {
	n := 0
	for j := q - 1; j > open && doc[j] == '\\'; j-- {
		n++
	}
	return n
}

func (s *scanner) object(path string) {
	s.pos++
	s.skipSpace()
	if s.pos < len(s.doc) && s.doc[s.pos] == '}' {
		s.pos++
		return
	}
	for !s.bad {
		s.skipSpace()
		if s.pos >= len(s.doc) || s.doc[s.pos] != '"' {
			s.bad = true
			return
		}
		start := s.pos
		s.str()
		key := s.doc[start+1 : s.pos-1]
		for _, c := range key {
			if c == '\\' { // our keys never need escapes
				s.bad = true
				return
			}
		}
		s.skipSpace()
		if s.pos >= len(s.doc) || s.doc[s.pos] != ':' {
			s.bad = true
			return
		}
		s.pos++
		s.value(join(path, string(key)))
		if !s.next('}') {
			return
		}
	}
}

func (s *scanner) array(path string) {
	s.pos++
	s.skipSpace()
	if s.pos < len(s.doc) && s.doc[s.pos] == ']' {
		s.pos++
		return
	}
	for i := 0; !s.bad; i++ {
		s.value(path + "[" + itoa(i) + "]")
		if !s.next(']') {
			return
		}
	}
}

// next consumes "," (more to come: true) or the closing bracket (false).
func (s *scanner) next(closing byte) bool {
	s.skipSpace()
	if s.pos >= len(s.doc) {
		s.bad = true
		return false
	}
	switch s.doc[s.pos] {
	case ',':
		s.pos++
		return true
	case closing:
		s.pos++
		return false
	}
	s.bad = true
	return false
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
