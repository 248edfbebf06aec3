package inspection

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A protocol is read in two steps: its JSON into a tree, the tree into the
// model (reader.go). The tree is what encoding/json gives for `any` with
// UseNumber — objects, lists, texts, numbers as written, true/false, null;
// of duplicate keys the last counts — held in one slice of nodes instead of
// maps and interfaces, so that reading a protocol costs a few allocations
// instead of one per value. parseTree reads well-formed JSON in one pass
// and gives up on anything unusual (invalid UTF-8, a lone surrogate escape,
// deep nesting, any syntax error); decodeObject then takes encoding/json's
// path, so what it reports about a broken file stays exactly as it was
// (jsontree_test.go compares the two on random and hostile input).

type jkind uint8

const (
	jNull jkind = iota
	jFalse
	jTrue
	jString
	jNumber
	jArray
	jObject
)

// kindWords names a JSON value's type in problems (as kind does).
var kindWords = [...]string{jNull: "null", jFalse: "true/false", jTrue: "true/false", jString: "text", jNumber: "a number", jArray: "a list", jObject: "an object"}

// span is a text: data[a:b] as written (no escapes), or, when a < 0,
// own[-a-1] (unescaped, or from encoding/json's tree).
type span struct{ a, b int32 }

// jnode is one value. A container's children are nodes[val.a:val.b],
// contiguous; a member of an object has its key.
type jnode struct {
	kind   jkind
	parent int32  // the container, -1 for the root
	hash   uint32 // of the key: a lookup compares texts only where it matches
	key    span
	val    span
}

// keyHash is FNV-1a of a key's text.
func keyHash[T string | []byte](k T) uint32 {
	h := uint32(2166136261)
	for i := range len(k) {
		h = (h ^ uint32(k[i])) * 16777619
	}
	return h
}

// jdoc is a parsed document; its root is its last node.
type jdoc struct {
	data  []byte
	nodes []jnode
	own   []string
}

func (d *jdoc) root() int32 { return int32(len(d.nodes) - 1) }

// text is a span as a new string (the protocol keeps it, not the file).
func (d *jdoc) text(s span) string {
	if s.a < 0 {
		return d.own[-s.a-1]
	}
	return string(d.data[s.a:s.b])
}

// is tells whether a span holds exactly key, without allocating.
func (d *jdoc) is(s span, key string) bool {
	if s.a < 0 {
		return d.own[-s.a-1] == key
	}
	return int(s.b-s.a) == len(key) && string(d.data[s.a:s.b]) == key
}

// member finds key in object n; the last of equal keys counts.
func (d *jdoc) member(n int32, key string) (int32, bool) {
	c := d.nodes[n].val
	h := keyHash(key)
	for i := c.b - 1; i >= c.a; i-- {
		if d.nodes[i].hash == h && d.is(d.nodes[i].key, key) {
			return i, true
		}
	}
	return 0, false
}

// path names node n as problems do: "findings[2].costs".
func (d *jdoc) path(n int32) string {
	up := d.nodes[n].parent
	if up < 0 {
		return ""
	}
	base := d.path(up)
	if d.nodes[up].kind == jArray {
		return base + "[" + strconv.Itoa(int(n-d.nodes[up].val.a)) + "]"
	}
	if base == "" {
		return d.text(d.nodes[n].key)
	}
	return base + "." + d.text(d.nodes[n].key)
}

// maxTreeDepth bounds parseTree's nesting; deeper documents take
// encoding/json's path (which refuses beyond 10,000).
const maxTreeDepth = 512

type treeParser struct {
	data  []byte
	i     int
	doc   *jdoc
	stack []jnode // children of the open containers, not yet placed
}

