package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// EachSealed calls fn with every sealed or exported record, one at a time
// in id order, all read in one transaction (a check of 50,000 holds the
// memory of one), with its kept valuation (Signed). An error from fn stops
// the walk and is returned.
func (s *Store) EachSealed(fn func(*Record) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return walk(tx, tx.Bucket(bucketProtocols), func(k, v []byte) error {
			rec, err := decodeRecordView(v)
			if err != nil || !rec.Status.Immutable() {
				return nil // a damaged record is Check's to report
			}
			rec.Protocol = bytes.Clone(rec.Protocol)
			rec.Valuation = bytes.Clone(valuationOf(tx, rec.ID))
			return fn(rec)
		})
	})
}

// ChainHead is the hash of this device's last seal ("" before the first):
// the seal the next one will name as its predecessor.
func (s *Store) ChainHead() (string, error) {
	var head string
	err := s.view(func(tx *bolt.Tx) error {
		head = string(tx.Bucket(bucketMeta).Get(keyLastSeal))
		return nil
	})
	return head, err
}

// EachSealedHead is EachSealed for a walk that needs the envelopes only
// (the seals, the chains): Protocol and Valuation stay nil.
func (s *Store) EachSealedHead(fn func(*Record) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return walk(tx, tx.Bucket(bucketProtocols), func(k, v []byte) error {
			rec, err := decodeHead(v)
			if err != nil || !rec.Status.Immutable() {
				return nil // a damaged record is Check's to report
			}
			return fn(rec)
		})
	})
}
