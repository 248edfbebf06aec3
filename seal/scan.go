package seal

import (
	"bytes"
	"encoding/json"
	"sync"
	"unicode/utf8"
)

// The fast path of Check: one pass over a bundle that validates it as
// encoding/json does (json.Valid), finds duplicate keys as strictJSON does,
// and notes where each top-level member's value lies, so the bundle is built
// from those spans without decoding it again. A member's value that an
// earlier bundle carried byte for byte (the profile data: three quarters of
// a bundle, the same in every bundle of a device) is recognised by
// comparing bytes instead of being scanned again. Anything unusual — a
// problem, an unknown or differently-cased member, a null — returns !ok and
// Check takes the general path, which decides and words the error.

// knownValues are values that scanned as valid JSON without duplicate keys.
var knownValues struct {
	sync.RWMutex
	list [][]byte
}

const (
	knownValuesMax = 8
	knownValueMin  = 1 << 10 // smaller values are scanned faster than looked up
	maxScanDepth   = 10000   // encoding/json's nesting limit
)

func rememberValue(v []byte) {
	if len(v) < knownValueMin || v[0] != '{' { // an object ends where it says
		return
	}
	if knownAt(v) == len(v) {
		return
	}
	knownValues.Lock()
	defer knownValues.Unlock()
	for _, k := range knownValues.list {
		if bytes.Equal(k, v) {
			return
		}
	}
	if len(knownValues.list) >= knownValuesMax {
		knownValues.list = knownValues.list[1:]
	}
	knownValues.list = append(knownValues.list, bytes.Clone(v))
}

// knownAt is the length of a remembered value data starts with, 0 if none.
func knownAt(data []byte) int {
	knownValues.RLock()
	defer knownValues.RUnlock()
	for _, k := range knownValues.list {
		if bytes.HasPrefix(data, k) {
			return len(k)
		}
	}
	return 0
}

// strictScan is a validating scanner of one JSON text.
type strictScan struct {
	data []byte
	i    int
	bad  bool       // invalid, a duplicate key, or too deep
	keys [][][]byte // per depth, reused
}

// bundleSpans is a bundle's top-level members: key → value bytes.
type bundleSpans struct {
	format, protocol, seal, valuation, profile []byte
}

// scanBundle validates data and returns its members' values; !ok: take the
// general path.
func scanBundle(data []byte) (sp bundleSpans, ok bool) {
	s := strictScan{data: data}
	s.ws()
	if s.i >= len(data) || data[s.i] != '{' {
		return sp, false
	}
	s.i++
	s.ws()
	seen := 0
	if s.i < len(data) && data[s.i] == '}' {
		return sp, false
	}
	for !s.bad {
		s.ws()
		if s.i >= len(data) || data[s.i] != '"' {
			return sp, false
		}
		key, plain := s.str()
		if !plain || s.bad {
			return sp, false
		}
		s.ws()
		if s.i >= len(data) || data[s.i] != ':' {
			return sp, false
		}
		s.i++
		s.ws()
		start := s.i
		if n := knownAt(data[s.i:]); n > 0 {
			s.i += n
		} else {
			s.value(1)
		}
		v := data[start:s.i]
		if s.bad || len(v) == 0 || v[0] == 'n' { // null: as encoding/json decides
			return sp, false
		}
		var field *[]byte
		var bit int
		switch string(key) {
		case "format":
			field, bit = &sp.format, 1
		case "protocol":
			field, bit = &sp.protocol, 2
		case "seal":
			field, bit = &sp.seal, 4
		case "valuation":
			field, bit = &sp.valuation, 8
		case "profile":
			field, bit = &sp.profile, 16
		default:
			return sp, false
		}
		if seen&bit != 0 {
			return sp, false // a duplicate
		}
		seen |= bit
		*field = v
		s.ws()
		if s.i < len(data) && data[s.i] == ',' {
			s.i++
			continue
		}
		if s.i < len(data) && data[s.i] == '}' {
			s.i++
			s.ws()
			return sp, s.i == len(data)
		}
		return sp, false
	}
	return sp, false
}

