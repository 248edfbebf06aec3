package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"
	"pgregory.net/rapid"

	"rueckgabe/inspection"
)

// TestSaveAfterSaveIsTheGeneralPath: a save reuses the findings it encoded
// last time and diffs the rewritten ones alone (prepare, diffPrepared).
// Over runs of random edits — one finding or several, through slices in
// place, findings added and removed, the rest of the protocol, another
// writer changing the stored record behind the Store's back, a save that
// fails — every save stores the bytes EncodeCompact writes, an audit entry
// with the lines diffDocs gives for the stored documents before and after,
// and the list total that valuing the protocol gives.
//
// Saves of edits made in place go through SaveEdit half of the time, with
// the findings edited named, and store the same (CheckEdits would say so if
// a finding taken unread were not the one Save writes).
func TestSaveAfterSaveIsTheGeneralPath(t *testing.T) {
	checkEdits(t)
	rapid.Check(t, func(t *rapid.T) {
		dir, err := mkTemp()
		if err != nil {
			t.Fatal(err)
		}
		defer removeAll(dir)
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		p := sample("M-AB 1234", "Erika Mustermann")
		for i := range rapid.IntRange(0, 12).Draw(t, "findings") {
			p.Findings = append(p.Findings, finding(fmt.Sprint("Befund ", i)))
		}
		rec, err := s.Save(p, AnyRevision, "prop")
		if err != nil {
			t.Fatal(err)
		}
		text := rapid.SampledFrom([]string{"Kratzer", "Delle \"tief\"", "", "Steinschlag\n2", "Kratzer"})
		for step := range rapid.IntRange(1, 10).Draw(t, "saves") {
			before, _, _ := rawRecord(s, p.ID)
			oldDoc := bytes.Clone(mustView(t, before).Protocol)
			// edited are the findings edited in place; added or removed
			// ones are saved whole (SaveEdit is for edits)
			var edited []int
			whole := false
			for range rapid.IntRange(1, 3).Draw(t, "edits") {
				n := len(p.Findings)
				switch k := rapid.IntRange(0, 8).Draw(t, "edit"); {
				case k <= 2 && n > 0:
					i := rapid.IntRange(0, n-1).Draw(t, "i")
					p.Findings[i].Note = text.Draw(t, "note")
					edited = append(edited, i)
				case k == 3 && n > 0:
					i := rapid.IntRange(0, n-1).Draw(t, "i")
					f := &p.Findings[i]
					f.Cost = decimal.NewNullDecimal(decimal.New(rapid.Int64Range(0, 1_000_000).Draw(t, "cents"), -2))
					edited = append(edited, i)
				case k == 4 && n > 0:
					i := rapid.IntRange(0, n-1).Draw(t, "i")
					f := &p.Findings[i]
					if len(f.Photos) > 0 {
						f.Photos[0] += "x" // in place
					} else {
						f.Photos = append(f.Photos, "a.jpg")
					}
					edited = append(edited, i)
				case k == 5:
					p.Findings = append(p.Findings, finding(text.Draw(t, "new")))
					whole = true
				case k == 6 && n > 0:
					i := rapid.IntRange(0, n-1).Draw(t, "i")
					p.Findings = slices.Delete(p.Findings, i, i+1)
					whole = true
				case k == 7:
					p.Customer.Name = text.Draw(t, "name")
				}
			}
			if rapid.IntRange(0, 5).Draw(t, "other writer") == 0 {
				// another process saved in between: the stored document is
				// no longer the one this Store encoded last
				other := p.Clone()
				other.Findings = append(other.Findings, finding("von woanders"))
				doc, _ := inspection.EncodeCompact(other)
				err := s.db.Update(func(tx *bolt.Tx) error {
					r, err := getRecord(tx.Bucket(bucketProtocols), p.ID)
					if err != nil {
						return err
					}
					r.Protocol, r.UpdatedBy = doc, "porp" // an envelope of the same length
					if rapid.Bool().Draw(t, "new revision") {
						r.Revision++ // else: written behind the store's back (SaveEdit must not trust what it kept)
					}
					return putRecordOnly(tx, r)
				})
				if err != nil {
					t.Fatal(err)
				}
				oldDoc = doc
			}
			want, _ := inspection.EncodeCompact(p)
			storedBefore, _, _ := rawRecord(s, p.ID)
			if rapid.IntRange(0, 7).Draw(t, "fail") == 0 {
				auditFault = fmt.Errorf("audit down")
				_, err := s.Save(p, rec.Revision, "prop")
				auditFault = nil
				if err == nil && !bytes.Equal(oldDoc, want) {
					t.Fatal("a save with a failing audit succeeded")
				}
			}
			if !whole && rapid.Bool().Draw(t, "SaveEdit") {
				rec, err = s.SaveEdit(p, mustView(t, storedBefore).Revision, edited, "prop")
			} else {
				rec, err = s.Save(p, AnyRevision, "prop")
			}
			if err != nil {
				t.Fatal(err)
			}
			after, _, _ := rawRecord(s, p.ID)
			stored := mustView(t, after)
			if !bytes.Equal(stored.Protocol, want) {
				t.Fatalf("save %d stored\n%s\nnot\n%s", step, stored.Protocol, want)
			}
			if stored.Summary.Gross != summarize(p, s.rules).Gross {
				t.Fatalf("save %d: total %s, valued %s", step, stored.Summary.Gross, summarize(p, s.rules).Gross)
			}
			if rec.Status == StatusDraft {
				// the envelope kept is the one decoded from the stored bytes
				err := s.db.View(func(tx *bolt.Tx) error {
					b := tx.Bucket(bucketProtocols)
					kept, err := s.last.draft(b, p.ID, rec.Revision)
					if err != nil {
						return err
					}
					decoded, err := editableDraft(b, p.ID, rec.Revision)
					if err != nil {
						return err
					}
					if !reflect.DeepEqual(kept, decoded) {
						return fmt.Errorf("kept envelope\n%+v\ndecoded\n%+v", kept, decoded)
					}
					return nil
				})
				if err != nil {
					t.Fatalf("save %d: %v", step, err)
				}
			}
			audit, err := s.Audit(p.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := audit[len(audit)-1]
			if bytes.Equal(oldDoc, want) {
				continue // nothing changed: nothing written
			}
			if oldRec := mustView(t, storedBefore); stored.Revision != oldRec.Revision+1 {
				t.Fatalf("save %d: revision %d after %d", step, stored.Revision, oldRec.Revision)
			}
			if last.Revision != stored.Revision {
				t.Fatalf("save %d: last audit entry is of revision %d, the record %d", step, last.Revision, stored.Revision)
			}
			if wantLines := diffDocs(oldDoc, want).lines; !slices.Equal(last.Changes, wantLines) {
				t.Fatalf("save %d: audit\n%q\nnot\n%q", step, last.Changes, wantLines)
			}
		}
	})
}

func mustView(t *rapid.T, raw []byte) *Record {
	r, err := decodeRecordView(raw)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDiffPreparedIsDiffDocs: the diff from the rewritten findings alone
// gives the lines and the value-neutral verdict of the whole-document diff,
// on random edits of one or more findings and of other fields.
func TestDiffPreparedIsDiffDocs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := sample("M-AB 1234", "Erika Mustermann")
		for i := range rapid.IntRange(1, 12).Draw(t, "findings") {
			p.Findings = append(p.Findings, finding(fmt.Sprint("Befund ", i)))
		}
		prev, _, err := inspection.EncodeCompactAfter(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := len(p.Findings)
		for range rapid.IntRange(1, 4).Draw(t, "edits") {
			f := &p.Findings[rapid.IntRange(0, n-1).Draw(t, "i")]
			switch rapid.IntRange(0, 4).Draw(t, "field") {
			case 0:
				f.Note = rapid.String().Draw(t, "note")
			case 1:
				f.Cost = decimal.NewNullDecimal(decimal.New(rapid.Int64().Draw(t, "cost"), -2))
			case 2:
				f.Cost = decimal.NullDecimal{} // the key goes: a structure change
			case 3:
				f.Part, f.Acceptable = rapid.String().Draw(t, "part"), !f.Acceptable
			case 4:
				p.Vehicle.Plate = rapid.String().Draw(t, "plate")
			}
		}
		enc, rw, err := inspection.EncodeCompactAfter(p, prev)
		if err != nil {
			t.Fatal(err)
		}
		got := diffPrepared(prev.Doc, &prepared{p: p, doc: enc.Doc, enc: enc, prev: prev, rw: rw})
		want := diffDocs(prev.Doc, enc.Doc)
		if !slices.Equal(got.lines, want.lines) || got.valueNeutral != want.valueNeutral {
			t.Fatalf("diffPrepared %q (neutral %v), diffDocs %q (neutral %v)", got.lines, got.valueNeutral, want.lines, want.valueNeutral)
		}
	})
}

