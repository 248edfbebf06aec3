package store

import (
	"bytes"
	"fmt"
	"strconv"
	"sync"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/inspection"
	"rueckgabe/store/internal/jsondiff"
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
	if next != nil {
		s.last.keep(p.ID, next.enc)
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
	// enc is doc with where each finding lies; prev the encoding of this
	// protocol's last save by this Store that enc was made after (nil:
	// none), and rw what differs between them.
	enc, prev *inspection.Encoding
	rw        inspection.Rewritten
}

// prepare encodes p before the write transaction, so another process waits
// only for the writing. Findings unchanged since this Store last saved the
// protocol are not encoded again: their bytes are taken from that save.
func (s *Store) prepare(p *inspection.Protocol) *prepared {
	s.normalize(p)
	prev := s.last.get(p.ID)
	enc, rw, err := inspection.EncodeCompactAfter(p, prev)
	if err != nil {
		return &prepared{p: p, err: err}
	}
	return &prepared{p: p, doc: enc.Doc, enc: enc, prev: prev, rw: rw}
}

// lastEncoding is the encoding of the protocol this Store saved last: an
// editing session saves the same protocol over and over. It is a hint for
// prepare and diffPrepared, never trusted as what is stored: diffPrepared
// compares it with the stored document first.
type lastEncoding struct {
	mu  sync.Mutex
	id  string
	enc *inspection.Encoding
}

func (l *lastEncoding) get(id string) *inspection.Encoding {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.id != id {
		return nil
	}
	return l.enc
}

func (l *lastEncoding) keep(id string, enc *inspection.Encoding) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.id, l.enc = id, enc
}

// diffPrepared is what changed from the stored document old to next.doc:
// diffDocs(old, next.doc), found in the rewritten findings alone when old
// is the document next was encoded after and nothing outside those findings
// differs — the cost then follows the edit, not the protocol's size. A
// property test compares it with diffDocs on random edits.
func diffPrepared(old []byte, next *prepared) docDiff {
	if next.prev == nil || !next.rw.Only || !bytes.Equal(old, next.prev.Doc) {
		return diffDocs(old, next.doc)
	}
	var lines, paths []string
	for _, i := range next.rw.Findings {
		l, ps, ok := jsondiff.LockstepAt("findings["+strconv.Itoa(i)+"]", next.prev.Finding(i), next.enc.Finding(i))
		if !ok {
			return diffDocs(old, next.doc) // a key came or went: the general diff
		}
		lines, paths = append(lines, l...), append(paths, ps...)
	}
	return docDiff{lines: jsondiff.Clip(lines), valueNeutral: allValueNeutral(paths)}
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
	changes := diffPrepared(old.Protocol, next)
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
