package store

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"rueckgabe/internal/jsonspan"
)

// decodeEnvelope reads a record's envelope (its JSON without the protocol)
// into r as json.Unmarshal does, without its reflection, for the envelopes
// this store writes: every member one of Record's, as json.Marshal names
// it, at most once, each value of its type. Anything else — another key,
// another case, a null where a string was, an escape, a number with a
// fraction — returns false with r untouched, and the caller decodes it with
// json.Unmarshal, which decides and words the error. A walk over every
// record (check, report) reads 50,000 envelopes twice: a third of its time
// went into json.Unmarshal.
func decodeEnvelope(head []byte, r *Record) bool {
	var out Record
	if !decodeMembers(head, envelopeFields, &out) {
		return false
	}
	*r = out
	return true
}

// field reads one member's value into T; false: not as the store writes it.
type field[T any] struct {
	name string
	set  func(*T, []byte) bool
}

// fieldSet is a struct's members by name, each with its bit.
type fieldSet[T any] struct {
	fields []field[T]
	index  map[string]int
}

func fieldsOf[T any](fs ...field[T]) fieldSet[T] {
	set := fieldSet[T]{fields: fs, index: make(map[string]int, len(fs))}
	for i, f := range fs {
		set.index[f.name] = i
	}
	return set
}

// decodeMembers reads an object whose members are all of set, each at most
// once, into to.
func decodeMembers[T any](data []byte, set fieldSet[T], to *T) bool {
	var seen uint64
	ok := true
	read := jsonspan.Members(data, func(k, v []byte) bool {
		i, known := set.index[string(k)]
		if !known || seen&(1<<i) != 0 {
			ok = false
			return false
		}
		seen |= 1 << i
		ok = set.fields[i].set(to, v)
		return ok
	})
	return read && ok
}

func str[T any](name string, at func(*T) *string) field[T] {
	return field[T]{name, func(t *T, v []byte) bool { return plainString(v, at(t)) }}
}

func integer[T any](name string, at func(*T) *int) field[T] {
	return field[T]{name, func(t *T, v []byte) bool { return plainInt(v, at(t)) }}
}

// envelopeFields are the envelope's members as json.Marshal names them.
var envelopeFields = fieldsOf(
	integer("v", func(r *Record) *int { return &r.V }),
	str("id", func(r *Record) *string { return &r.ID }),
	field[Record]{"status", func(r *Record, v []byte) bool {
		var s string
		ok := plainString(v, &s)
		r.Status = Status(s)
		return ok
	}},
	integer("revision", func(r *Record) *int { return &r.Revision }),
	field[Record]{"created_at", func(r *Record, v []byte) bool { return r.CreatedAt.UnmarshalJSON(v) == nil }},
	field[Record]{"updated_at", func(r *Record, v []byte) bool { return r.UpdatedAt.UnmarshalJSON(v) == nil }},
	str("updated_by", func(r *Record) *string { return &r.UpdatedBy }),
	str("pinned_profile", func(r *Record) *string { return &r.PinnedProfile }),
	str("amends", func(r *Record) *string { return &r.Amends }),
	str("amends_hash", func(r *Record) *string { return &r.AmendsHash }),
	field[Record]{"seal", func(r *Record, v []byte) bool {
		if len(v) == 0 || v[0] != '{' || !flatASCIIObject(v) && !json.Valid(v) {
			return false
		}
		r.Seal = bytes.Clone(v)
		return true
	}},
	field[Record]{"synced_at", func(r *Record, v []byte) (ok bool) { r.SyncedAt, ok = plainTime(v); return ok }},
	str("synced_to", func(r *Record) *string { return &r.SyncedTo }),
	field[Record]{"received_at", func(r *Record, v []byte) (ok bool) { r.ReceivedAt, ok = plainTime(v); return ok }},
	str("review", func(r *Record) *string { return &r.Review }),
	field[Record]{"summary", func(r *Record, v []byte) bool { return decodeMembers(v, summaryFields, &r.Summary) }},
)

var summaryFields = fieldsOf(
	str("plate", func(s *Summary) *string { return &s.Plate }),
	str("vin", func(s *Summary) *string { return &s.VIN }),
	str("customer", func(s *Summary) *string { return &s.Customer }),
	str("make", func(s *Summary) *string { return &s.Make }),
	str("model", func(s *Summary) *string { return &s.Model }),
	str("return_date", func(s *Summary) *string { return &s.ReturnDate }),
	str("gross", func(s *Summary) *string { return &s.Gross }),
	integer("findings", func(s *Summary) *int { return &s.Findings }),
	str("kind", func(s *Summary) *string { return &s.Kind }),
)

