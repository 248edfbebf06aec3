package store

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"

	"rueckgabe/inspection"
	"rueckgabe/money"
	"rueckgabe/store/internal/jsondiff"
)

// AnyRevision skips the concurrent-edit check of Save.
const AnyRevision = -1

// Save durably stores p as the next revision of its draft, or creates a new
// draft when p.ID is empty (p.ID is then set). expectRevision is the revision
// the caller's copy is based on: another window's newer save gives ErrConflict
// instead of being overwritten. When Save returns nil, the edit is on disk.
//
// The record returned has no protocol document (Protocol nil; Get reads
// it): the document's bytes stay with the Store, which writes a later save
// into them.
func (s *Store) Save(p *inspection.Protocol, expectRevision int, by string) (*Record, error) {
	return s.save(p, expectRevision, nil, by)
}

// SaveEdit is Save for an edit of the findings at the indexes edited,
// and of anything outside the findings: the caller vouches that p's other
// findings are those of revision expectRevision. When this Store saved
// that revision itself (an editing session saves one protocol over and
// over), they are taken from what it kept of that save, without reading
// p's: finding what changed then costs what the edit costs, not what the
// protocol's size does (issue 26; docs/performance.md). Otherwise SaveEdit
// is Save. An edit that adds or removes a finding is saved by Save.
//
// The stored document is then the one Save would store for the same p
// (TestSaveAfterSaveIsTheGeneralPath); CheckEdits, when set, compares the two
// on every SaveEdit.
func (s *Store) SaveEdit(p *inspection.Protocol, expectRevision int, edited []int, by string) (*Record, error) {
	if p.ID == "" || expectRevision == AnyRevision {
		return s.Save(p, expectRevision, by)
	}
	if edited == nil {
		edited = []int{}
	}
	rec, err := s.save(p, expectRevision, edited, by)
	if errors.Is(err, errNotKept) {
		return s.Save(p, expectRevision, by)
	}
	return rec, err
}

// CheckEdits, when set, is called after every SaveEdit that took the
// findings outside the edited ones unread: with an error when the caller
// broke its word (one of them differs from the caller's), nil otherwise.
// The tests of the packages that call SaveEdit set it; a program leaves it
// nil, the comparison it makes being what SaveEdit saves.
var CheckEdits func(error)

// errNotKept: the document SaveEdit took the unedited findings from is not
// the stored one (another writer saved in between); nothing was written.
var errNotKept = errors.New("the kept document is not the stored one")

// save is Save, and SaveEdit with edited not nil.
func (s *Store) save(p *inspection.Protocol, expectRevision int, edited []int, by string) (*Record, error) {
	var out *Record
	var next *prepared
	var txid int
	if p.ID != "" {
		next = s.prepare(p, expectRevision, edited)
		defer s.last.done()
	} else {
		s.normalize(p)
	}
	var checked bool
	var broken error // what CheckEdits is told, outside the transaction
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProtocols)
		txid = tx.ID()
		if p.ID == "" {
			rec, err := s.create(tx, p, by, "create")
			out = rec
			return err
		}
		old, err := s.last.draft(b, p.ID, expectRevision)
		if err != nil {
			return err
		}
		if next.trusted && !next.stored(old.Protocol, txid) {
			return errNotKept
		}
		if next.trusted && CheckEdits != nil {
			checked, broken = true, checkEdit(next)
		}
		out, err = s.replace(tx, old, next, by, "save")
		return err
	})
	if checked && err == nil {
		CheckEdits(broken)
	}
	if errors.Is(err, errNotKept) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("save: %w", err)
	}
	if next != nil {
		s.last.keep(p.ID, next.enc, next.buf, next.head, out, next.gross, txid)
	}
	out.Protocol = nil
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
	// prevTx is the write transaction that stored prev (0: unknown)
	prevTx int
	// trusted: the findings outside the edited ones were taken from prev
	// without comparing them (SaveEdit); only valid when prev is stored
	trusted bool
	// head is the envelope replace wrote: the record's bytes before its
	// protocol document (nil: nothing written).
	head []byte
	// gross is what the list total found per finding of enc (nil: none).
	gross *inspection.GrossMemo
	// buf holds doc from room on, with room for the record's envelope
	// before it and for its closing brace after it (encodeRecordAround).
	buf  []byte
	room int
}

