package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// AnyRevision skips the concurrent-edit check of Save.
const AnyRevision = -1

// Save durably stores p as the next revision of its draft, or creates a new
// draft when p.ID is empty (p.ID is then set). expectRevision is the revision
// the caller's copy is based on: another window's newer save gives ErrConflict
// instead of being overwritten. When Save returns nil, the edit is on disk.
func (s *Store) Save(p *inspection.Protocol, expectRevision int, by string) (*Record, error) {
	var out *Record
	var next *prepared
	if p.ID != "" {
		next = s.prepare(p)
	} else {
		s.normalize(p)
	}
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProtocols)
		if p.ID == "" {
			rec, err := s.create(tx, p, by, "create")
			out = rec
			return err
		}
		old, err := editableDraft(b, p.ID, expectRevision)
		if err != nil {
			return err
		}
		out, err = s.replace(tx, old, next, by, "save")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("save: %w", err)
	}
	return out, nil
}

// create inserts p as revision 1 of a new draft, under p.ID or a new id.
func (s *Store) create(tx *bolt.Tx, p *inspection.Protocol, by, action string) (*Record, error) {
	now := s.now().UTC()
	b := tx.Bucket(bucketProtocols)
	if p.ID == "" {
		for p.ID = newID(now); b.Get([]byte(p.ID)) != nil || caseTwin(b, p.ID) != ""; p.ID = newID(now) {
		}
	} else if twin := caseTwin(b, p.ID); twin != "" {
		return nil, &CaseClashError{ID: p.ID, Existing: twin}
	}
	if err := s.keepProtocolProfile(tx, p); err != nil {
		return nil, err
	}
	doc, err := inspection.EncodeCompact(p)
	if err != nil {
		return nil, err
	}
	rec := &Record{V: recordVersion, ID: p.ID, Status: StatusDraft, Revision: 1, CreatedAt: now, UpdatedAt: now,
		UpdatedBy: by, Summary: summarize(p, s.rules), Protocol: doc}
	rec.Amends, rec.AmendsHash = amendsOf(p)
	if err := putRecord(tx, rec); err != nil {
		return nil, err
	}
	return rec, appendAudit(tx, rec.ID, AuditEntry{At: now, By: by, Action: action, Revision: 1})
}

// prepared is a protocol encoded for storing.
type prepared struct {
	p   *inspection.Protocol
	doc []byte
	err error
}

// prepare encodes p before the write transaction, so another process waits
// only for the writing.
func (s *Store) prepare(p *inspection.Protocol) *prepared {
	s.normalize(p)
	doc, err := inspection.EncodeCompact(p)
	return &prepared{p: p, doc: doc, err: err}
}

// replace writes a prepared protocol over a draft as its next revision;
// unchanged content writes nothing.
func (s *Store) replace(tx *bolt.Tx, old *Record, next *prepared, by, action string) (*Record, error) {
	if next.err != nil {
		return nil, next.err
	}
	doc := next.doc
	if err := s.keepProtocolProfile(tx, next.p); err != nil {
		return nil, err
	}
	if bytes.Equal(doc, old.Protocol) {
		unchanged := *old
		unchanged.Protocol = bytes.Clone(old.Protocol) // old may be a view of the page
		return &unchanged, nil
	}
	now := s.now().UTC()
	rec := *old
	rec.Revision++
	rec.UpdatedAt, rec.UpdatedBy = now, by
	changes := diffDocs(old.Protocol, doc)
	if changes.valueNeutral {
		rec.Summary = summaryOf(next.p, old.Summary.Gross)
	} else {
		rec.Summary = summarize(next.p, s.rules)
	}
	rec.Protocol = doc
	rec.Amends, rec.AmendsHash = amendsOf(next.p)
	if err := moveIndexes(tx, old, &rec); err != nil {
		return nil, err
	}
	if err := putRecordOnly(tx, &rec); err != nil {
		return nil, err
	}
	return &rec, appendAudit(tx, rec.ID, AuditEntry{At: now, By: by, Action: action, Revision: rec.Revision, Changes: changes.lines})
}

