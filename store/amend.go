package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
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
// Amendments of amendments are followed to the end. Where one protocol has
// several sealed amendments (two devices corrected the same return; the
// device refuses to seal a second one), the older ones are superseded too, by
// the same current record: a return is booked once (CompetingAmendments
// names them, and inbox holds them "zu prüfen").
func (s *Store) Superseded() (map[string]string, error) {
	all, err := s.sealedAmendments()
	next := map[string]*Record{}
	for orig, recs := range all {
		for _, rec := range recs {
			if cur, ok := next[orig]; !ok || cur.UpdatedAt.Before(rec.UpdatedAt) {
				next[orig] = rec
			}
		}
	}
	out := map[string]string{}
	for id := range next {
		cur, seen := id, map[string]bool{}
		for r, ok := next[cur]; ok && !seen[cur]; r, ok = next[cur] {
			seen[cur] = true
			cur = r.ID
		}
		out[id] = cur
	}
	for orig, recs := range all {
		for _, rec := range recs {
			if _, own := out[rec.ID]; !own && rec.ID != next[orig].ID {
				out[rec.ID] = out[orig] // a competing amendment: the current record is the newest's
			}
		}
	}
	return out, err
}

// CompetingAmendments lists, per protocol with more than one sealed
// amendment, those amendments (ids sorted), protocols in id order.
func (s *Store) CompetingAmendments() ([][]string, error) {
	all, err := s.sealedAmendments()
	var out [][]string
	for _, recs := range all {
		if len(recs) > 1 {
			ids := make([]string, len(recs))
			for i, r := range recs {
				ids[i] = r.ID
			}
			slices.Sort(ids)
			out = append(out, ids)
		}
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out, err
}

// SealedAmendments names the sealed amendments of protocol id that name its
// seal hash sealHash.
func (s *Store) SealedAmendments(id, sealHash string) ([]string, error) {
	all, err := s.sealedAmendments()
	var out []string
	for _, r := range all[id] {
		if r.AmendsHash == sealHash {
			out = append(out, r.ID)
		}
	}
	slices.Sort(out)
	return out, err
}

// sealedAmendments maps each sealed protocol to its sealed amendments that
// name its seal: an amendment naming another seal (forged, or of a copy)
// amends nothing.
func (s *Store) sealedAmendments() (map[string][]*Record, error) {
	out := map[string][]*Record{}
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
			orig := b.Get([]byte(rec.Amends))
			if orig == nil {
				return nil
			}
			o, err := decodeHead(orig)
			if err != nil || !o.Status.Immutable() || sealHash(o.Seal) != rec.AmendsHash {
				return nil
			}
			out[rec.Amends] = append(out[rec.Amends], rec)
			return nil
		})
	})
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
