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

// SealedView is a record as EachSealedBatch hands it on: views of the
// store's pages, valid until the walk ends. Decode reads it.
type SealedView struct {
	key, data, valuation []byte
}

// Decode is the record of a view with its kept valuation, copied out of the
// page; nil (and no error) for a draft, which a walk over sealed records
// skips; an error for a record that does not read (Check's to report: a
// walk skips it too) and a MovedError for a sealed record stored under
// another id than its own (a walk refuses it: it would count twice).
func (v SealedView) Decode() (*Record, error) {
	rec, err := v.DecodeShared()
	if rec != nil {
		rec.Protocol = bytes.Clone(rec.Protocol)
		rec.Valuation = bytes.Clone(rec.Valuation)
	}
	return rec, err
}

// DecodeShared is Decode without copying the protocol and the kept
// valuation out of the store's pages: Protocol and Valuation are views,
// valid until the walk ends, for a caller that keeps nothing of them past
// its batch (report and check read them by spans: copying them was about
// two fifths of the bytes a report allocated).
func (v SealedView) DecodeShared() (*Record, error) {
	rec, err := decodeRecordView(v.data)
	if err != nil {
		return nil, err
	}
	if !rec.Status.Immutable() {
		return nil, nil
	}
	if rec.ID != string(v.key) {
		return nil, &MovedError{Key: string(v.key), ID: rec.ID}
	}
	rec.Valuation = v.valuation
	return rec, nil
}

// EachSealedBatch is EachSealed for a caller that reads the records on
// several cores: fn gets up to n records at a time, undecoded (drafts among
// them: SealedView.Decode tells), in id order, within one read transaction.
func (s *Store) EachSealedBatch(n int, fn func([]SealedView) error) error {
	return s.view(func(tx *bolt.Tx) error {
		batch := make([]SealedView, 0, n)
		err := walk(tx, tx.Bucket(bucketProtocols), func(k, v []byte) error {
			if batch = append(batch, SealedView{key: k, data: v, valuation: valuationOf(tx, string(k))}); len(batch) == n {
				err := fn(batch)
				batch = batch[:0]
				return err
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = fn(batch)
		}
		return err
	})
}
