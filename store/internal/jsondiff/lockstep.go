package jsondiff

import (
	"bytes"
	"fmt"
	"strconv"
)

// Lockstep compares two documents of the same structure scalar by scalar,
// building a path only for what differs. It reports false when the structure
// differs (a key or an array element added or removed); General then does the
// general diff. This is the fast path for the typical save: one field edited.
//
// The cost follows the edit, not the protocol: whatever both documents share
// at the start (up to the first differing byte) is skipped value by value
// without comparing, and once the rest of both documents is the same bytes
// the walk stops.
func Lockstep(before, after []byte) (lines, paths []string, ok bool) {
	return LockstepAt("", before, after)
}

// LockstepAt is Lockstep for two versions of a value that lies at path in
// a document ("findings[3]"): its lines and paths are those Lockstep gives
// for the whole documents when nothing else in them differs.
func LockstepAt(path string, before, after []byte) (lines, paths []string, ok bool) {
	d := &dual{a: &scanner{doc: before}, b: &scanner{doc: after}, path: []byte(path),
		prefix: commonPrefix(before, after), suffix: commonSuffix(before, after)}
	d.value()
	if d.same {
		return d.out, d.paths, !d.bad && !d.a.bad && !d.b.bad
	}
	d.a.skipSpace()
	d.b.skipSpace()
	ok = !d.bad && !d.a.bad && !d.b.bad && d.a.pos == len(before) && d.b.pos == len(after)
	return d.out, d.paths, ok
}

type dual struct {
	a, b           *scanner
	path           []byte
	out, paths     []string
	bad            bool
	prefix, suffix int     // lengths of the byte runs both documents start and end with
	same           bool    // the rest of both documents is identical: stop
	pending        []child // where the containers about to be entered hold the first difference
}

// stop reports whether the walk is over: broken structure, or nothing left
// that could differ.
func (d *dual) stop() bool { return d.bad || d.same }

// shared handles a value at the same offset in both documents that lies in
// their common start: it is skipped in both at once. When the value holds the
// first difference, the scan that found it out also noted, for each
// container on the way down, the child that holds the difference: the walk
// jumps there (enter) instead of scanning the same bytes again.
func (d *dual) shared() bool {
	if len(d.pending) > 0 || d.a.pos != d.b.pos || d.a.pos >= d.prefix {
		return false
	}
	end, path := skipBefore(d.a.doc, d.a.pos, d.prefix)
	if end >= 0 {
		d.a.pos, d.b.pos = end, end
		return true
	}
	d.pending = path
	return false
}

// enter consumes the opening bracket in both documents and jumps to the child
// that holds the first difference, if shared() found it; it returns that
// child's index.
func (d *dual) enter() int {
	d.a.pos++
	d.b.pos++
	if len(d.pending) == 0 {
		return 0
	}
	at := d.pending[0]
	d.pending = d.pending[1:]
	if at.pos > d.a.pos && d.a.pos == d.b.pos {
		d.a.pos, d.b.pos = at.pos, at.pos
		return at.index
	}
	return 0
}

// child is where a container's child starts, and its index.
type child struct{ pos, index int }

// skipBefore passes over the value at pos if it ends before limit (a
// number's end is decided by the byte after it, so that byte must come
// before limit too) and returns where it ends. Otherwise it returns -1 and,
// for every container open at limit, the last child that starts before it.
// It is one tight loop over the bytes: a save that edits the last finding
// passes over all the others with it, once.
func skipBefore(doc []byte, pos, limit int) (int, []child) {
	var open [16]child
	depth := 0
	for i := pos; i < limit; i++ {
		switch doc[i] {
		case '"':
			for i++; i < len(doc) && doc[i] != '"'; i++ {
				if doc[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			if depth < len(open) {
				open[depth] = child{pos: i + 1}
			}
			depth++
		case '}', ']':
			depth--
		case ',':
			if depth >= 1 && depth <= len(open) {
				open[depth-1] = child{pos: i + 1, index: open[depth-1].index + 1}
			}
			fallthrough
		case ' ', '\n', '\t', '\r':
			if depth == 0 {
				return i, nil
			}
			continue
		default:
			continue
		}
		if depth == 0 && i+1 < limit {
			return i + 1, nil
		}
	}
	return -1, open[:min(max(depth, 0), len(open))]
}

// tail reports whether both documents continue with the same bytes to their end.
func (d *dual) tail() bool {
	rest := len(d.a.doc) - d.a.pos
	return rest == len(d.b.doc)-d.b.pos && rest <= d.suffix
}

func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for ; i+64 <= n && bytes.Equal(a[i:i+64], b[i:i+64]); i += 64 {
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for ; i+64 <= n && bytes.Equal(a[len(a)-i-64:len(a)-i], b[len(b)-i-64:len(b)-i]); i += 64 {
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
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
	if d.tail() {
		d.same = true
		return
	}
	if d.shared() {
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
			d.paths = append(d.paths, string(d.path))
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
	d.enter()
	base := len(d.path)
	for !d.stop() {
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
		if d.same {
			return
		}
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
	base := len(d.path)
	for i := d.enter(); !d.stop(); i++ {
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
		if d.same {
			return
		}
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