// parseTree reads data, which must be exactly one JSON value with optional
// white space around it; false means "ask encoding/json".
func parseTree(data []byte) (*jdoc, bool) {
	if len(data) >= 1<<31-1 {
		return nil, false
	}
	// Every value but the root is the first in its object or list or
	// follows a comma: the nodes never outgrow this.
	bound := 1 + bytes.Count(data, []byte{','}) + bytes.Count(data, []byte{'['}) + bytes.Count(data, []byte{'{'})
	p := treeParser{data: data, doc: &jdoc{data: data, nodes: make([]jnode, 0, bound)}, stack: make([]jnode, 0, 32)}
	root, ok := p.value(0)
	if !ok {
		return nil, false
	}
	p.space()
	if p.i != len(data) {
		return nil, false
	}
	p.doc.nodes = append(p.doc.nodes, root)
	p.doc.link()
	return p.doc, true
}

func (p *treeParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\n', '\r', '\t':
			p.i++
		default:
			return
		}
	}
}

func (p *treeParser) value(depth int) (jnode, bool) {
	p.space()
	if p.i >= len(p.data) {
		return jnode{}, false
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.container(depth, jObject)
	case c == '[':
		return p.container(depth, jArray)
	case c == '"':
		s, ok := p.str()
		return jnode{kind: jString, val: s}, ok
	case c == 't':
		return jnode{kind: jTrue}, p.literal("true")
	case c == 'f':
		return jnode{kind: jFalse}, p.literal("false")
	case c == 'n':
		return jnode{kind: jNull}, p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		s, ok := p.number()
		return jnode{kind: jNumber, val: s}, ok
	}
	return jnode{}, false
}

