package store

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/money"
)

// Bucket names: one bucket per entity, one per secondary index.
var (
	bucketMeta      = []byte("meta")
	bucketProtocols = []byte("protocols")
	bucketAudit     = []byte("audit")
	// bucketProfiles keeps, by content hash, the self-contained data of every
	// profile a stored protocol is pinned to (catalog.FormatPinned).
	bucketProfiles = []byte("profiles")
	keySchema      = []byte("schema")
)

// SchemaVersion is the layout this program writes.
const SchemaVersion = 5

// migrations[i] upgrades a store from schema i to i+1, inside one transaction:
// a crash during a migration leaves the old schema intact. rules gives the
// store's rules when a migration needs them (a new store's never does).
var migrations = []func(tx *bolt.Tx, rules func() (*catalog.Rules, error)) error{
	// 0 → 1: the first layout — records and the audit trail.
	func(tx *bolt.Tx, _ func() (*catalog.Rules, error)) error {
		for _, b := range [][]byte{bucketMeta, bucketProtocols, bucketAudit} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 1 → 2: secondary indexes for the start screen and search, built from the records.
	func(tx *bolt.Tx, _ func() (*catalog.Rules, error)) error {
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
	func(tx *bolt.Tx, _ func() (*catalog.Rules, error)) error {
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
	func(tx *bolt.Tx, _ func() (*catalog.Rules, error)) error {
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
	// 4 → 5: profiles are pinned. The profiles bucket keeps each pinned
	// profile's data; a sealed protocol that recorded no profile hash is
	// pinned (in its record, not in the signed protocol) to the version it
	// was sealed under (sealedUnder).
	func(tx *bolt.Tx, rulesOf func() (*catalog.Rules, error)) error {
		profiles, err := tx.CreateBucketIfNotExists(bucketProfiles)
		if err != nil {
			return err
		}
		b := tx.Bucket(bucketProtocols)
		var pinned []*Record
		err = b.ForEach(func(_, v []byte) error {
			rec, err := decodeRecord(v)
			if err != nil || !rec.Status.Immutable() || rec.PinnedProfile != "" {
				return err
			}
			rules, err := rulesOf()
			if err != nil {
				return err
			}
			p, err := rec.Decode(rules)
			if err != nil || p.ProfileHash != "" {
				return nil // unreadable: check reports it; pinned: nothing to do
			}
			own := sealedUnder(p, rec, rules)
			if own == nil {
				return nil // its profile is not here: outputs name it
			}
			if err := keepProfile(profiles, own); err != nil {
				return err
			}
			rec.PinnedProfile = own.Hash
			pinned = append(pinned, rec)
			return nil
		})
		if err != nil {
			return err
		}
		for _, rec := range pinned {
			if err := putRecordOnly(tx, rec); err != nil {
				return err
			}
		}
		return nil
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
	rules := func() (*catalog.Rules, error) { return s.rules, nil }
	if s.rules == nil { // opened by Probe: the built-in rules, parsed if a migration needs them
		rules = sync.OnceValues(defaultRules)
	}
	for v := current; v < SchemaVersion; v++ {
		err := s.update(func(tx *bolt.Tx) error {
			if err := migrations[v](tx, rules); err != nil {
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

// sealedUnder finds the profile version a protocol sealed before profiles
// were pinned was valued with: of the versions of its profile on this
// device, newest first, the one that gives the gross total its record
// noted when it was sealed — so a version installed between sealing and
// the upgrade is not taken for it. Without a match: the version it resolves
// to now; nil when its profile is not here at all.
func sealedUnder(p *inspection.Protocol, rec *Record, rules *catalog.Rules) *catalog.Rules {
	now, err := inspection.PinnedProfile(p, rules)
	if err != nil {
		return nil
	}
	reg := rules.Registry()
	if reg == nil || rec.Summary.Gross == "" {
		return now
	}
	var cands []*catalog.Rules
	for _, r := range reg.List() {
		if r.ID == now.ID {
			cands = append(cands, r)
		}
	}
	slices.Reverse(cands) // List keeps the order of loading: built-ins, then dealer files
	slices.SortStableFunc(cands, func(a, b *catalog.Rules) int { return -compareVersions(a.Version, b.Version) })
	for _, c := range cands {
		q := *p
		q.PinnedHash = c.Hash
		if money.JSON(inspection.Gross(&q, c)) == rec.Summary.Gross {
			return c
		}
	}
	return now
}

// compareVersions orders profile versions numerically when both are numbers.
func compareVersions(a, b string) int {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return x - y
	}
	return strings.Compare(a, b)
}
