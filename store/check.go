package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// CheckReport is the result of an integrity check.
type CheckReport struct {
	Protocols int
	Audit     int
	Problems  []string
}

// OK reports whether the store is sound.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 }

// Check verifies the file (bbolt's page-level check), the schema, every record,
// and that the indexes hold exactly the entries the records call for.
func (s *Store) Check() (*CheckReport, error) {
	rep := &CheckReport{}
	err := s.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			rep.Problems = append(rep.Problems, "file: "+err.Error())
		}
		if v := schemaOf(tx); v != SchemaVersion {
			rep.Problems = append(rep.Problems, fmt.Sprintf("schema is %d, want %d", v, SchemaVersion))
		}
		want := map[string]map[string]bool{} // index name → expected keys
		for _, ix := range indexes {
			want[ix.name] = map[string]bool{}
		}
		ids := map[string]bool{}
		err := tx.Bucket(bucketProtocols).ForEach(func(k, v []byte) error {
			rep.Protocols++
			rec, err := decodeRecord(v)
			if err != nil {
				rep.Problems = append(rep.Problems, fmt.Sprintf("record %s: %v", k, err))
				return nil
			}
			if rec.ID != string(k) {
				rep.Problems = append(rep.Problems, fmt.Sprintf("record %s: carries id %q", k, rec.ID))
			}
			if _, err := rec.Decode(s.rules); err != nil {
				rep.Problems = append(rep.Problems, err.Error())
			}
			ids[rec.ID] = true
			for _, ix := range indexes {
				for _, val := range ix.values(rec) {
					want[ix.name][string(indexKey(val, rec.ID))] = true
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, ix := range indexes {
			checkIndex(tx, ix, want[ix.name], rep)
		}
		return tx.Bucket(bucketAudit).ForEach(func(k, _ []byte) error {
			rep.Audit++
			if i := bytes.IndexByte(k, 0); i < 0 || !ids[string(k[:i])] {
				rep.Problems = append(rep.Problems, fmt.Sprintf("audit entry %q: no such protocol", k))
			}
			return nil
		})
	})
	return rep, err
}

func checkIndex(tx *bolt.Tx, ix *index, want map[string]bool, rep *CheckReport) {
	b := tx.Bucket(ix.bucket)
	if b == nil {
		rep.Problems = append(rep.Problems, "index "+ix.name+": missing")
		return
	}
	seen := map[string]bool{}
	_ = b.ForEach(func(k, _ []byte) error {
		seen[string(k)] = true
		if !want[string(k)] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("index %s: stray entry %q", ix.name, k))
		}
		return nil
	})
	for _, k := range sortedKeys(want) {
		if !seen[k] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("index %s: missing entry %q", ix.name, k))
		}
	}
}
