package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/internal/parallel"
)

// CheckReport is the result of an integrity check.
type CheckReport struct {
	Protocols int
	Audit     int
	Photos    int // photo files checked
	Problems  []string
}

// OK reports whether the store is sound.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 }

// Check verifies the file (bbolt's page-level check), the schema, every record,
// and that the indexes hold exactly the entries the records call for.
func (s *Store) Check() (*CheckReport, error) {
	rep := &CheckReport{}
	err := s.view(func(tx *bolt.Tx) error {
		// bbolt's check reads every page: they are released as it goes
		stop := releaseWhile(tx)
		for err := range tx.Check() {
			rep.Problems = append(rep.Problems, "file: "+err.Error())
		}
		stop()
		if v := schemaOf(tx); v != SchemaVersion {
			rep.Problems = append(rep.Problems, fmt.Sprintf("schema is %d, want %d", v, SchemaVersion))
		}
		want := map[string]map[string]string{} // index name → expected key → value
		for _, ix := range indexes {
			want[ix.name] = map[string]string{}
		}
		ids := map[string]bool{}
		sealed := map[string]bool{}     // the ids of sealed records: the only ones a valuation is kept for
		photos := map[string][]string{} // photo hash → the protocols holding it
		revisions := map[string]int{}   // each record's revision, for its audit trail
		// the records are read (decoded, their index entries made) on every
		// core, a batch at a time, and taken in their order
		var keys, values [][]byte // views of the pages: valid in tx
		flush := func() {
			checked := make([]recordCheck, len(keys))
			parallel.Each(len(keys), func(i int) { checked[i] = s.checkRecord(keys[i], values[i]) })
			for _, c := range checked {
				rep.Protocols++
				rep.Problems = append(rep.Problems, c.problems...)
				if c.rec == nil {
					continue
				}
				for _, ph := range c.photos {
					photos[ph] = append(photos[ph], c.rec.ID)
				}
				ids[c.rec.ID] = true
				if c.rec.Status.Immutable() {
					sealed[c.rec.ID] = true
				}
				revisions[c.rec.ID] = c.rec.Revision
				for i, ix := range indexes {
					for _, e := range c.index[i] {
						want[ix.name][e[0]] = e[1]
					}
				}
			}
			keys, values = keys[:0], values[:0]
		}
		err := tx.Bucket(bucketProtocols).ForEach(func(k, v []byte) error {
			if keys, values = append(keys, k), append(values, v); len(keys) == 512 {
				flush()
				releaseMapped(tx) // the batch is done with: its pages need not stay resident
			}
			return nil
		})
		if err != nil {
			return err
		}
		flush()
		for _, ix := range indexes {
			releaseMapped(tx)
			checkIndex(tx, ix, want[ix.name], rep)
		}
		last := map[string]int{} // the revision of each protocol's newest audit entry
		releaseMapped(tx)
		err = tx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
			if rep.Audit++; rep.Audit%releaseEvery == 0 {
				releaseMapped(tx)
			}
			i := bytes.IndexByte(k, 0)
			if i < 0 || !ids[string(k[:i])] {
				rep.Problems = append(rep.Problems, fmt.Sprintf("audit entry %q: no such protocol", k))
				return nil
			}
			var e AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				rep.Problems = append(rep.Problems, fmt.Sprintf("audit entry %q: %v", k, err))
				return nil
			}
			last[string(k[:i])] = e.Revision // entries of one protocol come in sequence order
			return nil
		})
		checkAuditRevisions(revisions, last, rep)
		if vb := tx.Bucket(bucketValuations); vb != nil {
			_ = walk(tx, vb, func(k, _ []byte) error {
				if !sealed[string(k)] {
					rep.Problems = append(rep.Problems, fmt.Sprintf("valuation %q: kept for no sealed protocol (the store was changed)", k))
				}
				return nil
			})
		}
		if err == nil {
			s.checkPhotos(photos, rep)
		}
		return err
	})
	return rep, err
}

// recordCheck is what Check found of one record.
type recordCheck struct {
	rec      *Record // nil: not readable
	problems []string
	photos   []string      // the hashes of the photos it holds
	index    [][][2]string // per index (indexes' order): key, value
}

// checkRecord reads one record for Check: its envelope, its protocol, its
// photos and the index entries it must have. Safe on several cores.
func (s *Store) checkRecord(k, v []byte) recordCheck {
	var c recordCheck
	rec, err := decodeRecordView(v)
	if err != nil {
		c.problems = append(c.problems, fmt.Sprintf("record %s: %v", k, err))
		return c
	}
	if rec.ID != string(k) {
		c.problems = append(c.problems, fmt.Sprintf("record %s: carries id %q", k, rec.ID))
	}
	p, err := rec.Decode(s.rules)
	if err != nil {
		c.problems = append(c.problems, err.Error())
	} else {
		for _, ph := range p.AllPhotos() {
			c.photos = append(c.photos, ph.SHA256)
		}
	}
	rec.Protocol = nil // a view of the page: not kept
	c.rec = rec
	c.index = make([][][2]string, len(indexes))
	for i, ix := range indexes {
		for _, val := range ix.values(rec) {
			c.index[i] = append(c.index[i], [2]string{string(indexKey(val, rec.ID)), string(ix.value(rec))})
		}
	}
	return c
}

// checkPhotos reads every photo a protocol holds and checks its bytes
// against the hash the protocol (and its seal) records.
func (s *Store) checkPhotos(photos map[string][]string, rep *CheckReport) {
	files := s.Photos()
	for _, sha := range sortedKeys(keySet(photos)) {
		rep.Photos++
		if err := files.Verify(sha); err != nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("%v (in %s)", err, strings.Join(photos[sha], ", ")))
		}
	}
}

// checkAuditRevisions: every change of a record is written with its audit
// entry in one transaction, so the newest entry names the record's revision.
func checkAuditRevisions(revisions, last map[string]int, rep *CheckReport) {
	for _, id := range sortedKeys(keySet(revisions)) {
		got, ok := last[id]
		switch {
		case !ok:
			rep.Problems = append(rep.Problems, fmt.Sprintf("record %s: no audit entry", id))
		case got != revisions[id]:
			rep.Problems = append(rep.Problems, fmt.Sprintf("record %s: revision %d, newest audit entry names revision %d", id, revisions[id], got))
		}
	}
}

// keySet is the set of a map's keys, for sortedKeys.
func keySet[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func checkIndex(tx *bolt.Tx, ix *index, want map[string]string, rep *CheckReport) {
	b := tx.Bucket(ix.bucket)
	if b == nil {
		rep.Problems = append(rep.Problems, "index "+ix.name+": missing")
		return
	}
	seen := map[string]bool{}
	_ = walk(tx, b, func(k, v []byte) error {
		seen[string(k)] = true
		exp, ok := want[string(k)]
		switch {
		case !ok:
			rep.Problems = append(rep.Problems, fmt.Sprintf("index %s: stray entry %q", ix.name, k))
		case exp != string(v):
			rep.Problems = append(rep.Problems, fmt.Sprintf("index %s: entry %q holds %q, want %q", ix.name, k, v, exp))
		}
		return nil
	})
	for _, k := range sortedKeys(keySet(want)) {
		if !seen[k] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("index %s: missing entry %q", ix.name, k))
		}
	}
}
