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
		var err error
		out, err = s.setStatusTx(tx, id, expectRevision, from, to, seal, by, action)
		if r, ok := err.(refusal); ok {
			return r.err
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", action, err)
	}
	return out, nil
}

// refusal is a status change refused before anything was written.
type refusal struct{ err error }

func (r refusal) Error() string { return r.err.Error() }

func (s *Store) setStatusTx(tx *bolt.Tx, id string, expectRevision int, from, to Status, seal json.RawMessage, by, action string) (*Record, error) {
	old, err := getRecord(tx.Bucket(bucketProtocols), id)
	if err != nil {
		return nil, refusal{err}
	}
	if old.Status != from {
		if old.Status.Immutable() && from == StatusDraft {
			return nil, refusal{ErrSealed}
		}
		return nil, refusal{fmt.Errorf("%s is %s, not %s", id, old.Status, from)}
	}
	if expectRevision != AnyRevision && old.Revision != expectRevision {
		return nil, refusal{ErrConflict}
	}
	now := s.now().UTC()
	rec := *old
	rec.Status, rec.UpdatedAt, rec.UpdatedBy = to, now, by
	if seal != nil {
		rec.Seal = seal
	}
	if err := moveIndexes(tx, old, &rec); err != nil {
		return nil, err
	}
	if err := putRecordOnly(tx, &rec); err != nil {
		return nil, err
	}
	return &rec, appendAudit(tx, id, AuditEntry{At: now, By: by, Action: action, Revision: rec.Revision,
		Changes: []string{fmt.Sprintf("status: %s → %s", from, to)}})
}

// MarkExportedAll is MarkExported of several protocols in one transaction
// (one fsync instead of one per protocol). errs[i] is ids[i]'s: a protocol
// that is not sealed (any more) is refused alone; a failure of the store
// marks none.
func (s *Store) MarkExportedAll(ids []string, by string) (errs []error) {
	errs = make([]error, len(ids))
	err := s.update(func(tx *bolt.Tx) error {
		for i, id := range ids {
			_, err := s.setStatusTx(tx, id, AnyRevision, StatusSealed, StatusExported, nil, by, "export")
			if r, ok := err.(refusal); ok {
				errs[i] = fmt.Errorf("export: %w", r.err)
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("export: %w", err)
		}
	}
	return errs
}
