package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/inspection"
)

// sealedRecord reads a sealed (or exported) record; a draft is refused with why.
func sealedRecord(tx *bolt.Tx, id, why string) (*Record, error) {
	old, err := getRecord(tx.Bucket(bucketProtocols), id)
	if err != nil {
		return nil, err
	}
	if !old.Status.Immutable() {
		return nil, fmt.Errorf("%s is a draft: %s", id, why)
	}
	return old, nil
}

// keyLastSeal holds the hash of the device's last seal, the chain's head.
var keyLastSeal = []byte("last_seal_hash")

// SealFunc makes a seal for a protocol given the previous seal's hash; it
// returns the seal as JSON and its hash (the new chain head).
type SealFunc func(p *inspection.Protocol, previousHash string) (seal json.RawMessage, hash string, err error)

// SealChained seals a draft in one transaction: it reads the chain head,
// lets makeSeal build the seal, stores the sealed record and moves the head.
// Two seals can never name the same predecessor.
func (s *Store) SealChained(id string, expectRevision int, by string, makeSeal SealFunc) (*Record, error) {
	return s.SealChainedSigned(id, expectRevision, by, func(p *inspection.Protocol, prev string) (SealMade, error) {
		seal, hash, err := makeSeal(p, prev)
		return SealMade{Seal: seal, Hash: hash}, err
	})
}

// SealChainedSigned is SealChained keeping the bytes the seal signed with
// the record (Signed).
func (s *Store) SealChainedSigned(id string, expectRevision int, by string, makeSeal SealWithFunc) (*Record, error) {
	var out *Record
	err := s.update(func(tx *bolt.Tx) error {
		old, err := editableDraft(tx.Bucket(bucketProtocols), id, expectRevision)
		if err != nil {
			return err
		}
		p, err := old.Decode(s.rules)
		if err != nil {
			return err
		}
		// a draft stored before profiles were pinned and signatures bound
		// is pinned and bound as it stands (the seal covers both)
		doc := bytes.Clone(old.Protocol) // returned after the transaction: not a view of the page
		if s.normalize(p) {
			if doc, err = inspection.EncodeCompact(p); err != nil {
				return err
			}
		}
		if err := s.keepProtocolProfile(tx, p); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		made, err := makeSeal(p, string(meta.Get(keyLastSeal)))
		if err != nil {
			return err
		}
		sealJSON, hash := made.Seal, made.Hash
		now := s.now().UTC()
		rec := *old
		rec.Protocol = doc
		rec.Status, rec.UpdatedAt, rec.UpdatedBy, rec.Seal = StatusSealed, now, by, sealJSON
		if err := keepSigned(tx, &rec, made.Signed); err != nil {
			return err
		}
		if err := moveIndexes(tx, old, &rec); err != nil {
			return err
		}
		if err := putRecordOnly(tx, &rec); err != nil {
			return err
		}
		if err := meta.Put(keyLastSeal, []byte(hash)); err != nil {
			return err
		}
		out = &rec
		return appendAudit(tx, id, AuditEntry{At: now, By: by, Action: "seal", Revision: rec.Revision,
			Changes: []string{"status: draft → sealed", "seal: " + hash}})
	})
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return out, nil
}

// Pending returns the ids of sealed protocols not yet exported, oldest first.
// Only the ids are held: the caller reads one record at a time, so exporting
// thousands needs the memory of one.
func (s *Store) Pending() ([]string, error) {
	var ids []string
	err := s.view(func(tx *bolt.Tx) error {
		ids = s.listIDs(tx, Query{Status: StatusSealed})
		return nil
	})
	slices.Reverse(ids)
	return ids, err
}

// SealHash reads the hash from a stored seal without knowing its type.
func sealHash(raw json.RawMessage) string {
	var s struct {
		Hash string `json:"hash"`
	}
	_ = json.Unmarshal(raw, &s)
	return s.Hash
}
