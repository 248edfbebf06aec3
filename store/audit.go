package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/store/internal/jsondiff"
)

// AuditEntry is one append-only line of a protocol's history.
type AuditEntry struct {
	At       time.Time `json:"at"`
	By       string    `json:"by,omitempty"`
	Action   string    `json:"action"` // create, save, import, seal, export, amend
	Revision int       `json:"revision"`
	Changes  []string  `json:"changes,omitempty"`
}

// auditFault makes every audit write fail (tests: a change and its audit
// entry commit together or not at all).
var auditFault error

// appendAudit writes an entry under id + 0x00 + sequence: entries of one
// protocol are contiguous and in order, and nothing ever rewrites them.
func appendAudit(tx *bolt.Tx, id string, e AuditEntry) error {
	if auditFault != nil {
		return auditFault
	}
	b := tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(e)
	if err != nil {
		return err
	}
	key := make([]byte, 0, len(id)+9)
	key = append(append(key, id...), 0)
	key = binary.BigEndian.AppendUint64(key, seq)
	return b.Put(key, v)
}

// Audit returns a protocol's history, oldest first.
func (s *Store) Audit(id string) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		p := append([]byte(id), 0)
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			var e AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("damaged audit entry of %s: %w", id, err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// diffJSON lists what changed between two protocol documents, one line per
// changed field: "vehicle.plate: "M-AB 1" → "M-AB 1234"".
func diffJSON(before, after []byte) []string {
	return diffDocs(before, after).lines
}

// docDiff is what changed between two revisions of a protocol.
type docDiff struct {
	lines []string
	// valueNeutral: only fields that no amount depends on changed (a note,
	// the customer's name), so the list total stays what it was and the save
	// need not value the whole protocol again.
	valueNeutral bool
}

func diffDocs(before, after []byte) docDiff {
	if out, paths, ok := jsondiff.Lockstep(before, after); ok {
		return docDiff{lines: jsondiff.Clip(out), valueNeutral: allValueNeutral(paths)}
	}
	return docDiff{lines: jsondiff.General(before, after)}
}

// valueNeutral are the fields, array indexes left out, that Value never
// reads. A test changes each of them on random protocols and checks that
// the valuation stays the same.
var valueNeutral = map[string]bool{
	"findings[].note": true, "customer.name": true, "customer.address": true,
	"vehicle.plate": true, "vehicle.vin": true, "vehicle.make": true, "vehicle.model": true,
	"return.place": true, "inspector": true, "dealership": true,
}

func allValueNeutral(paths []string) bool {
	for _, p := range paths {
		if !valueNeutral[withoutIndexes(p)] {
			return false
		}
	}
	return true
}

// withoutIndexes turns "findings[12].note" into "findings[].note".
func withoutIndexes(path string) string {
	if strings.IndexByte(path, '[') < 0 {
		return path
	}
	b := make([]byte, 0, len(path))
	skip := false
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch {
		case c == '[':
			skip = true
			b = append(b, c)
		case c == ']':
			skip = false
			b = append(b, c)
		case !skip:
			b = append(b, c)
		}
	}
	return string(b)
}
