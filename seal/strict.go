package seal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// strictJSON accepts exactly one JSON value with no duplicate object key at
// any depth. Decoders disagree on duplicates (Go keeps the last, others the
// first), so a bundle with one could show a back office other content than
// was verified; trailing data could hide a second document.
//
// The check is a plain scan for duplicate keys over data that json.Valid
// accepted; only when that finds a problem does the token walk below run,
// to give the error (it decides: the scan never accepts what it rejects).
func strictJSON(data []byte) error {
	if json.Valid(data) && !hasDuplicateKey(data) {
		return nil
	}
	return strictWalk(data)
}

// strictWalk is strictJSON by encoding/json's tokens (37 % of verify's time
// when it ran on every bundle).
func strictWalk(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := strictValue(dec, ""); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the end of the bundle")
	}
	return nil
}

func strictValue(dec *json.Decoder, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		return strictObject(dec, path)
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if err := strictValue(dec, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		_, err = dec.Token() // ]
		return err
	}
	return nil
}

func strictObject(dec *json.Decoder, path string) error {
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		k, _ := tok.(string)
		at := k
		if path != "" {
			at = path + "." + k
		}
		if seen[k] {
			return fmt.Errorf("duplicate key %q", at)
		}
		seen[k] = true
		if err := strictValue(dec, at); err != nil {
			return err
		}
	}
	_, err := dec.Token() // }
	return err
}

// DuplicateKey reports whether JSON has an object with the same key twice
// (hasDuplicateKey), for a document kept elsewhere than in a bundle.
func DuplicateKey(data []byte) bool { return hasDuplicateKey(data) }

// hasDuplicateKey reports whether valid JSON (json.Valid) has an object
// with the same key twice, keys compared as encoding/json decodes them
// (escapes resolved, invalid UTF-8 replaced).
func hasDuplicateKey(data []byte) bool {
	s := dupScan{data: data}
	return s.value(0)
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

// str skips a string starting at its quote and returns its contents and
// whether they need decoding (an escape or a byte beyond ASCII).
func (s *dupScan) str() ([]byte, bool) {
	start := s.i + 1
	plain := true
	for s.i++; s.i < len(s.data); s.i++ {
		switch c := s.data[s.i]; {
		case c == '"':
			s.i++
			return s.data[start : s.i-1], !plain
		case c == '\\':
			plain = false
			s.i++
		case c >= utf8.RuneSelf:
			plain = false
		}
	}
	return s.data[start:], !plain
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
		s.keys = append(s.keys, nil)
	}
	keys := s.keys[depth][:0]
	defer func() { s.keys[depth] = keys[:0] }()
	var many map[string]bool // beyond 32 keys
	for s.i < len(s.data) {
		s.ws()
		key, decode := s.str()
		if decode && (bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key)) {
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