// editableDraft loads a draft for a change: a sealed protocol is refused, and
// so is a copy based on an older revision than the stored one.
//
// The protocol document of the returned record is the page bbolt mapped,
// not a copy: valid only inside the transaction (replace copies it when it
// returns the record unchanged).
func editableDraft(b *bolt.Bucket, id string, expectRevision int) (*Record, error) {
	v := b.Get([]byte(id))
	if v == nil {
		return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	old, err := decodeRecordView(v)
	if err != nil {
		return nil, err
	}
	if old.Status.Immutable() {
		return nil, ErrSealed
	}
	if expectRevision != AnyRevision && old.Revision != expectRevision {
		return nil, ErrConflict
	}
	return old, nil
}

func getRecord(b *bolt.Bucket, id string) (*Record, error) {
	v := b.Get([]byte(id))
	if v == nil {
		return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	return decodeRecord(v)
}

// putRecord writes the record and its index entries in the caller's transaction.
func putRecord(tx *bolt.Tx, r *Record) error {
	if err := putRecordOnly(tx, r); err != nil {
		return err
	}
	return putIndexes(tx, r)
}

func putRecordOnly(tx *bolt.Tx, r *Record) error {
	v, err := encodeRecord(r)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketProtocols).Put([]byte(r.ID), v)
}

// Get returns a record and its protocol.
func (s *Store) Get(id string) (*Record, *inspection.Protocol, error) {
	var rec *Record
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		rec, err = getRecord(tx.Bucket(bucketProtocols), id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	p, err := rec.Decode(s.rules)
	if err == nil && !rec.Status.Immutable() {
		s.normalize(p) // a draft from an older store: pinned as its next save will be
	}
	return rec, p, err
}

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
			out, err = s.replace(tx, old, s.prepare(p), by, "import")
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

// Amend starts a correction of a sealed protocol: a new draft with the same
// content that names the sealed one — its id, seal hash and why — in its own
// signed content (amends). The signatures are not carried over: what the
// amendment says is signed again. The sealed protocol stays as it is.
func (s *Store) Amend(id, reason, by string) (*Record, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, fmt.Errorf("amend: %w", ErrNoReason)
	}
	var out *Record
	err := s.update(func(tx *bolt.Tx) error {
		old, err := sealedRecord(tx, id, "change it directly, an amendment is only for sealed protocols")
		if err != nil {
			return err
		}
		if newer := amendmentOf(tx, id); newer != "" {
			return fmt.Errorf("%s is amended by %s already: amend that one (the newest), so the corrections stay one line", id, newer)
		}
		p, err := old.Decode(s.rules)
		if err != nil {
			return err
		}
		p.ID = ""
		p.Amends = &inspection.Amendment{ID: id, SealHash: sealHash(old.Seal), Reason: strings.TrimSpace(reason)}
		p.Signatures, p.Refusal = nil, nil
		s.normalize(p)
		rec, err := s.create(tx, p, by, "amend")
		if err != nil {
			return err
		}
		out = rec
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("amend: %w", err)
	}
	return out, nil
}

// amendsOf is what a record says of the protocol it amends: what the
// protocol itself (its signed content) says, nothing else.
func amendsOf(p *inspection.Protocol) (id, hash string) {
	if p.Amends == nil {
		return "", ""
	}
	return p.Amends.ID, p.Amends.SealHash
}

// amendmentOf names a protocol (draft or sealed) that amends id, "" when none.
func amendmentOf(tx *bolt.Tx, id string) string {
	found := ""
	_ = tx.Bucket(bucketProtocols).ForEach(func(_, v []byte) error {
		if rec, err := decodeHead(v); err == nil && rec.Amends == id {
			found = rec.ID
		}
		return nil
	})
	return found
}

// ErrNoReason: an amendment says why.
var ErrNoReason = errors.New("ein Nachtrag braucht einen Grund / an amendment needs a reason (--reason)")

// Superseded maps each sealed protocol that has a sealed amendment to the
// newest such amendment (by seal time): the current record of that return.
// Amendments of amendments are followed to the end.
func (s *Store) Superseded() (map[string]string, error) {
	next := map[string]*Record{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProtocols)
		return b.ForEach(func(_, v []byte) error {
			rec, err := decodeHead(v)
			if err != nil || rec.Amends == "" || !rec.Status.Immutable() {
				return nil
			}
			// it supersedes only the protocol whose seal it names: an
			// amendment naming another seal (forged, or of a copy) does not
			orig := b.Get([]byte(rec.Amends))
			if orig == nil {
				return nil
			}
			o, err := decodeHead(orig)
			if err != nil || !o.Status.Immutable() || sealHash(o.Seal) != rec.AmendsHash {
				return nil
			}
			if cur, ok := next[rec.Amends]; !ok || cur.UpdatedAt.Before(rec.UpdatedAt) {
				next[rec.Amends] = rec
			}
			return nil
		})
	})
	out := map[string]string{}
	for id := range next {
		cur, seen := id, map[string]bool{}
		for r, ok := next[cur]; ok && !seen[cur]; r, ok = next[cur] {
			seen[cur] = true
			cur = r.ID
		}
		out[id] = cur
	}
	return out, err
}

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

// keyLastSeal holds the hash of the device's last seal, the chain's head.
var keyLastSeal = []byte("last_seal_hash")

// SealFunc makes a seal for a protocol given the previous seal's hash; it
// returns the seal as JSON and its hash (the new chain head).
type SealFunc func(p *inspection.Protocol, previousHash string) (seal json.RawMessage, hash string, err error)

// SealChained seals a draft in one transaction: it reads the chain head,
// lets makeSeal build the seal, stores the sealed record and moves the head.
// Two seals can never name the same predecessor.
func (s *Store) SealChained(id string, expectRevision int, by string, makeSeal SealFunc) (*Record, error) {
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
		sealJSON, hash, err := makeSeal(p, string(meta.Get(keyLastSeal)))
		if err != nil {
			return err
		}
		now := s.now().UTC()
		rec := *old
		rec.Protocol = doc
		rec.Status, rec.UpdatedAt, rec.UpdatedBy, rec.Seal = StatusSealed, now, by, sealJSON
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

// ImportSealed stores a verified sealed protocol from a bundle. The same id
// with the same hash is nothing to do; an id that exists otherwise (a draft,
// or sealed with another hash) is refused: a sealed protocol is never
// overwritten and never silently replaces a draft.
//
// prof is the profile the protocol is valued by (service.BundleProfile): its
// data is kept, and a protocol sealed before profiles were pinned is pinned
// to it in its record. nil: the protocol's own pin, as this device has it.
func (s *Store) ImportSealed(p *inspection.Protocol, prof *catalog.Rules, seal json.RawMessage, hash, by string) (ImportResult, *Record, error) {
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
