package store

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/inspection"
)

// Amend starts a correction of a sealed protocol: a new draft with the same
// content that names the sealed one — its id, seal hash and why — in its own
// signed content (amends). The signatures are not carried over: what the
// amendment says is signed again. The sealed protocol stays as it is.
func (s *Store) Amend(id, reason, by string) (*Record, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, fmt.Errorf("amend: %w", ErrNoReason)
	}
	var out *Record
	err := s.update(func(tx *bolt.Tx) error {
		old, err := sealedRecord(tx, id, "change it directly, an amendment is only for sealed protocols")
		if err != nil {
			return err
		}
		if newer := amendmentOf(tx, id); newer != "" {
			return fmt.Errorf("%s is amended by %s already: amend that one (the newest), so the corrections stay one line", id, newer)
		}
		p, err := old.Decode(s.rules)
		if err != nil {
			return err
		}
		p.ID = ""
		p.Amends = &inspection.Amendment{ID: id, SealHash: sealHash(old.Seal), Reason: strings.TrimSpace(reason)}
		p.Signatures, p.Refusal = nil, nil
		s.normalize(p)
		rec, err := s.create(tx, p, by, "amend")
		if err != nil {
			return err
		}
		out = rec
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("amend: %w", err)
	}
	return out, nil
}

// amendsOf is what a record says of the protocol it amends: what the
// protocol itself (its signed content) says, nothing else.
func amendsOf(p *inspection.Protocol) (id, hash string) {
	if p.Amends == nil {
		return "", ""
	}
	return p.Amends.ID, p.Amends.SealHash
}

// amendmentOf names a protocol (draft or sealed) that amends id, "" when none.
func amendmentOf(tx *bolt.Tx, id string) string {
	found := ""
	_ = tx.Bucket(bucketProtocols).ForEach(func(_, v []byte) error {
		if rec, err := decodeHead(v); err == nil && rec.Amends == id {
			found = rec.ID
		}
		return nil
	})
	return found
}

// ErrNoReason: an amendment says why.
var ErrNoReason = errors.New("ein Nachtrag braucht einen Grund / an amendment needs a reason (--reason)")

// Superseded maps each sealed protocol that has a sealed amendment to the
// newest such amendment (by seal time): the current record of that return.
// Amendments of amendments are followed to the end.
func (s *Store) Superseded() (map[string]string, error) {
	next := map[string]*Record{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProtocols)
		return walk(tx, b, func(_, v []byte) error {
			if !mayAmend(v) {
				return nil
			}
			rec, err := decodeHead(v)
			if err != nil || rec.Amends == "" || !rec.Status.Immutable() {
				return nil
			}
			// it supersedes only the protocol whose seal it names: an
			// amendment naming another seal (forged, or of a copy) does not
			orig := b.Get([]byte(rec.Amends))
			if orig == nil {
				return nil
			}
			o, err := decodeHead(orig)
			if err != nil || !o.Status.Immutable() || sealHash(o.Seal) != rec.AmendsHash {
				return nil
			}
			if cur, ok := next[rec.Amends]; !ok || cur.UpdatedAt.Before(rec.UpdatedAt) {
				next[rec.Amends] = rec
			}
			return nil
		})
	})
	out := map[string]string{}
	for id := range next {
		cur, seen := id, map[string]bool{}
		for r, ok := next[cur]; ok && !seen[cur]; r, ok = next[cur] {
			seen[cur] = true
			cur = r.ID
		}
		out[id] = cur
	}
	return out, err
}

// amendsMember is how a record's envelope names what it amends.
var amendsMember = []byte(`"amends":`)

// mayAmend is false for a record whose envelope does not name a protocol it
// amends ("amends" is left out when empty), without decoding it: inside a
// JSON string the member's quotes would be escaped, so the bytes cannot
// appear there. Superseded walks every record; few are amendments.
func mayAmend(v []byte) bool {
	if i := bytes.Index(v, protocolField); i > 0 {
		v = v[:i]
	}
	return bytes.Contains(v, amendsMember)
}
