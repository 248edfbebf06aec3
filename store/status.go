package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// MarkExported records that a sealed protocol was durably written out.
func (s *Store) MarkExported(id, by string) (*Record, error) {
	return s.setStatus(id, AnyRevision, StatusSealed, StatusExported, nil, by, "export")
}

func (s *Store) setStatus(id string, expectRevision int, from, to Status, seal json.RawMessage, by, action string) (*Record, error) {
	var out *Record
	err := s.update(func(tx *bolt.Tx) error {
		old, err := getRecord(tx.Bucket(bucketProtocols), id)
		if err != nil {
			return err
		}
		if old.Status != from {
			if old.Status.Immutable() && from == StatusDraft {
				return ErrSealed
			}
			return fmt.Errorf("%s is %s, not %s", id, old.Status, from)
		}
		if expectRevision != AnyRevision && old.Revision != expectRevision {
			return ErrConflict
		}
		now := s.now().UTC()
		rec := *old
		rec.Status, rec.UpdatedAt, rec.UpdatedBy = to, now, by
		if seal != nil {
			rec.Seal = seal
		}
		if err := moveIndexes(tx, old, &rec); err != nil {
			return err
		}
		if err := putRecordOnly(tx, &rec); err != nil {
			return err
		}
		out = &rec
		return appendAudit(tx, id, AuditEntry{At: now, By: by, Action: action, Revision: rec.Revision,
			Changes: []string{fmt.Sprintf("status: %s → %s", from, to)}})
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", action, err)
	}
	return out, nil
}
