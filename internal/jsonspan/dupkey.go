package jsonspan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// A JSON document with a key twice in one object means what its reader
// decides: encoding/json keeps the last, other decoders the first. Every
// document from outside — a bundle (package seal), a protocol or delivery
// record file (package inspection) — is refused with one, by the code here.

// ErrTrailing is FirstDuplicate's error for data after the first value.
var ErrTrailing = errors.New("data after the end of the JSON value")

// DuplicateKey is the path of a key that appears twice in one object of
// data — "vat_percent", "return.odometer_km", "findings[2].cost", keys
// compared as encoding/json decodes them (escapes resolved: "a" and
// "\u0061" are one key) — and whether there is one. data must be valid
// JSON (json.Valid): a document without a duplicate costs one scan; only a
// document with one is walked again for the path.
func DuplicateKey(data []byte) (path string, found bool) {
	if !HasDuplicateKey(data) {
		return "", false
	}
	path, found, _ = FirstDuplicate(data)
	return path, found
}

// HasDuplicateKey reports whether valid JSON (json.Valid) has an object
// with the same key twice, keys compared as encoding/json decodes them
// (escapes resolved, invalid UTF-8 replaced). It agrees with FirstDuplicate
// on valid JSON (dupkey_test.go).
func HasDuplicateKey(data []byte) bool {
	s := dupScan{data: data}
	return s.value(0)
}

// FirstDuplicate walks any data by encoding/json's tokens: the path of the
// first key that appears twice in its object (found), or the error of the
// first syntax problem before one (ErrTrailing: more after the value). The
// slow path: HasDuplicateKey decides first.
func FirstDuplicate(data []byte) (path string, found bool, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if path, found, err = walkValue(dec, ""); err != nil || found {
		return path, found, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", false, ErrTrailing
	}
	return "", false, nil
}

func walkValue(dec *json.Decoder, path string) (string, bool, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", false, err
	}
	switch tok {
	case json.Delim('{'):
		return walkObject(dec, path)
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if dup, found, err := walkValue(dec, fmt.Sprintf("%s[%d]", path, i)); err != nil || found {
				return dup, found, err
			}
		}
		_, err = dec.Token() // ]
		return "", false, err
	}
	return "", false, nil
}

func walkObject(dec *json.Decoder, path string) (string, bool, error) {
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", false, err
		}
		k, _ := tok.(string)
		at := k
		if path != "" {
			at = path + "." + k
		}
		if seen[k] {
			return at, true, nil
		}
		seen[k] = true
		if dup, found, err := walkValue(dec, at); err != nil || found {
			return dup, found, err
		}
	}
	_, err := dec.Token() // }
	return "", false, err
}

type dupScan struct {
	data []byte
	i    int
	keys [][][]byte // per depth, reused
}

func (s *dupScan) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// str skips a string starting at its quote and returns its contents as
// written: the closing quote is the first one after an even run of
// backslashes, found by bytes.IndexByte (a value's text is skipped, not
// read byte by byte).
func (s *dupScan) str() []byte {
	start := s.i + 1
	for j := start; ; {
		k := bytes.IndexByte(s.data[j:], '"')
		if k < 0 {
			s.i = len(s.data)
			return s.data[start:]
		}
		end := j + k
		n := 0
		for end-1-n >= start && s.data[end-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			s.i = end + 1
			return s.data[start:end]
		}
		j = end + 1
	}
}

// key reads a key starting at its quote, byte by byte (a key is short):
// its contents as written and whether they are plain ASCII without an
// escape; else str reads it.
func (s *dupScan) key() ([]byte, bool) {
	start := s.i + 1
	for j := start; j < len(s.data); j++ {
		switch c := s.data[j]; {
		case c == '"':
			s.i = j + 1
			return s.data[start:j], true
		case c == '\\' || c >= utf8.RuneSelf:
			return s.str(), false
		}
	}
	return s.str(), false
}

func (s *dupScan) value(depth int) bool {
	s.ws()
	if s.i >= len(s.data) {
		return false
	}
	switch s.data[s.i] {
	case '{':
		return s.object(depth)
	case '[':
		s.i++
		s.ws()
		if s.i < len(s.data) && s.data[s.i] == ']' {
			s.i++
			return false
		}
		for s.i < len(s.data) {
			if s.value(depth + 1) {
				return true
			}
			s.ws()
			if s.i < len(s.data) && s.data[s.i] == ',' {
				s.i++
				continue
			}
			s.i++ // ]
			return false
		}
		return false
	case '"':
		s.str()
		return false
	}
	for s.i < len(s.data) { // number, true, false, null
		switch s.data[s.i] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return false
		}
		s.i++
	}
	return false
}

func (s *dupScan) object(depth int) bool {
	s.i++
	s.ws()
	if s.i < len(s.data) && s.data[s.i] == '}' {
		s.i++
		return false
	}
	for len(s.keys) <= depth {
		if s.keys == nil {
			s.keys = make([][][]byte, 0, 8)
		}
		s.keys = append(s.keys, make([][]byte, 0, 16)) // once per depth
	}
	keys := s.keys[depth][:0]
	defer func() { s.keys[depth] = keys[:0] }()
	var many map[string]bool // beyond 32 keys
	for s.i < len(s.data) {
		s.ws()
		key, plain := s.key()
		if !plain && (bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key)) { // an escape or invalid UTF-8: as encoding/json reads it
			var k string
			if json.Unmarshal(s.data[s.i-len(key)-2:s.i], &k) != nil {
				return true // not as the scan read it: let the walk decide
			}
			key = []byte(k)
		}
		if many != nil {
			if many[string(key)] {
				return true
			}
			many[string(key)] = true
		} else {
			for _, k := range keys {
				if bytes.Equal(k, key) {
					return true
				}
			}
			keys = append(keys, key)
			if len(keys) > 32 {
				many = make(map[string]bool, 64)
				for _, k := range keys {
					many[string(k)] = true
				}
			}
		}
		s.ws()
		s.i++ // :
		if s.value(depth + 1) {
			return true
		}
		s.ws()
		if s.i < len(s.data) && s.data[s.i] == ',' {
			s.i++
			continue
		}
		s.i++ // }
		return false
	}
	return false
}
