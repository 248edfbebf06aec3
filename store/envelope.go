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
	var seen uint32
	ok := true
	fail := func() bool { ok = false; return false }
	read := jsonspan.Members(head, func(k, v []byte) bool {
		bit, known := envelopeKeys[string(k)]
		if !known || seen&bit != 0 {
			return fail()
		}
		seen |= bit
		switch string(k) {
		case "v":
			ok = plainInt(v, &out.V)
		case "id":
			ok = plainString(v, &out.ID)
		case "status":
			var s string
			ok = plainString(v, &s)
			out.Status = Status(s)
		case "revision":
			ok = plainInt(v, &out.Revision)
		case "created_at":
			ok = out.CreatedAt.UnmarshalJSON(v) == nil
		case "updated_at":
			ok = out.UpdatedAt.UnmarshalJSON(v) == nil
		case "updated_by":
			ok = plainString(v, &out.UpdatedBy)
		case "pinned_profile":
			ok = plainString(v, &out.PinnedProfile)
		case "amends":
			ok = plainString(v, &out.Amends)
		case "amends_hash":
			ok = plainString(v, &out.AmendsHash)
		case "seal":
			if ok = len(v) > 0 && v[0] == '{' && json.Valid(v); ok {
				out.Seal = bytes.Clone(v)
			}
		case "synced_at":
			out.SyncedAt, ok = plainTime(v)
		case "synced_to":
			ok = plainString(v, &out.SyncedTo)
		case "received_at":
			out.ReceivedAt, ok = plainTime(v)
		case "review":
			ok = plainString(v, &out.Review)
		case "summary":
			ok = decodeSummary(v, &out.Summary)
		}
		return ok
	})
	if !read || !ok {
		return false
	}
	*r = out
	return true
}

// envelopeKeys are the envelope's members as json.Marshal names them, each
// with a bit of its own.
var envelopeKeys = map[string]uint32{
	"v": 1 << 0, "id": 1 << 1, "status": 1 << 2, "revision": 1 << 3, "created_at": 1 << 4,
	"updated_at": 1 << 5, "updated_by": 1 << 6, "pinned_profile": 1 << 7, "amends": 1 << 8,
	"amends_hash": 1 << 9, "seal": 1 << 10, "synced_at": 1 << 11, "synced_to": 1 << 12,
	"received_at": 1 << 13, "review": 1 << 14, "summary": 1 << 15,
}

func decodeSummary(data []byte, s *Summary) bool {
	var seen uint32
	ok := true
	read := jsonspan.Members(data, func(k, v []byte) bool {
		bit, known := summaryKeys[string(k)]
		if !known || seen&bit != 0 {
			ok = false
			return false
		}
		seen |= bit
		switch string(k) {
		case "plate":
			ok = plainString(v, &s.Plate)
		case "vin":
			ok = plainString(v, &s.VIN)
		case "customer":
			ok = plainString(v, &s.Customer)
		case "make":
			ok = plainString(v, &s.Make)
		case "model":
			ok = plainString(v, &s.Model)
		case "return_date":
			ok = plainString(v, &s.ReturnDate)
		case "gross":
			ok = plainString(v, &s.Gross)
		case "findings":
			ok = plainInt(v, &s.Findings)
		case "kind":
			ok = plainString(v, &s.Kind)
		}
		return ok
	})
	return read && ok
}

var summaryKeys = map[string]uint32{
	"plate": 1 << 0, "vin": 1 << 1, "customer": 1 << 2, "make": 1 << 3, "model": 1 << 4,
	"return_date": 1 << 5, "gross": 1 << 6, "findings": 1 << 7, "kind": 1 << 8,
}

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