func (s *strictScan) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// strPlain: a byte that stands for itself inside a JSON string (not a
// quote, a backslash or a control character).
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// str reads a string at its quote: its raw contents, and whether they are
// plain (no escape, ASCII only: the bytes are the decoded key).
func (s *strictScan) str() ([]byte, bool) {
	s.i++
	start := s.i
	plain := true
	for s.i < len(s.data) {
		// the bytes most of a string is made of, in a tight loop
		var high byte
		j := s.i
		for j < len(s.data) && strPlain[s.data[j]] {
			high |= s.data[j]
			j++
		}
		if high >= utf8.RuneSelf {
			plain = false
		}
		if s.i = j; j >= len(s.data) {
			break
		}
		c := s.data[s.i]
		switch {
		case c == '"':
			s.i++
			return s.data[start : s.i-1], plain
		case c < 0x20:
			s.bad = true
			return nil, false
		case c == '\\':
			plain = false
			if s.i+1 >= len(s.data) {
				s.bad = true
				return nil, false
			}
			switch s.data[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.data) || !isHex(s.data[s.i+2]) || !isHex(s.data[s.i+3]) || !isHex(s.data[s.i+4]) || !isHex(s.data[s.i+5]) {
					s.bad = true
					return nil, false
				}
				s.i += 6
			default:
				s.bad = true
				return nil, false
			}
		default:
			if c >= utf8.RuneSelf {
				plain = false
			}
			s.i++
		}
	}
	s.bad = true
	return nil, false
}

func (s *strictScan) digits() int {
	n := 0
	for s.i < len(s.data) && '0' <= s.data[s.i] && s.data[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}

func (s *strictScan) number() {
	if s.data[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.data) && s.data[s.i] == '0':
		s.i++
	case s.digits() == 0:
		s.bad = true
		return
	}
	if s.i < len(s.data) && s.data[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			s.bad = true
			return
		}
	}
	if s.i < len(s.data) && (s.data[s.i] == 'e' || s.data[s.i] == 'E') {
		s.i++
		if s.i < len(s.data) && (s.data[s.i] == '+' || s.data[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			s.bad = true
		}
	}
}

func (s *strictScan) literal(word string) {
	if !bytes.HasPrefix(s.data[s.i:], []byte(word)) {
		s.bad = true
		return
	}
	s.i += len(word)
}

// value scans one value at s.i (after white space).
func (s *strictScan) value(depth int) {
	if depth > maxScanDepth || s.i >= len(s.data) {
		s.bad = true
		return
	}
	switch c := s.data[s.i]; {
	case c == '{':
		s.object(depth)
	case c == '[':
		s.i++
		s.ws()
		if s.i < len(s.data) && s.data[s.i] == ']' {
			s.i++
			return
		}
		for !s.bad {
			s.ws()
			s.value(depth + 1)
			s.ws()
			if s.i < len(s.data) && s.data[s.i] == ',' {
				s.i++
				continue
			}
			if s.i < len(s.data) && s.data[s.i] == ']' {
				s.i++
				return
			}
			s.bad = true
		}
	case c == '"':
		s.str()
	case c == '-' || '0' <= c && c <= '9':
		s.number()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	default:
		s.bad = true
	}
}

func (s *strictScan) object(depth int) {
	s.i++
	s.ws()
	if s.i < len(s.data) && s.data[s.i] == '}' {
		s.i++
		return
	}
	for len(s.keys) <= depth {
		s.keys = append(s.keys, nil)
	}
	keys := s.keys[depth][:0]
	defer func() { s.keys[depth] = keys[:0] }()
	for !s.bad {
		s.ws()
		if s.i >= len(s.data) || s.data[s.i] != '"' {
			s.bad = true
			return
		}
		key, plain := s.str()
		if s.bad {
			return
		}
		if !plain || len(keys) > 32 {
			// an escape, a byte beyond ASCII or a large object: the
			// general path compares such keys as encoding/json decodes them
			s.bad = true
			return
		}
		for _, k := range keys {
			if bytes.Equal(k, key) {
				s.bad = true
				return
			}
		}
		keys = append(keys, key)
		s.ws()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			s.bad = true
			return
		}
		s.i++
		s.ws()
		s.value(depth + 1)
		s.ws()
		if s.i < len(s.data) && s.data[s.i] == ',' {
			s.i++
			continue
		}
		if s.i < len(s.data) && s.data[s.i] == '}' {
			s.i++
			return
		}
		s.bad = true
	}
}

// fastBundle builds a bundle from its spans as json.Unmarshal would (the
// raw members copied), and remembers its profile data; !ok: take the
// general path.
func fastBundle(data []byte) (*Bundle, bool) {
	sp, ok := scanBundle(data)
	if !ok {
		return nil, false
	}
	var b Bundle
	if sp.format != nil && json.Unmarshal(sp.format, &b.Format) != nil {
		return nil, false
	}
	if sp.seal != nil && json.Unmarshal(sp.seal, &b.Seal) != nil {
		return nil, false
	}
	b.Protocol = bytes.Clone(sp.protocol)
	b.Valuation = bytes.Clone(sp.valuation)
	b.Profile = bytes.Clone(sp.profile)
	rememberValue(sp.profile)
	return &b, true
}