// TestEncodeRecordAroundIsEncodeRecord: a record put together around its
// document in place is byte for byte encodeRecord's, with room to spare,
// just enough, too little, or no spare capacity for the closing brace;
// the document stays as it was.
func TestEncodeRecordAroundIsEncodeRecord(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		text := rapid.OneOf(rapid.String(), rapid.StringOf(rapid.RuneFrom([]rune{'a', '"', '\\', '<', '\u2028', 'ü'})))
		at := time.Date(2024, 4, 3, 9, 0, 0, rapid.IntRange(0, 999999999).Draw(t, "ns"), time.UTC)
		r := &Record{V: 1, ID: "P-1", Status: StatusDraft, Revision: rapid.IntRange(1, 1<<30).Draw(t, "rev"),
			CreatedAt: at, UpdatedAt: at.Add(time.Hour), UpdatedBy: text.Draw(t, "by"), Review: text.Draw(t, "review"),
			Amends: text.Draw(t, "amends"), Summary: Summary{Plate: text.Draw(t, "plate"), Customer: text.Draw(t, "customer"), Gross: "1.00", Findings: 3}}
		if rapid.Bool().Draw(t, "synced") {
			r.SyncedAt, r.SyncedTo = &at, text.Draw(t, "to")
		}
		doc := []byte(`{"format":"x","findings":[{"note":"` + rapid.StringMatching(`[a-z ]{0,40}`).Draw(t, "note") + `"}]}`)
		room := rapid.IntRange(0, 600).Draw(t, "room")
		spare := rapid.IntRange(0, 2).Draw(t, "spare")
		buf := append(make([]byte, room, room+len(doc)+spare), doc...)
		r.Protocol = buf[room:len(buf):len(buf)]
		want, err := encodeRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeRecordAround(r, buf, room)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("\ngot  %s\nwant %s", got, want)
		}
		if !bytes.Equal(r.Protocol, doc) {
			t.Fatalf("the document changed: %s", r.Protocol)
		}
	})
}

