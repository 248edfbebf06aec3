package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Bucket names: one bucket per entity, one per secondary index.
var (
	bucketMeta      = []byte("meta")
	bucketProtocols = []byte("protocols")
	bucketAudit     = []byte("audit")
	keySchema       = []byte("schema")
)

// SchemaVersion is the layout this program writes.
const SchemaVersion = 4

// migrations[i] upgrades a store from schema i to i+1, inside one transaction:
// a crash during a migration leaves the old schema intact.
var migrations = []func(tx *bolt.Tx) error{
	// 0 → 1: the first layout — records and the audit trail.
	func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketProtocols, bucketAudit} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 1 → 2: secondary indexes for the start screen and search, built from the records.
	func(tx *bolt.Tx) error {
		for _, ix := range indexes {
			if _, err := tx.CreateBucketIfNotExists(ix.bucket); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketProtocols).ForEach(func(_, v []byte) error {
			rec, err := decodeRecord(v)
			if err != nil {
				return err
			}
			return putIndexes(tx, rec)
		})
	},
	// 2 → 3: each status-index entry carries its protocol's search text, so a
	// search is one ordered walk (store/search.go).
	func(tx *bolt.Tx) error {
		b := tx.Bucket(idxStatus.bucket)
		return tx.Bucket(bucketProtocols).ForEach(func(_, v []byte) error {
			rec, err := decodeHead(v)
			if err != nil {
				return err
			}
			for _, val := range idxStatus.values(rec) {
				if err := b.Put(indexKey(val, rec.ID), idxStatus.value(rec)); err != nil {
					return err
				}
			}
			return nil
		})
	},
	// 3 → 4: names fold for every script and the German transliterations
	// (store/fold.go): the name index and the status index's search text are
	// built again from the records.
	func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(idxCustomer.bucket); err != nil {
			return err
		}
		names, err := tx.CreateBucket(idxCustomer.bucket)
		if err != nil {
			return err
		}
		status := tx.Bucket(idxStatus.bucket)
		return tx.Bucket(bucketProtocols).ForEach(func(_, v []byte) error {
			rec, err := decodeHead(v)
			if err != nil {
				return err
			}
			for _, ix := range []struct {
				ix *index
				b  *bolt.Bucket
			}{{idxCustomer, names}, {idxStatus, status}} {
				for _, val := range ix.ix.values(rec) {
					if err := ix.b.Put(indexKey(val, rec.ID), ix.ix.value(rec)); err != nil {
						return err
					}
				}
			}
			return nil
		})
	},
}

// schemaOf reads the schema version; 0 for a brand-new file.
func schemaOf(tx *bolt.Tx) int {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0
	}
	v := meta.Get(keySchema)
	if len(v) != 8 {
		return 0
	}
	return int(binary.BigEndian.Uint64(v))
}

func setSchema(tx *bolt.Tx, version int) error {
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], uint64(version))
	return tx.Bucket(bucketMeta).Put(keySchema, v[:])
}

// migrate brings the store to SchemaVersion and refuses a newer one.
func (s *Store) migrate() error {
	var current int
	if err := s.view(func(tx *bolt.Tx) error { current = schemaOf(tx); return nil }); err != nil {
		return err
	}
	if current > SchemaVersion {
		return &NewerSchemaError{Found: current, Supported: SchemaVersion}
	}
	for v := current; v < SchemaVersion; v++ {
		err := s.update(func(tx *bolt.Tx) error {
			if err := migrations[v](tx); err != nil {
				return err
			}
			return setSchema(tx, v+1)
		})
		if err != nil {
			return fmt.Errorf("store migration %d→%d: %w", v, v+1, err)
		}
	}
	return nil
}

// checkSchemaReadOnly: a read-only store cannot be migrated, so it must
// already have this program's schema.
func (s *Store) checkSchemaReadOnly() error {
	var current int
	if err := s.view(func(tx *bolt.Tx) error { current = schemaOf(tx); return nil }); err != nil {
		return err
	}
	switch {
	case current > SchemaVersion:
		return &NewerSchemaError{Found: current, Supported: SchemaVersion}
	case current < SchemaVersion:
		return &oldSchemaError{found: current}
	}
	return nil
}

// oldSchemaError: a store opened read-only needs a migration first.
type oldSchemaError struct{ found int }

func (e *oldSchemaError) Error() string {
	return fmt.Sprintf("store has schema %d and must be opened writable once to migrate", e.found)
}

func (e *oldSchemaError) Is(target error) bool { return target == ErrReadOnly }
