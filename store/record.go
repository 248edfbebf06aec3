package store

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

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
	Summary       Summary         `json:"summary"`
	Protocol      json.RawMessage `json:"protocol"`
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
}

func summarize(p *inspection.Protocol, rules *catalog.Rules) Summary {
	return summaryOf(p, money.JSON(inspection.Gross(p, rules)))
}

// summaryOf is p's list entry with a gross total already known.
func summaryOf(p *inspection.Protocol, gross string) Summary {
	return Summary{
		Plate: p.Vehicle.Plate, VIN: p.Vehicle.VIN, Customer: p.Customer.Name,
		Make: p.Vehicle.Make, Model: p.Vehicle.Model, ReturnDate: p.Return.Date.String(),
		Gross: gross, Findings: len(p.Findings),
	}
}

// The protocol document is the record's last field. Encoding splices the
// already-encoded document in, and decoding cuts it out, instead of letting
// encoding/json validate and copy it again on every save; the bytes are the
// same JSON that json.Marshal(Record) writes.
var protocolField = []byte(`,"protocol":`)

// envelope is a Record without its protocol document.
type envelope Record

func encodeRecord(r *Record) ([]byte, error) {
	env := envelope(*r)
	env.Protocol = nil
	head, err := json.Marshal(struct {
		envelope
		Protocol json.RawMessage `json:"protocol,omitempty"`
	}{envelope: env})
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(head)+len(protocolField)+len(r.Protocol)+1)
	out = append(out, head[:len(head)-1]...)
	out = append(out, protocolField...)
	out = append(out, r.Protocol...)
	return append(out, '}'), nil
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
		if err := json.Unmarshal(head, (*envelope)(&r)); err != nil {
			return nil, fmt.Errorf("damaged record: %w", err)
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
	if err := json.Unmarshal(head, (*envelope)(&r)); err != nil {
		return nil, fmt.Errorf("damaged record: %w", err)
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

// CheckID says what is wrong with a protocol id from outside, or nil.
func CheckID(id string) error {
	if !validID(id) {
		return fmt.Errorf("id %q: use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit", id)
	}
	return nil
}

// newID makes a protocol id that sorts by creation time: 20241121T101530Z-3f2a.
func newID(now time.Time) string {
	var b [2]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