func (p *treeParser) literal(word string) bool {
	if len(p.data)-p.i < len(word) || string(p.data[p.i:p.i+len(word)]) != word {
		return false
	}
	p.i += len(word)
	return true
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, kept as written.
func (p *treeParser) number() (span, bool) {
	start := p.i
	if p.data[p.i] == '-' {
		p.i++
	}
	if p.i >= len(p.data) {
		return span{}, false
	}
	if p.data[p.i] == '0' {
		p.i++
	} else if !p.digits() {
		return span{}, false
	}
	if p.i < len(p.data) && p.data[p.i] == '.' {
		p.i++
		if !p.digits() {
			return span{}, false
		}
	}
	if p.i < len(p.data) && (p.data[p.i] == 'e' || p.data[p.i] == 'E') {
		p.i++
		if p.i < len(p.data) && (p.data[p.i] == '+' || p.data[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return span{}, false
		}
	}
	return span{int32(start), int32(p.i)}, true
}

func (p *treeParser) digits() bool {
	start := p.i
	for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}

// str reads a string: a span of data when it has no escapes, else its
// unescaped text in own.
func (p *treeParser) str() (span, bool) {
	p.i++ // the quote
	start := p.i
	high, escaped := false, false
	for {
		for p.i < len(p.data) && plainByte[p.data[p.i]] {
			p.i++
		}
		if p.i >= len(p.data) {
			return span{}, false
		}
		switch c := p.data[p.i]; {
		case c == '"':
			raw := p.data[start:p.i]
			p.i++
			if high && !utf8.Valid(raw) {
				return span{}, false // encoding/json writes U+FFFD: its path
			}
			if !escaped {
				return span{int32(start), int32(p.i - 1)}, true
			}
			s, ok := unescape(raw)
			if !ok {
				return span{}, false
			}
			p.doc.own = append(p.doc.own, s)
			return span{a: -int32(len(p.doc.own))}, true
		case c == '\\':
			escaped = true
			p.i += 2 // checked by unescape
		case c < 0x20:
			return span{}, false
		default: // c >= 0x80
			high = true
			p.i++
		}
	}
}

// plainByte: a byte of a string that needs no second look (not a quote,
// backslash, control character or part of a multi-byte character).
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// unescape decodes the escapes of a string's raw text; false for a bad
// escape or a surrogate that is not one of a pair.
func unescape(raw []byte) (string, bool) {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(raw) {
			return "", false
		}
		e := raw[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(raw[i:])
			if !ok {
				return "", false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if i+6 > len(raw) || raw[i] != '\\' || raw[i+1] != 'u' {
					return "", false
				}
				r2, ok := hex4(raw[i+2:])
				if !ok {
					return "", false
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return "", false
				}
				i += 6
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return string(out), true
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
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
	return r, true
}

// container reads an object or a list: its children go on the stack while
// they are read (their own children are placed already), then into the
// document together.
func (p *treeParser) container(depth int, kind jkind) (jnode, bool) {
	if depth >= maxTreeDepth {
		return jnode{}, false
	}
	closer := byte(']')
	if kind == jObject {
		closer = '}'
	}
	p.i++
	base := len(p.stack)
	p.space()
	if p.i < len(p.data) && p.data[p.i] == closer {
		p.i++
		n := int32(len(p.doc.nodes))
		return jnode{kind: kind, val: span{n, n}}, true
	}
	for {
		var key span
		if kind == jObject {
			p.space()
			if p.i >= len(p.data) || p.data[p.i] != '"' {
				return jnode{}, false
			}
			var ok bool
			if key, ok = p.str(); !ok {
				return jnode{}, false
			}
			p.space()
			if p.i >= len(p.data) || p.data[p.i] != ':' {
				return jnode{}, false
			}
			p.i++
		}
		child, ok := p.value(depth + 1)
		if !ok {
			return jnode{}, false
		}
		child.key = key
		if len(p.stack) == cap(p.stack) { // double: append grows a long list by a quarter at a time
			p.stack = append(make([]jnode, 0, 2*cap(p.stack)), p.stack...)
		}
		if kind == jObject {
			if key.a >= 0 {
				child.hash = keyHash(p.data[key.a:key.b])
			} else {
				child.hash = keyHash(p.doc.own[-key.a-1])
			}
		}
		p.stack = append(p.stack, child)
		p.space()
		if p.i >= len(p.data) {
			return jnode{}, false
		}
		if c := p.data[p.i]; c == ',' {
			p.i++
			continue
		} else if c != closer {
			return jnode{}, false
		}
		p.i++
		break
	}
	first := int32(len(p.doc.nodes))
	p.doc.nodes = append(p.doc.nodes, p.stack[base:]...)
	p.stack = p.stack[:base]
	return jnode{kind: kind, val: span{first, int32(len(p.doc.nodes))}}, true
}

// treeFromAny is the tree of what encoding/json decoded (with UseNumber):
// the path for documents parseTree leaves to it.
func treeFromAny(v any) *jdoc {
	d := &jdoc{}
	root := d.fromAny(v)
	d.nodes = append(d.nodes, root)
	d.link()
	return d
}

func (d *jdoc) own1(s string) span {
	d.own = append(d.own, s)
	return span{a: -int32(len(d.own))}
}

func (d *jdoc) fromAny(v any) jnode {
	switch t := v.(type) {
	case string:
		return jnode{kind: jString, val: d.own1(t)}
	case json.Number:
		return jnode{kind: jNumber, val: d.own1(string(t))}
	case bool:
		if t {
			return jnode{kind: jTrue}
		}
		return jnode{kind: jFalse}
	case []any:
		kids := make([]jnode, len(t))
		for i, e := range t {
			kids[i] = d.fromAny(e)
		}
		first := int32(len(d.nodes))
		d.nodes = append(d.nodes, kids...)
		return jnode{kind: jArray, val: span{first, int32(len(d.nodes))}}
	case map[string]any:
		kids := make([]jnode, 0, len(t))
		for k, e := range t {
			n := d.fromAny(e)
			n.key, n.hash = d.own1(k), keyHash(k)
			kids = append(kids, n)
		}
		first := int32(len(d.nodes))
		d.nodes = append(d.nodes, kids...)
		return jnode{kind: jObject, val: span{first, int32(len(d.nodes))}}
	}
	return jnode{kind: jNull}
}

// link points every node at its container; the root has none.
func (d *jdoc) link() {
	for i := range d.nodes {
		n := &d.nodes[i]
		if n.kind == jArray || n.kind == jObject {
			for c := n.val.a; c < n.val.b; c++ {
				d.nodes[c].parent = int32(i)
			}
		}
	}
	d.nodes[len(d.nodes)-1].parent = -1
}