// prepare encodes p before the write transaction, so another process waits
// only for the writing. Findings unchanged since this Store last saved the
// protocol are not encoded again: their bytes are taken from that save.
// With edited not nil (SaveEdit) and that save of revision expectRevision,
// the findings outside edited are taken from it without comparing them. The
// caller calls s.last.done when it is through with the result.
func (s *Store) prepare(p *inspection.Protocol, expectRevision int, edited []int) *prepared {
	s.normalize(p)
	prev, room, buf, prevTx, prevRev := s.last.get(p.ID)
	need := room + 1 // the closing brace
	if prev != nil {
		need += len(prev.Doc) + len(prev.Doc)/8 + 512 // and some growth
	}
	if cap(buf) < need {
		buf = make([]byte, room, need)
	}
	trusted := edited != nil && prev != nil && prevRev == expectRevision && prev.Findings() == len(p.Findings)
	var enc *inspection.Encoding
	var rw inspection.Rewritten
	var err error
	if trusted {
		enc, buf, rw, err = inspection.AppendCompactEdit(buf[:room], 1, p, prev, edited)
	} else {
		enc, buf, rw, err = inspection.AppendCompactAfter(buf[:room], 1, p, prev)
	}
	if err != nil {
		return &prepared{p: p, err: err}
	}
	return &prepared{p: p, doc: enc.Doc, enc: enc, prev: prev, prevTx: prevTx, rw: rw, buf: buf, room: room, trusted: trusted}
}

// checkEdit is what to tell CheckEdits when next, encoded by SaveEdit after
// the stored document, is not the document Save encodes: the caller changed
// another finding than it said (nil: it is).
func checkEdit(next *prepared) error {
	p, enc := next.p, next.enc
	whole, _, err := inspection.EncodeCompactAfter(p, next.prev)
	if err != nil || bytes.Equal(whole.Doc, enc.Doc) {
		return nil
	}
	for i := range p.Findings {
		if !bytes.Equal(whole.Finding(i), enc.Finding(i)) {
			return fmt.Errorf("SaveEdit of %s: finding %d was changed and not named as edited", p.ID, i)
		}
	}
	return fmt.Errorf("SaveEdit of %s: the document is not the one Save writes", p.ID)
}

// lastEncoding is what this Store saved last, of one protocol (an editing
// session saves the same protocol over and over): the encoding of its
// document, and its record's envelope as written and as a value. It is a
// hint, never trusted as what is stored: diffPrepared compares the encoding
// with the stored document first, and draft the envelope with the stored
// bytes.
//
// A save writes the record into a new buffer (the one before holds the
// document it copies unchanged findings from), and the buffer of the save
// before that is no longer read: it is kept as spare, for the save after.
// A save's record is held by nothing else once it is committed: bbolt
// copies it into its pages, Save returns the record without it. When two
// saves overlap, the buffer is left to the garbage collector instead.
type lastEncoding struct {
	mu   sync.Mutex
	id   string
	enc  *inspection.Encoding
	buf  []byte // holds enc.Doc
	head []byte
	rec  Record // Protocol nil
	// txid is the write transaction that stored enc and head; bbolt numbers
	// its commits one by one, so the transaction after it sees them stored
	// as they were written, whoever else has the file open.
	txid int
	// spare is a buffer no encoding lies in, for the next save to write
	// its record into; busy counts the saves between get and done.
	spare []byte
	busy  int
	// gross is what the list total found per finding of grossOf's findings
	gross   *inspection.GrossMemo
	grossOf *inspection.Encoding
}

// Kept is what an open store kept of its last save — the encoding of the
// protocol saved, its record's envelope, the list total's memo — for the
// next Open of the same data directory (Options.Kept). The first save
// after that Open compares the stored document's bytes with the kept one
// before it takes anything from it: another program may have written in
// between, or the file been replaced. Its zero value is ready to use; one
// Kept is for one store open at a time.
type Kept struct {
	l lastEncoding
}

// reopened is the kept state for a store opened now: nothing of it is
// taken on the strength of the transaction that stored it (bbolt numbers
// commits in the file, and the file may be another one now).
func (k *Kept) reopened() *lastEncoding {
	k.l.mu.Lock()
	defer k.l.mu.Unlock()
	k.l.txid = 0
	return &k.l
}

