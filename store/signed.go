package store

import (
	"bytes"
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/inspection"
)

// Signed is what a seal covers, kept with a sealed record as the signer
// made it, so that a check of thousands hashes these bytes instead of
// encoding every protocol again (service.CheckSigned):
//   - Protocol: the protocol's canonical form (RFC 8785), whose SHA-256 is
//     the seal's hash. It is stored as the record's protocol document — the
//     same protocol, its keys in canonical order.
//   - Valuation: the canonical form of the signed valuation (seal version
//     2), whose SHA-256 is the seal's valuation hash; nil for a version 1
//     seal. Kept in its own bucket (bucketValuations, by id), so lists and
//     searches, which read record heads, do not read it.
//
// A record sealed or imported before the store kept them has neither: it is
// checked the long way (decoded, encoded, valued again).
type Signed struct {
	Protocol  []byte
	Valuation []byte
}

// bucketValuations holds each sealed record's signed valuation (Signed),
// by id. Created with its first entry: a store without it is a store of
// records sealed before (schema 5 either way; an older program ignores it).
var bucketValuations = []byte("valuations")

// SealMade is what a SealWithFunc made: the seal, its hash (the new chain
// head) and the bytes it signed.
type SealMade struct {
	Seal   json.RawMessage
	Hash   string
	Signed Signed
}

// SealWithFunc is SealFunc that also hands back the signed bytes.
type SealWithFunc func(p *inspection.Protocol, previousHash string) (SealMade, error)

// keepSigned stores the signed bytes of a record being sealed or imported:
// the canonical protocol as its document, the valuation in its bucket.
func keepSigned(tx *bolt.Tx, rec *Record, s Signed) error {
	if len(s.Protocol) > 0 {
		rec.Protocol = bytes.Clone(s.Protocol)
	}
	if len(s.Valuation) == 0 {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bucketValuations)
	if err != nil {
		return err
	}
	rec.Valuation = bytes.Clone(s.Valuation)
	return b.Put([]byte(rec.ID), s.Valuation)
}

// valuationOf is a sealed record's kept valuation (nil: none), a view of the
// page: valid while tx is.
func valuationOf(tx *bolt.Tx, id string) []byte {
	b := tx.Bucket(bucketValuations)
	if b == nil {
		return nil
	}
	return b.Get([]byte(id))
}
