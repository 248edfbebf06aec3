package store

import (
	"bytes"
	"fmt"
	"strconv"
)

// lockstepDiff compares two documents of the same structure scalar by scalar,
// building a path only for what differs. It reports false when the structure
// differs (a key or an array element added or removed); diffJSON then does the
// general diff. This is the fast path for the typical save: one field edited.
func lockstepDiff(before, after []byte) ([]string, bool) {
	d := &dual{a: &scanner{doc: before}, b: &scanner{doc: after}}
	d.value()
	d.a.skipSpace()
	d.b.skipSpace()
	ok := !d.bad && !d.a.bad && !d.b.bad && d.a.pos == len(before) && d.b.pos == len(after)
	return d.out, ok
}

type dual struct {
	a, b *scanner
	path []byte
	out  []string
	bad  bool
}

func (d *dual) peek() (byte, byte, bool) {
	d.a.skipSpace()
	d.b.skipSpace()
	if d.a.pos >= len(d.a.doc) || d.b.pos >= len(d.b.doc) {
		return 0, 0, false
	}
	return d.a.doc[d.a.pos], d.b.doc[d.b.pos], true
}

func (d *dual) value() {
	ca, cb, ok := d.peek()
	if !ok || d.bad {
		d.bad = true
		return
	}
	switch {
	case ca == '{' && cb == '{':
		d.object()
	case ca == '[' && cb == '[':
		d.array()
	case ca == '{' || ca == '[' || cb == '{' || cb == '[':
		d.bad = true // a scalar became a structure or the reverse
	default:
		va, vb := d.scalar(d.a), d.scalar(d.b)
		if !bytes.Equal(va, vb) {
			d.out = append(d.out, fmt.Sprintf("%s: %s → %s", d.path, clip(string(va)), clip(string(vb))))
		}
	}
}

func (d *dual) scalar(s *scanner) []byte {
	start := s.pos
	if s.doc[s.pos] == '"' {
		s.str()
	} else {
		for s.pos < len(s.doc) && !isDelim(s.doc[s.pos]) {
			s.pos++
		}
	}
	return s.doc[start:s.pos]
}

func (d *dual) object() {
	d.a.pos++
	d.b.pos++
	base := len(d.path)
	for !d.bad {
		ca, cb, ok := d.peek()
		if !ok || ca != cb {
			d.bad = true
			return
		}
		if ca == '}' {
			d.a.pos++
			d.b.pos++
			return
		}
		ka, kb := d.key(d.a), d.key(d.b)
		if ka == nil || !bytes.Equal(ka, kb) {
			d.bad = true
			return
		}
		if base > 0 {
			d.path = append(d.path, '.')
		}
		d.path = append(d.path, ka...)
		d.value()
		d.path = d.path[:base]
		d.comma()
	}
}

// key reads `"name":` and returns name.
func (d *dual) key(s *scanner) []byte {
	if s.doc[s.pos] != '"' {
		return nil
	}
	start := s.pos
	s.str()
	if s.bad || s.pos >= len(s.doc) || s.doc[s.pos] != ':' {
		return nil
	}
	s.pos++
	return s.doc[start+1 : s.pos-2]
}

func (d *dual) array() {
	d.a.pos++
	d.b.pos++
	base := len(d.path)
	for i := 0; !d.bad; i++ {
		ca, cb, ok := d.peek()
		if !ok || (ca == ']') != (cb == ']') {
			d.bad = true // lengths differ
			return
		}
		if ca == ']' {
			d.a.pos++
			d.b.pos++
			return
		}
		d.path = strconv.AppendInt(append(d.path, '['), int64(i), 10)
		d.path = append(d.path, ']')
		d.value()
		d.path = d.path[:base]
		d.comma()
	}
}

// comma consumes the separators after a member in both documents.
func (d *dual) comma() {
	ca, cb, ok := d.peek()
	if !ok || ca != cb {
		d.bad = true
		return
	}
	if ca == ',' {
		d.a.pos++
		d.b.pos++
	}
}