// takeGross is the list total's memo of the findings of enc, or nil. It is
// the caller's alone from now on (inspection.GrossInPlace writes into it):
// the save that took it keeps it again, or its successor, when it commits;
// a save that fails leaves none, and the next values every finding.
func (l *lastEncoding) takeGross(enc *inspection.Encoding) *inspection.GrossMemo {
	l.mu.Lock()
	defer l.mu.Unlock()
	if enc == nil || l.grossOf != enc {
		return nil
	}
	m := l.gross
	l.gross, l.grossOf = nil, nil
	return m
}

// draft is editableDraft, without decoding the envelope when its bytes are
// the ones this Store wrote last (the record is then the one it wrote).
func (l *lastEncoding) draft(b *bolt.Bucket, id string, expectRevision int) (*Record, error) {
	if old := l.envelope(id, b.Get([]byte(id))); old != nil {
		if expectRevision != AnyRevision && old.Revision != expectRevision {
			return nil, ErrConflict
		}
		return old, nil
	}
	return editableDraft(b, id, expectRevision)
}

// envelope returns the record v holds when its envelope is the one kept,
// with v's protocol document as a view; nil otherwise.
func (l *lastEncoding) envelope(id string, v []byte) *Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.id != id || l.head == nil || len(v) <= len(l.head)+len(protocolField) || v[len(v)-1] != '}' ||
		!bytes.Equal(v[:len(l.head)], l.head) || !bytes.HasPrefix(v[len(l.head):], protocolField) {
		return nil
	}
	r := l.rec.detached()
	r.Protocol = v[len(l.head)+len(protocolField) : len(v)-1]
	return &r
}

// get returns the encoding kept of protocol id (nil: none), the room to
// leave for the envelope of its next record: the last one's and some more,
// as an edit may lengthen it (a bigger revision number, a longer name; when
// it does not fit, the record is put together by copying), the spare
// buffer (nil: none), which is the caller's now, the write transaction
// that stored the encoding and the revision it stored (0: unknown). The
// caller calls done when it no longer reads the encoding.
func (l *lastEncoding) get(id string) (enc *inspection.Encoding, room int, spare []byte, txid, revision int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.busy++
	spare = l.spare
	l.spare = nil
	if l.id != id {
		return nil, 1024, spare, 0, 0
	}
	if l.head != nil {
		revision = l.rec.Revision
	}
	return l.enc, len(l.head) + len(protocolField) + 256, spare, l.txid, revision
}

// done: a save that called get is over.
func (l *lastEncoding) done() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.busy--
}

// keep notes what a save wrote (enc, in buf); after a save that wrote
// nothing, the envelope kept before is still the stored one. The buffer of
// the encoding kept until now becomes the spare when no other save is
// between get and done: none can be reading that encoding.
func (l *lastEncoding) keep(id string, enc *inspection.Encoding, buf, head []byte, rec *Record, gross *inspection.GrossMemo, txid int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.id != id {
		l.head, l.rec = nil, Record{}
	}
	if l.busy == 1 && l.buf != nil {
		l.spare = l.buf[:0]
	}
	l.id, l.enc, l.buf, l.txid = id, enc, buf, txid
	l.gross, l.grossOf = gross, nil
	if gross != nil {
		l.grossOf = enc
	}
	if head != nil && rec != nil && rec.Status == StatusDraft {
		l.head, l.rec = head, rec.detached()
		l.rec.Protocol = nil
	}
}

// detached is a copy of r that shares nothing a caller could change in
// place, the protocol document aside.
func (r *Record) detached() Record {
	c := *r
	c.Seal = bytes.Clone(r.Seal)
	if r.SyncedAt != nil {
		t := *r.SyncedAt
		c.SyncedAt = &t
	}
	if r.ReceivedAt != nil {
		t := *r.ReceivedAt
		c.ReceivedAt = &t
	}
	return c
}

// follows reports whether old, the stored document, is the one next was
// encoded after, with nothing outside the rewritten findings different.
// txid is the write transaction old was read in (0: unknown).
func (next *prepared) follows(old []byte, txid int) bool {
	return next.rw.Only && next.stored(old, txid)
}

// stored reports whether old, the stored document, is prev's. txid is the
// write transaction old was read in: when it is the one after the
// transaction that stored prev, nothing can have been committed in between
// (bbolt numbers its commits one by one, in the file, for every process),
// and old is prev's document without comparing its bytes, which at 500
// findings are 100 KB of pages the disk's wait has left cold. Otherwise the
// bytes are compared.
func (next *prepared) stored(old []byte, txid int) bool {
	if next.prev == nil {
		return false
	}
	if next.prevTx != 0 && txid == next.prevTx+1 {
		return true
	}
	return bytes.Equal(old, next.prev.Doc)
}