// plainString reads a JSON string without escapes, of valid UTF-8 and no
// control character: what json.Unmarshal reads the same byte for byte.
func plainString(v []byte, to *string) bool {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return false
	}
	body := v[1 : len(v)-1]
	for _, c := range body {
		if c < 0x20 || c == '\\' || c == '"' {
			return false
		}
	}
	if !utf8.Valid(body) {
		return false
	}
	*to = string(body)
	return true
}

// flatASCIIObject: an object whose keys and values are all strings of
// printable ASCII without escapes — valid JSON (what json.Valid says in a
// tenth of its time), as a seal is stored (TestFlatASCIIObjectIsValid). No
// says nothing: json.Valid decides.
func flatASCIIObject(v []byte) bool {
	printable := func(b []byte) bool {
		for _, c := range b {
			if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	}
	flat := true
	read := jsonspan.Members(v, func(k, v []byte) bool {
		flat = printable(k) && len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && printable(v[1:len(v)-1])
		return flat
	})
	return read && flat
}

// plainInt reads a JSON integer as json.Unmarshal reads one into an int:
// an optional minus, no leading zero, digits only, within int.
func plainInt(v []byte, to *int) bool {
	s := v
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 18 || s[0] == '0' && len(s) > 1 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	n, err := strconv.Atoi(string(v))
	*to = n
	return err == nil
}

// plainTime reads a time or null as json.Unmarshal reads one into a *time.Time.
func plainTime(v []byte) (*time.Time, bool) {
	if string(v) == "null" {
		return nil, true
	}
	t := new(time.Time)
	return t, t.UnmarshalJSON(v) == nil
}

// appendEnvelope writes what marshalEnvelope writes (json.Marshal of the
// envelope, without its closing brace), without encoding/json's reflection,
// for a record without a seal: a draft's, every save. false: a seal (which
// encoding/json would compact and escape) or a time it cannot write; the
// caller takes marshalEnvelope, which writes it or words the error.
// Members in Record's order, those tagged omitempty left out when empty.
func appendEnvelope(b []byte, r *Record) ([]byte, bool) {
	if len(r.Seal) > 0 {
		return nil, false
	}
	ok := true
	b = strconv.AppendInt(append(b, `{"v":`...), int64(r.V), 10)
	b = appendJSONString(append(b, `,"id":`...), r.ID)
	b = appendJSONString(append(b, `,"status":`...), string(r.Status))
	b = strconv.AppendInt(append(b, `,"revision":`...), int64(r.Revision), 10)
	b = appendTime(append(b, `,"created_at":`...), r.CreatedAt, &ok)
	b = appendTime(append(b, `,"updated_at":`...), r.UpdatedAt, &ok)
	b = appendOmitEmpty(b, `,"updated_by":`, r.UpdatedBy)
	b = appendOmitEmpty(b, `,"pinned_profile":`, r.PinnedProfile)
	b = appendOmitEmpty(b, `,"amends":`, r.Amends)
	b = appendOmitEmpty(b, `,"amends_hash":`, r.AmendsHash)
	if r.SyncedAt != nil {
		b = appendTime(append(b, `,"synced_at":`...), *r.SyncedAt, &ok)
	}
	b = appendOmitEmpty(b, `,"synced_to":`, r.SyncedTo)
	if r.ReceivedAt != nil {
		b = appendTime(append(b, `,"received_at":`...), *r.ReceivedAt, &ok)
	}
	b = appendOmitEmpty(b, `,"review":`, r.Review)
	m := &r.Summary
	b = appendJSONString(append(b, `,"summary":{"plate":`...), m.Plate)
	b = appendJSONString(append(b, `,"vin":`...), m.VIN)
	b = appendJSONString(append(b, `,"customer":`...), m.Customer)
	b = appendJSONString(append(b, `,"make":`...), m.Make)
	b = appendJSONString(append(b, `,"model":`...), m.Model)
	b = appendJSONString(append(b, `,"return_date":`...), m.ReturnDate)
	b = appendJSONString(append(b, `,"gross":`...), m.Gross)
	b = strconv.AppendInt(append(b, `,"findings":`...), int64(m.Findings), 10)
	b = appendOmitEmpty(b, `,"kind":`, m.Kind)
	return append(b, '}'), ok
}

func appendOmitEmpty(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, key...), s)
}

// appendTime writes t as time.Time's MarshalJSON does; *ok = false when it
// cannot (a year outside 0–9999).
func appendTime(b []byte, t time.Time, ok *bool) []byte {
	b = append(b, '"')
	b, err := t.AppendText(b)
	if err != nil {
		*ok = false
	}
	return append(b, '"')
}

// appendJSONString writes s as encoding/json does: as it is between quotes
// when nothing in it is escaped, and otherwise by encoding/json itself
// (quotes, backslashes, control characters, <, >, &, U+2028/U+2029,
// invalid UTF-8), so the rules for those stay the standard library's.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendMarshaled(b, s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return appendMarshaled(b, s)
		}
		i += size
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshaled(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}
