// Package jsonspan finds the members of a JSON object without decoding it:
// the key and the bytes of each member's value, in one pass that skips
// nested values by their brackets. For reading a few fields of a document
// that is already known to be valid JSON (a signed document whose bytes were
// checked against their hash) at the cost of a scan, not of a decode. On
// anything that is not a well-formed object it reports !ok; it never panics.
package jsonspan

import (
	"bytes"
	"encoding/json"
)

// Members calls fn for each member of the object data holds, in order: the
// key as written between its quotes (escapes left as they are) and the
// value's bytes. fn returning false stops the walk (ok stays true).
func Members(data []byte, fn func(key, value []byte) bool) (ok bool) {
	return members(data, fn, false)
}

// SortedMembers is Members for a document whose every object — data's and
// each nested in it — must have its keys in strictly increasing byte order
// without escapes, as KeysSorted says, checked in the same pass: false when
// one does not (fn may have been called for the members before). When fn
// stops the walk, what follows is not checked. The report reads a signed
// protocol by one pass instead of two.
func SortedMembers(data []byte, fn func(key, value []byte) bool) (ok bool) {
	return members(data, fn, true)
}

func members(data []byte, fn func(key, value []byte) bool, sorted bool) (ok bool) {
	var last []byte // sorted: the key before
	i := space(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	i = space(data, i+1)
	if i < len(data) && data[i] == '}' {
		return space(data, i+1) == len(data)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return false
		}
		end, escaped := shortStringEnd(data, i)
		if end < 0 {
			return false
		}
		key := data[i+1 : end-1]
		if sorted {
			if escaped || last != nil && bytes.Compare(key, last) <= 0 {
				return false
			}
			last = key
		}
		i = space(data, end)
		if i >= len(data) || data[i] != ':' {
			return false
		}
		i = space(data, i+1)
		var vend int
		if sorted && i < len(data) && (data[i] == '{' || data[i] == '[') {
			vend = sortedScan(data, i, true)
		} else {
			vend = valueEnd(data, i)
		}
		if vend < 0 {
			return false
		}
		if !fn(key, data[i:vend]) {
			return true
		}
		i = space(data, vend)
		if i >= len(data) {
			return false
		}
		switch data[i] {
		case ',':
			i = space(data, i+1)
		case '}':
			return space(data, i+1) == len(data)
		default:
			return false
		}
	}
}

// Get is the value of the member key of the object data holds (nil: none).
func Get(data []byte, key string) []byte {
	var out []byte
	Members(data, func(k, v []byte) bool {
		if string(k) == key {
			out = v
			return false
		}
		return true
	})
	return out
}

// String is the string a JSON string value holds; ok is false for any
// other value.
func String(v []byte) (s string, ok bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), true
	}
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

func space(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// stringEnd is the index after the closing quote of the string starting at
// data[i] ('"'), -1 if it does not close.
func stringEnd(data []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return -1
		}
		j += k
		// a quote preceded by an odd number of backslashes is escaped
		n := 0
		for b := j - 1; b > i && data[b] == '\\'; b-- {
			n++
		}
		if n%2 == 0 {
			return j + 1
		}
		j++
	}
}

// shortStringEnd is stringEnd for the short strings of a signed document
// (keys, names, amounts, ids), by a loop over their bytes — bytes.IndexByte's
// call and set-up cost more than such a string — and whether the string
// holds an escape.
func shortStringEnd(data []byte, i int) (end int, escaped bool) {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '"':
			return j + 1, escaped
		case '\\':
			escaped = true
			j++ // the byte escaped
		}
	}
	return -1, escaped
}

// valueEnd is the index after the value starting at data[i], -1 if there is
// none. Nested objects and arrays are skipped by their brackets (strings in
// them by their quotes); numbers and literals end at the next delimiter.
func valueEnd(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				e := stringEnd(data, j)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	case ',', '}', ']', ':':
		return -1
	}
	j := i
	for j < len(data) {
		switch data[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return j
		}
		j++
	}
	return j
}

// Depth is how deeply the objects and arrays of data nest (0: a scalar),
// in one pass that skips strings: for a caller about to walk a document
// recursively.
func Depth(data []byte) int {
	depth, most := 0, 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			e := stringEnd(data, i)
			if e < 0 {
				return most
			}
			i = e - 1
		case '{', '[':
			if depth++; depth > most {
				most = depth
			}
		case '}', ']':
			depth--
		}
	}
	return most
}

// KeysSorted reports whether every object in data has its keys in strictly
// increasing byte order — as RFC 8785 orders them, for keys of ASCII
// without escapes — so no key twice, in one pass without recursion. A
// document it says yes to has no member named twice; one it says no to
// may still be valid (other orders, escapes): the caller takes its slow
// path.
func KeysSorted(data []byte) bool {
	return sortedScan(data, 0, false) >= 0
}

// sortedScan checks keys as KeysSorted does, from data[i]: with one, the
// object or array that starts there, giving the index after it; else all
// of data, giving len(data). -1: a key out of order or escaped, brackets
// that do not close.
func sortedScan(data []byte, i int, one bool) int {
	type frame struct {
		obj, expectKey bool
		last           []byte
	}
	var stack [8]frame
	st := stack[:0]
	for ; i < len(data); i++ {
		switch data[i] {
		case '{':
			st = append(st, frame{obj: true, expectKey: true})
		case '[':
			st = append(st, frame{})
		case '}', ']':
			if len(st) == 0 {
				return -1
			}
			st = st[:len(st)-1]
			if one && len(st) == 0 {
				return i + 1
			}
		case ',':
			if n := len(st); n > 0 && st[n-1].obj {
				st[n-1].expectKey = true
			}
		case '"':
			e, escaped := shortStringEnd(data, i)
			if e < 0 {
				return -1
			}
			if n := len(st); n > 0 && st[n-1].obj && st[n-1].expectKey {
				k := data[i+1 : e-1]
				if escaped || st[n-1].last != nil && bytes.Compare(k, st[n-1].last) <= 0 {
					return -1
				}
				st[n-1].last, st[n-1].expectKey = k, false
			}
			i = e - 1
		}
	}
	if one || len(st) != 0 {
		return -1
	}
	return len(data)
}
