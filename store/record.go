package store

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/money"
)

// Status is where a protocol is in its life.
type Status string

// The statuses, in the order the start screen lists them.
const (
	StatusDraft    Status = "draft"    // being recorded, every edit saved
	StatusSealed   Status = "sealed"   // signed: immutable
	StatusExported Status = "exported" // sealed and written out for the lessor
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusDraft, StatusSealed, StatusExported}

// Immutable reports whether the protocol content may no longer change.
func (s Status) Immutable() bool { return s == StatusSealed || s == StatusExported }

const recordVersion = 1

// Record is what the store keeps per protocol: an envelope of versioned JSON
// around the interchange form of the protocol.
type Record struct {
	V         int       `json:"v"`
	ID        string    `json:"id"`
	Status    Status    `json:"status"`
	Revision  int       `json:"revision"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	// PinnedProfile is the content hash of the profile a protocol sealed
	// before profiles were pinned was valued with (schema 5 migration).
	PinnedProfile string          `json:"pinned_profile,omitempty"`
	Amends        string          `json:"amends,omitempty"`      // the sealed protocol this one corrects
	AmendsHash    string          `json:"amends_hash,omitempty"` // and that protocol's seal hash
	Seal          json.RawMessage `json:"seal,omitempty"`        // set when sealed
	SyncedAt      *time.Time      `json:"synced_at,omitempty"`   // when its archive reached the object store
	SyncedTo      string          `json:"synced_to,omitempty"`   // and under which object key
	// ReceivedAt is when the object store recorded the archive this sealed
	// protocol was imported from (inbox: the server's Last-Modified).
	ReceivedAt *time.Time `json:"received_at,omitempty"`
	// Review says why a sealed protocol is held "zu prüfen" (a fork in its
	// device's chain of seals); "" when nothing is in question.
	Review   string          `json:"review,omitempty"`
	Summary  Summary         `json:"summary"`
	Protocol json.RawMessage `json:"protocol"`
	// Valuation is the signed valuation of a sealed record, when the store
	// kept it (Signed; not part of the record's own bytes).
	Valuation json.RawMessage `json:"-"`
}

// Summary is what lists and indexes need without decoding the protocol.
type Summary struct {
	Plate      string `json:"plate"`
	VIN        string `json:"vin"`
	Customer   string `json:"customer"`
	Make       string `json:"make"`
	Model      string `json:"model"`
	ReturnDate string `json:"return_date"`
	Gross      string `json:"gross"`
	Findings   int    `json:"findings"`
	// Kind is "delivery" for a handover protocol (its ReturnDate is the
	// handover date); absent for a return.
	Kind string `json:"kind,omitempty"`
}

func summarize(p *inspection.Protocol, rules *catalog.Rules) Summary {
	return summaryOf(p, money.JSON(inspection.Gross(p, rules)))
}

// summaryOf is p's list entry with a gross total already known.
func summaryOf(p *inspection.Protocol, gross string) Summary {
	s := Summary{
		Plate: p.Vehicle.Plate, VIN: p.Vehicle.VIN, Customer: p.Customer.Name,
		Make: p.Vehicle.Make, Model: p.Vehicle.Model, ReturnDate: p.Return.Date.String(),
		Gross: gross, Findings: len(p.Findings),
	}
	if p.IsDelivery() {
		s.Kind, s.ReturnDate = inspection.KindDelivery, p.Handover.Date.String()
	}
	return s
}

// The protocol document is the record's last field. Encoding splices the
// already-encoded document in, and decoding cuts it out, instead of letting
// encoding/json validate and copy it again on every save; the bytes are the
// same JSON that json.Marshal(Record) writes.
var protocolField = []byte(`,"protocol":`)

// envelope is a Record without its protocol document.
type envelope Record

func encodeRecord(r *Record) ([]byte, error) {
	head, err := encodeEnvelope(r)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(head)+len(protocolField)+len(r.Protocol)+1)
	out = append(out, head...)
	out = append(out, protocolField...)
	out = append(out, r.Protocol...)
	return append(out, '}'), nil
}

// encodeEnvelope is the start of a record's bytes: the envelope without its
// closing brace, to which the protocol field is appended.
func encodeEnvelope(r *Record) ([]byte, error) {
	if head, ok := appendEnvelope(make([]byte, 0, 512), r); ok {
		return head, nil
	}
	return marshalEnvelope(r)
}

// marshalEnvelope is encodeEnvelope by encoding/json.
func marshalEnvelope(r *Record) ([]byte, error) {
	env := envelope(*r)
	env.Protocol = nil
	head, err := json.Marshal(struct {
		envelope
		Protocol json.RawMessage `json:"protocol,omitempty"`
	}{envelope: env})
	if err != nil {
		return nil, err
	}
	return head[:len(head)-1], nil
}

// encodeRecordAround is encodeRecord for a record whose protocol document
// is buf[room:], where prepare left room before it and spare capacity after
// it: the envelope and the closing brace are written around the document
// instead of copying it (100 KB at 500 findings). Without the room it is
// encodeRecord; the bytes are the same either way.
func encodeRecordAround(r *Record, buf []byte, room int) ([]byte, error) {
	if room <= 0 || room >= len(buf) || cap(buf) == len(buf) || len(r.Protocol) != len(buf)-room || &r.Protocol[0] != &buf[room] {
		return encodeRecord(r)
	}
	head, err := encodeEnvelope(r)
	if err != nil {
		return nil, err
	}
	start := room - len(protocolField) - len(head)
	if start < 0 {
		return encodeRecord(r)
	}
	copy(buf[start:], head)
	copy(buf[room-len(protocolField):], protocolField)
	return append(buf[start:], '}'), nil
}

func decodeRecord(b []byte) (*Record, error) {
	r, err := decodeRecordView(b)
	if err == nil {
		r.Protocol = bytes.Clone(r.Protocol)
	}
	return r, err
}

// decodeRecordView is decodeRecord with the protocol document left in b, not
// copied: for a caller that is done with it before b goes away.
func decodeRecordView(b []byte) (*Record, error) {
	var r Record
	// no string in the envelope can hold the raw marker: its quotes are escaped
	if i := bytes.Index(b, protocolField); i > 0 && b[len(b)-1] == '}' {
		head := append(append(make([]byte, 0, i+1), b[:i]...), '}')
		if !decodeEnvelope(head, &r) {
			if err := json.Unmarshal(head, (*envelope)(&r)); err != nil {
				return nil, fmt.Errorf("damaged record: %w", err)
			}
		}
		r.Protocol = b[i+len(protocolField) : len(b)-1]
	} else if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("damaged record: %w", err)
	}
	if r.V > recordVersion {
		return nil, fmt.Errorf("record %s has version %d; this program reads up to %d", r.ID, r.V, recordVersion)
	}
	return &r, nil
}

// decodeHead reads a record's envelope only: Protocol stays nil.
func decodeHead(b []byte) (*Record, error) {
	var r Record
	i := bytes.Index(b, protocolField)
	if i <= 0 || b[len(b)-1] != '}' {
		return decodeRecord(b) // an older layout: read it whole
	}
	head := append(append(make([]byte, 0, i+1), b[:i]...), '}')
	if !decodeEnvelope(head, &r) {
		if err := json.Unmarshal(head, (*envelope)(&r)); err != nil {
			return nil, fmt.Errorf("damaged record: %w", err)
		}
	}
	if r.V > recordVersion {
		return nil, fmt.Errorf("record %s has version %d; this program reads up to %d", r.ID, r.V, recordVersion)
	}
	return &r, nil
}

// Decode returns the record's protocol.
func (r *Record) Decode(rules *catalog.Rules) (*inspection.Protocol, error) {
	p, probs := inspection.DecodeDraft(r.Protocol, rules)
	if len(probs) > 0 {
		return nil, fmt.Errorf("record %s: %w", r.ID, probs)
	}
	p.ID = r.ID
	p.PinnedHash = r.PinnedProfile
	return p, nil
}

// validID: 1–64 of A–Z, a–z, 0–9, '.', '_', '-', starting with a letter or
// digit. Checked by hand: a regexp compiled at package init costs every
// process start, also `--help`.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		alnum := c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '-') {
			return false
		}
	}
	return true
}

// CheckID says what is wrong with a protocol id from outside, or nil. An id
// names files (archives, bundles, PDFs) that must work on Windows and macOS
// too: a device name there (CON, nul.json, …) or a trailing dot is refused.
func CheckID(id string) error {
	if !validID(id) {
		return badID("id %q: use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit", id)
	}
	if strings.HasSuffix(id, ".") {
		return badID("id %q: ends in '.', which Windows drops from file names", id)
	}
	if reservedName(id) {
		return badID("id %q: is a device name on Windows (CON, PRN, AUX, NUL, COM0–9, LPT0–9), its files could not be written there", id)
	}
	return nil
}

// BadIDError is an id CheckID refuses; its message says why.
type BadIDError struct{ msg string }

func (e *BadIDError) Error() string { return e.msg }

func badID(format string, args ...any) error { return &BadIDError{fmt.Sprintf(format, args...)} }

// reservedName: the part before the first dot is one of Windows' device
// names, in any case — CON, con.json and Com1.bundle.json all name a device,
// not a file.
func reservedName(id string) bool { return WindowsDeviceName(id) }

// WindowsDeviceName reports whether Windows takes a file name for a device:
// the part before the first dot, trailing spaces dropped, is CON, PRN, AUX,
// NUL, COM0–9 or LPT0–9, in any case ("lpt1", "CON ", "aux.json").
func WindowsDeviceName(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.TrimRight(base, " ")
	switch strings.ToUpper(base) {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	u := strings.ToUpper(base)
	return len(u) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) && u[3] >= '0' && u[3] <= '9'
}

// caseTwin returns the id in b that differs from id only in case, or "".
// Windows and macOS file systems ignore case: Nord-1 and nord-1 would share
// their files. Every case variant of id has the same letter-free prefix and
// the same first letter in upper or lower case: two short cursor ranges.
func caseTwin(b *bolt.Bucket, id string) string {
	i := strings.IndexFunc(id, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' })
	if i < 0 {
		return "" // no letters, no case variants
	}
	c := b.Cursor()
	for _, first := range []byte{upperASCII(id[i]), lowerASCII(id[i])} {
		prefix := []byte(id[:i] + string(first))
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if string(k) != id && strings.EqualFold(string(k), id) {
				return string(k)
			}
		}
	}
	return ""
}

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c - 'A' + 'a'
	}
	return c
}

// CaseClashError: a new protocol's id differs only in case from one in the
// store; nothing is stored.
type CaseClashError struct{ ID, Existing string }

func (e *CaseClashError) Error() string {
	return fmt.Sprintf("id %q: differs only in case from %q, which exists; Windows and macOS would mix up their files: choose another id", e.ID, e.Existing)
}

// newID makes a protocol id that sorts by creation time: 20241121T101530Z-3f2a.
func newID(now time.Time) string {
	var b [2]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