// TestSpareBufferIsReadByNoSave: a save writes its record into the buffer
// of the save before the last one (lastEncoding's spare), never into the
// one the kept encoding lies in, and not while another save may still read
// the encoding that buffer held: saves that overlap leave it to the garbage
// collector. Step by step, as two windows saving at once would.
func TestSpareBufferIsReadByNoSave(t *testing.T) {
	var l lastEncoding
	bufs := make([][]byte, 5)
	encs := make([]*inspection.Encoding, 5)
	for i := range bufs {
		bufs[i] = make([]byte, 8, 64)
		encs[i] = &inspection.Encoding{Doc: bufs[i][4:]}
	}
	same := func(a, b []byte) bool { return cap(a) > 0 && cap(b) > 0 && &a[:1][0] == &b[:1][0] }
	save := func(i int) { // one save alone, writing encs[i] into bufs[i]
		l.get("P")
		l.keep("P", encs[i], bufs[i], nil, nil, nil, 0)
		l.done()
	}
	save(0)
	save(1)
	prev, _, spare, _, _ := l.get("P")
	if prev != encs[1] || !same(spare, bufs[0]) {
		t.Fatalf("third save: encoding %p (want %p), spare is buffer 0: %v", prev, encs[1], same(spare, bufs[0]))
	}
	l.keep("P", encs[2], bufs[2], nil, nil, nil, 0) // written into its own buffer here
	l.done()
	// two saves at once: both read encs[2]; the first to finish must not
	// offer bufs[2] to a third while the second still reads it
	a, _, _, _, _ := l.get("P")
	b, _, _, _, _ := l.get("P")
	if a != encs[2] || b != encs[2] {
		t.Fatal("overlapping saves do not start from the kept encoding")
	}
	l.keep("P", encs[3], bufs[3], nil, nil, nil, 0)
	l.done()
	if _, _, spare, _, _ := l.get("P"); spare != nil {
		t.Fatalf("a save got a spare buffer (buffer 2: %v) while another still reads the encoding in it", same(spare, bufs[2]))
	}
	l.done()
	l.keep("P", encs[4], bufs[4], nil, nil, nil, 0)
	l.done()
	if _, _, spare, _, _ := l.get("P"); !same(spare, bufs[3]) {
		t.Fatal("alone again, the buffer of the encoding before the kept one is not the spare")
	}
	l.done()
}