// sameDoc reports whether next.doc is old; follows is next.follows(old, …):
// then only the rewritten findings can differ.
func (next *prepared) sameDoc(old []byte, follows bool) bool {
	if !follows {
		return bytes.Equal(next.doc, old)
	}
	for _, i := range next.rw.Findings {
		if !bytes.Equal(next.prev.Finding(i), next.enc.Finding(i)) {
			return false
		}
	}
	return true
}

// diffPrepared is what changed from the stored document old to next.doc:
// diffDocs(old, next.doc), found in the rewritten findings alone when old
// is the document next was encoded after and nothing outside those findings
// differs — the cost then follows the edit, not the protocol's size. A
// property test compares it with diffDocs on random edits.
func diffPrepared(old []byte, next *prepared) docDiff {
	return diffFollowing(old, next, next.follows(old, 0))
}

// diffFollowing is diffPrepared with follows = next.follows(old, …).
func diffFollowing(old []byte, next *prepared, follows bool) docDiff {
	if !follows {
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
	follows := next.follows(old.Protocol, tx.ID())
	// the memo of next.prev's findings; when old is next.prev's document,
	// it holds for next's findings too unless a valued field changed
	memo := s.last.takeGross(next.prev)
	if next.sameDoc(old.Protocol, follows) {
		if follows {
			next.gross = memo
		}
		unchanged := *old
		unchanged.Protocol = doc // the same bytes; old's may be a view of the page
		return &unchanged, nil
	}
	now := s.now().UTC()
	rec := *old
	rec.Revision++
	rec.UpdatedAt, rec.UpdatedBy = now, by
	changes := diffFollowing(old.Protocol, next, follows)
	if changes.valueNeutral {
		rec.Summary = summaryOf(next.p, old.Summary.Gross)
		if follows {
			next.gross = memo
		}
	} else {
		// the findings not rewritten since next.prev are those the memo
		// valued, field for field: only the rewritten ones are valued again
		var gross decimal.Decimal
		gross, next.gross = inspection.GrossInPlace(next.p, s.rules, memo, next.rw.Findings, next.rw.Only)
		rec.Summary = summaryOf(next.p, money.JSON(gross))
	}
	rec.Protocol = doc
	rec.Amends, rec.AmendsHash = amendsOf(next.p)
	if err := moveIndexes(tx, old, &rec); err != nil {
		return nil, err
	}
	v, err := encodeRecordAround(&rec, next.buf, next.room)
	if err != nil {
		return nil, err
	}
	if err := tx.Bucket(bucketProtocols).Put([]byte(rec.ID), v); err != nil {
		return nil, err
	}
	next.head = bytes.Clone(v[:len(v)-len(rec.Protocol)-1-len(protocolField)])
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
	rec, err := decodeRecord(v)
	if err == nil && rec.ID != id {
		return nil, &MovedError{Key: id, ID: rec.ID}
	}
	return rec, err
}

// MovedError: a record stored under another id than its own — copied or
// moved behind the store's back (check names it too). Nothing is made of
// it: a copy of a sealed protocol would be booked twice.
type MovedError struct{ Key, ID string }

func (e *MovedError) Error() string {
	return fmt.Sprintf("%s: der Datensatz trägt die Nummer %s, der Speicher wurde verändert / the record carries id %q: the store was changed (rueckgabe check)", e.Key, e.ID, e.ID)
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

// Record returns a record with its kept valuation (Signed), its protocol
// not decoded: for a caller that checks a sealed record and decodes it
// itself (service.VerifyRecord).
func (s *Store) Record(id string) (*Record, error) {
	var rec *Record
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		rec, err = getRecord(tx.Bucket(bucketProtocols), id)
		if err == nil && rec.Status.Immutable() {
			rec.Valuation = bytes.Clone(valuationOf(tx, id))
		}
		return err
	})
	return rec, err
}

// Get returns a record and its protocol.
func (s *Store) Get(id string) (*Record, *inspection.Protocol, error) {
	rec, err := s.Record(id)
	if err != nil {
		return nil, nil, err
	}
	p, err := rec.Decode(s.rules)
	if err == nil && !rec.Status.Immutable() {
		s.normalize(p) // a draft from an older store: pinned as its next save will be
	}
	return rec, p, err
}
