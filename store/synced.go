package store

import (
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Unsynced lists the sealed protocols (sealed or exported) whose archive has
// not reached the object store, oldest first. It reads envelopes only.
func (s *Store) Unsynced() ([]*Record, error) {
	var out []*Record
	for _, st := range []Status{StatusSealed, StatusExported} {
		recs, err := s.ListSummaries(Query{Status: st})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if r.SyncedAt == nil {
				out = append(out, r)
			}
		}
	}
	slices.SortFunc(out, func(a, b *Record) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out, nil
}

// MarkSynced records that a sealed protocol's archive is stored under key
// in the object store. The protocol, its seal and its status stay as they
// are; the audit trail says when and where.
func (s *Store) MarkSynced(id, key string, at time.Time, by string) (*Record, error) {
	var out *Record
	err := s.update(func(tx *bolt.Tx) error {
		old, err := sealedRecord(tx, id, "only a sealed protocol is synced")
		if err != nil {
			return err
		}
		rec := *old
		at := at.UTC()
		rec.SyncedAt, rec.SyncedTo = &at, key
		if err := putRecordOnly(tx, &rec); err != nil {
			return err
		}
		out = &rec
		return appendAudit(tx, id, AuditEntry{At: s.now().UTC(), By: by, Action: "sync", Revision: rec.Revision,
			Changes: []string{"synced_to: " + key}})
	})
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	return out, nil
}

// MarkReceived records when the object store recorded the archive a sealed
// protocol was imported from (the server's time, which no device sets).
func (s *Store) MarkReceived(id string, at time.Time, by string) error {
	return s.annotate(id, by, "inbox", func(rec *Record) string {
		at := at.UTC()
		rec.ReceivedAt = &at
		return "received_at: " + at.Format(time.RFC3339)
	})
}

// MarkReview holds a sealed protocol "zu prüfen" with the reason; the
// protocol and its seal stay as they are. The same reason again is nothing.
func (s *Store) MarkReview(id, why, by string) error {
	return s.annotate(id, by, "review", func(rec *Record) string {
		if rec.Review == why {
			return ""
		}
		rec.Review = why
		return "review: " + why
	})
}

// annotate changes a sealed record's envelope (never its protocol or seal)
// and notes the change in the audit trail; change returns "" for none.
func (s *Store) annotate(id, by, action string, change func(*Record) string) error {
	err := s.update(func(tx *bolt.Tx) error {
		old, err := sealedRecord(tx, id, "only a sealed protocol is annotated")
		if err != nil {
			return err
		}
		rec := *old
		what := change(&rec)
		if what == "" {
			return nil
		}
		if err := putRecordOnly(tx, &rec); err != nil {
			return err
		}
		return appendAudit(tx, id, AuditEntry{At: s.now().UTC(), By: by, Action: action, Revision: rec.Revision, Changes: []string{what}})
	})
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	return nil
}