// TestOverlappingSavesStoreTheirBytes: windows saving the same protocol at
// once, each editing its own finding, each store a whole document: every
// finding as one of the windows wrote it (run with -race too: a buffer
// reused while another save reads it is a race).
func TestOverlappingSavesStoreTheirBytes(t *testing.T) {
	s := openTest(t, t.TempDir())
	s.db.NoSync = true // the disk is not what is tested
	p := sample("M-AB 1234", "Erika Mustermann")
	for i := range 40 {
		p.Findings = append(p.Findings, finding(fmt.Sprint("Befund ", i)))
	}
	if _, err := s.Save(p, AnyRevision, "t"); err != nil {
		t.Fatal(err)
	}
	const windows, saves = 3, 40
	check := func() error {
		raw, _, err := rawRecord(s, p.ID)
		if err != nil {
			return err
		}
		r, err := decodeRecordView(raw)
		if err != nil {
			return err
		}
		q, err := r.Decode(s.rules)
		if err != nil {
			return fmt.Errorf("stored %s: %w", r.Protocol, err)
		}
		for i, f := range q.Findings {
			if f.Note != fmt.Sprint("Befund ", i) && (i >= windows || !strings.HasPrefix(f.Note, fmt.Sprintf("Fenster %d, ", i))) {
				return fmt.Errorf("finding %d: %q", i, f.Note)
			}
		}
		if len(q.Findings) != 40 {
			return fmt.Errorf("%d findings stored", len(q.Findings))
		}
		return nil
	}
	errs := make(chan error, windows)
	for w := range windows {
		q := p.Clone()
		go func() {
			for i := range saves {
				q.Findings[w].Note = fmt.Sprintf("Fenster %d, %d", w, i)
				if _, err := s.Save(q, AnyRevision, "t"); err != nil {
					errs <- err
					return
				}
				if err := check(); err != nil {
					errs <- fmt.Errorf("window %d, save %d: %w", w, i, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range windows {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	p.Findings[0].Note = "Befund 0"
	if _, err := s.Save(p, AnyRevision, "t"); err != nil {
		t.Fatal(err)
	}
	raw, _, _ := rawRecord(s, p.ID)
	r, err := decodeRecordView(raw)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := inspection.EncodeCompact(p); !bytes.Equal(r.Protocol, want) {
		t.Fatalf("the last save stored\n%s\nnot\n%s", r.Protocol, want)
	}
}

// TestFollowsTrustsTheNextTransaction: the stored document is taken as the
// one the kept encoding was made from, without comparing its bytes, only in
// the write transaction right after the one that stored it; in any later
// one (something else committed in between) the bytes decide.
func TestFollowsTrustsTheNextTransaction(t *testing.T) {
	p := sample("M-AB 1234", "Erika Mustermann")
	p.Findings = append(p.Findings, finding("Kratzer"), finding("Delle"))
	prev, _, err := inspection.EncodeCompactAfter(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.Findings[1].Note = "Beule"
	enc, rw, err := inspection.EncodeCompactAfter(p, prev)
	if err != nil || !rw.Only {
		t.Fatalf("rewritten %+v, %v", rw, err)
	}
	next := &prepared{p: p, doc: enc.Doc, enc: enc, prev: prev, prevTx: 41, rw: rw}
	other := bytes.Replace(prev.Doc, []byte("Kratzer"), []byte("Schramm"), 1)
	for _, c := range []struct {
		stored []byte
		txid   int
		want   bool
	}{
		{other, 42, true},    // the next transaction: nothing can differ, nothing compared
		{prev.Doc, 42, true}, //
		{other, 43, false},   // a commit in between: the bytes differ
		{prev.Doc, 43, true}, // and here they are the same
		{other, 41, false},   // not after the one that stored it
		{prev.Doc, 7, true},  //
		{other, 1, false},    //
	} {
		if got := next.follows(c.stored, c.txid); got != c.want {
			t.Errorf("stored %s in transaction %d: follows %v, want %v", c.stored[:min(20, len(c.stored))], c.txid, got, c.want)
		}
	}
	unknown := *next
	unknown.prevTx = 0 // kept by no transaction: always compared
	if unknown.follows(other, 1) {
		t.Error("an encoding without its transaction was trusted")
	}
}

// checkEdits has every SaveEdit of the test compare what it saves with
// what Save would save, and fail the test when they differ.
func checkEdits(t *testing.T) {
	CheckEdits = func(err error) {
		if err != nil {
			panic(err)
		}
	}
	t.Cleanup(func() { CheckEdits = nil })
}

// TestSaveEditReadsOnlyTheEditedFindings: SaveEdit takes the findings it was
// not told of from the revision this Store saved, without reading the
// caller's — the point of it (issue 26) — and CheckEdits names a finding
// the caller changed without saying so.
func TestSaveEditReadsOnlyTheEditedFindings(t *testing.T) {
	s, p, rec := keptFiveFindings(t)
	p.Findings[1].Note = "gesagt"
	p.Findings[3].Note = "nicht gesagt"
	var told error
	CheckEdits = func(err error) {
		if err != nil {
			told = err
		}
	}
	defer func() { CheckEdits = nil }()
	got := saveEditAndGet(t, s, p, rec.Revision, []int{1})
	if got.Findings[1].Note != "gesagt" || got.Findings[3].Note != "Befund 3" {
		t.Fatalf("stored notes %q and %q, want the edited one and the stored one", got.Findings[1].Note, got.Findings[3].Note)
	}
	if told == nil || !strings.Contains(told.Error(), "finding 3") {
		t.Fatalf("CheckEdits told %v", told)
	}
	// added or removed findings are no edit: saved whole
	told = nil
	p.Findings = append(p.Findings, finding("neu"))
	if got = saveEditAndGet(t, s, p, rec.Revision+1, []int{5}); len(got.Findings) != 6 || got.Findings[3].Note != "nicht gesagt" || told != nil {
		t.Fatalf("after adding: %d findings, finding 4 %q, CheckEdits told %v", len(got.Findings), got.Findings[3].Note, told)
	}
}

// TestSaveEditTrustsOnlyTheStoredDocument: a record written behind the
// Store's back under the same revision (a copied file, another program)
// is not what this Store kept: SaveEdit then saves the caller's protocol
// as Save does, and keeps what the caller read and edited.
func TestSaveEditTrustsOnlyTheStoredDocument(t *testing.T) {
	checkEdits(t)
	s, p, rec := keptFiveFindings(t)
	var err error
	behind := p.Clone()
	behind.Findings[3].Note = "von woanders"
	writeBehind(t, s, behind, false)
	_, q, err := s.Get(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	q.Findings[1].Note = "bearbeitet"
	got := saveEditAndGet(t, s, q, rec.Revision, []int{1})
	if got.Findings[1].Note != "bearbeitet" || got.Findings[3].Note != "von woanders" {
		t.Fatalf("stored notes %q and %q, want the edit and the record as read", got.Findings[1].Note, got.Findings[3].Note)
	}
}

// keptFiveFindings is a store that saved a protocol of five findings after
// creating it, so that it keeps that save (a creation is not kept).
func keptFiveFindings(t *testing.T) (*Store, *inspection.Protocol, *Record) {
	s := openTest(t, t.TempDir())
	p := sample("M-AB 1234", "Erika Mustermann")
	for i := range 5 {
		p.Findings = append(p.Findings, finding(fmt.Sprint("Befund ", i)))
	}
	rec, err := s.Save(p, AnyRevision, "test")
	if err != nil {
		t.Fatal(err)
	}
	p.Customer.Name = "Erika Musterfrau"
	if rec, err = s.Save(p, rec.Revision, "test"); err != nil {
		t.Fatal(err)
	}
	return s, p, rec
}

// TestListTotalAfterAWriteBehindTheStoresBack: the list total's memo of
// what this Store saved last is not carried past a record written by
// someone else. A cost changed there; here (or not) the protocol saved as
// read (nothing written), then a note (nothing valued changed against the
// stored record), then a cost: the total is that of the protocol as
// stored, the other writer's cost included.
func TestListTotalAfterAWriteBehindTheStoresBack(t *testing.T) {
	for _, asRead := range []bool{false, true} {
		t.Run(fmt.Sprint("saved as read first: ", asRead), func(t *testing.T) { listTotalAfterWriteBehind(t, asRead) })
	}
}

func listTotalAfterWriteBehind(t *testing.T, asRead bool) {
	s, p, rec := keptFiveFindings(t)
	p.Findings[2].Cost = decimal.NewNullDecimal(decimal.New(12345, -2)) // a memo of the charges is kept
	if _, err := s.Save(p, rec.Revision, "test"); err != nil {
		t.Fatal(err)
	}
	_, behind, err := s.Get(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	behind.Findings[3].Cost = decimal.NewNullDecimal(decimal.New(777700, -2))
	writeBehind(t, s, behind, true)
	rec, q, err := s.Get(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if asRead {
		if rec, err = s.Save(q, rec.Revision, "test"); err != nil { // nothing written
			t.Fatal(err)
		}
	}
	q.Findings[1].Note = "nur eine Notiz"
	if rec, err = s.Save(q, rec.Revision, "test"); err != nil {
		t.Fatal(err)
	}
	q.Findings[0].Cost = decimal.NewNullDecimal(decimal.New(5000, -2))
	if rec, err = s.SaveEdit(q, rec.Revision, []int{0}, "test"); err != nil {
		t.Fatal(err)
	}
	if want := summarize(q, s.rules).Gross; rec.Summary.Gross != want {
		t.Fatalf("list total %s, the protocol as stored is valued %s", rec.Summary.Gross, want)
	}
}

// TestKeptCarriesTheLastSaveAcrossOpens: with Options.Kept, what a store
// kept of its last save serves the next open of the same directory — a
// finding edit then takes the other findings unread (CheckEdits counts it)
// — but only after the stored document was compared with the kept one: a
// record changed while the store was closed is saved from, not over.
func TestKeptCarriesTheLastSaveAcrossOpens(t *testing.T) {
	dir := t.TempDir()
	var kept Kept
	named := 0
	CheckEdits = func(err error) {
		if err != nil {
			panic(err)
		}
		named++
	}
	defer func() { CheckEdits = nil }()
	open := func(k *Kept) *Store {
		s, err := Open(dir, Options{Kept: k})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open(&kept)
	p := sample("M-AB 1234", "Erika Mustermann")
	for i := range 5 {
		p.Findings = append(p.Findings, finding(fmt.Sprint("Befund ", i)))
	}
	rec, err := s.Save(p, AnyRevision, "test")
	if err != nil {
		t.Fatal(err)
	}
	p.Findings[1].Note = "eins"
	if rec, err = s.Save(p, rec.Revision, "test"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = open(&kept) // a pause: the store was released
	p.Findings[2].Note = "zwei"
	if rec, err = s.SaveEdit(p, rec.Revision, []int{2}, "test"); err != nil {
		t.Fatal(err)
	}
	if named != 1 {
		t.Fatalf("after a reopen the edit was saved the long way (%d named saves)", named)
	}
	s.Close()

	// changed while closed, under the same revision (another program)
	other := open(nil)
	_, behind, err := other.Get(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	behind.Findings[4].Note = "von woanders"
	writeBehind(t, other, behind, false)
	other.Close()

	// a backup of the file as it is now: one transaction before this store's next
	backup, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	s = open(&kept)
	behind.Findings[3].Note = "drei"
	got := saveEditAndGet(t, s, behind, rec.Revision, []int{3})
	if got.Findings[3].Note != "drei" || got.Findings[4].Note != "von woanders" || got.Findings[2].Note != "zwei" {
		t.Fatalf("stored notes %q %q %q", got.Findings[2].Note, got.Findings[3].Note, got.Findings[4].Note)
	}
	if named != 1 {
		t.Fatalf("a record changed while closed was taken from what was kept (%d named saves)", named)
	}
	s.Close()

	// the backup put back and written once by another program: the file's
	// last transaction has the number of the one this store kept, and
	// other findings
	if err := os.WriteFile(filepath.Join(dir, FileName), backup, 0o600); err != nil {
		t.Fatal(err)
	}
	other = open(nil)
	rec, restored, err := other.Get(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	restored.Findings[0].Note = "nach der Sicherung"
	if rec, err = other.Save(restored, rec.Revision, "test"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	s = open(&kept)
	defer s.Close() // before the directory is removed: Windows removes no open file
	restored.Findings[3].Note = "wieder drei"
	got = saveEditAndGet(t, s, restored, rec.Revision, []int{3})
	if got.Findings[0].Note != "nach der Sicherung" || got.Findings[3].Note != "wieder drei" || got.Findings[4].Note != "von woanders" {
		t.Fatalf("after a restored backup: stored notes %q %q %q", got.Findings[0].Note, got.Findings[3].Note, got.Findings[4].Note)
	}
}

// writeBehind writes p as its stored record's protocol, as a program that
// knows nothing of the Store's kept state would: under the same revision,
// or the next with its list entry (nextRevision).
func writeBehind(t *testing.T, s *Store, p *inspection.Protocol, nextRevision bool) {
	t.Helper()
	doc, err := inspection.EncodeCompact(p)
	if err != nil {
		t.Fatal(err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		r, err := getRecord(tx.Bucket(bucketProtocols), p.ID)
		if err != nil {
			return err
		}
		r.Protocol = doc
		if nextRevision {
			r.Summary, r.Revision = summarize(p, s.rules), r.Revision+1
		}
		return putRecordOnly(tx, r)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// saveEditAndGet saves q's edit of the findings edited and reads back what
// was stored.
func saveEditAndGet(t *testing.T, s *Store, q *inspection.Protocol, revision int, edited []int) *inspection.Protocol {
	t.Helper()
	if _, err := s.SaveEdit(q, revision, edited, "test"); err != nil {
		t.Fatal(err)
	}
	_, got, err := s.Get(q.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
