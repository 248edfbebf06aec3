package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// ImportResult says what Import did.
type ImportResult string

// Import outcomes.
const (
	Imported      ImportResult = "imported"  // new protocol stored
	Updated       ImportResult = "updated"   // an existing draft got a new revision
	Unchanged     ImportResult = "unchanged" // the same content was already there
	SkippedSealed ImportResult = "skipped"   // a sealed protocol with that id exists: never overwritten
)

// Import stores a protocol from outside as a draft. A protocol whose id is
// already stored never creates a duplicate: a draft gets a new revision, a
// sealed protocol is left alone.
func (s *Store) Import(p *inspection.Protocol, by string) (ImportResult, *Record, error) {
	if p.ID != "" {
		if err := CheckID(p.ID); err != nil {
			return "", nil, err
		}
	}
	s.normalize(p)
	var result ImportResult
	var out *Record
	err := s.update(func(tx *bolt.Tx) error {
		var old *Record
		if p.ID != "" {
			if v := tx.Bucket(bucketProtocols).Get([]byte(p.ID)); v != nil {
				var err error
				if old, err = decodeRecord(v); err != nil {
					return err
				}
			}
		}
		var err error
		switch {
		case old == nil:
			result = Imported
			out, err = s.create(tx, p, by, "import")
		case old.Status.Immutable():
			result, out = SkippedSealed, old
		default:
			out, err = s.replace(tx, old, s.prepare(p, AnyRevision, nil), by, "import")
			s.last.done()
			result = Updated
			if out != nil && out.Revision == old.Revision {
				result = Unchanged
			}
		}
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("import: %w", err)
	}
	return result, out, nil
}

// ImportBatch stores many new protocols in one transaction (bulk loads,
// benchmarks). Unlike Import it does not report per protocol.
func (s *Store) ImportBatch(ps []*inspection.Protocol, by string) error {
	return s.update(func(tx *bolt.Tx) error {
		for _, p := range ps {
			s.normalize(p)
			if _, err := s.create(tx, p, by, "import"); err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportSealed stores a verified sealed protocol from a bundle. The same id
// with the same hash is nothing to do; an id that exists otherwise (a draft,
// or sealed with another hash) is refused: a sealed protocol is never
// overwritten and never silently replaces a draft.
//
// prof is the profile the protocol is valued by (service.BundleProfile): its
// data is kept, and a protocol sealed before profiles were pinned is pinned
// to it in its record. nil: the protocol's own pin, as this device has it.
func (s *Store) ImportSealed(p *inspection.Protocol, prof *catalog.Rules, seal json.RawMessage, hash, by string) (ImportResult, *Record, error) {
	return s.ImportSealedSigned(p, prof, seal, hash, by, Signed{})
}

// ImportSealedSigned is ImportSealed keeping the bytes the seal signed (the
// bundle's canonical protocol and valuation) with the record.
func (s *Store) ImportSealedSigned(p *inspection.Protocol, prof *catalog.Rules, seal json.RawMessage, hash, by string, signed Signed) (ImportResult, *Record, error) {
	if err := CheckID(p.ID); err != nil {
		return "", nil, err
	}
	var result ImportResult
	var out *Record
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProtocols)
		if v := b.Get([]byte(p.ID)); v != nil {
			old, err := decodeRecord(v)
			if err != nil {
				return err
			}
			if old.Status.Immutable() && sealHash(old.Seal) == hash {
				result, out = Unchanged, old
				return nil
			}
			return &ExistsError{ID: p.ID, Status: old.Status}
		}
		if prof != nil {
			if err := keepProfile(tx.Bucket(bucketProfiles), prof); err != nil {
				return err
			}
		}
		rec, err := s.create(tx, p, by, "import")
		if err != nil {
			return err
		}
		old := *rec
		rec.Status, rec.Seal = StatusSealed, seal
		if err := keepSigned(tx, rec, signed); err != nil {
			return err
		}
		if prof != nil && p.ProfileHash == "" {
			rec.PinnedProfile = prof.Hash
		}
		if err := moveIndexes(tx, &old, rec); err != nil {
			return err
		}
		if err := putRecordOnly(tx, rec); err != nil {
			return err
		}
		result, out = Imported, rec
		return appendAudit(tx, p.ID, AuditEntry{At: s.now().UTC(), By: by, Action: "import", Revision: rec.Revision, Changes: []string{"sealed bundle " + hash}})
	})
	if err != nil {
		return "", nil, fmt.Errorf("import: %w", err)
	}
	return result, out, nil
}
