package store

import (
	"fmt"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestSaveWritesThePagesOfABareUpdate: a save of a one-finding edit dirties
// no more pages than a bare bbolt update writing the same record and audit
// entry — indexes, list total and profile touch no page of their own — so
// what a save costs beyond the bare update is CPU, not bytes to fsync
// (BenchmarkSaveFindingEdit; docs/performance.md). Pages are counted by
// bbolt (TxStats), not timed.
func TestSaveWritesThePagesOfABareUpdate(t *testing.T) {
	for _, n := range []int{10, 100, 500} {
		s := openTest(t, t.TempDir())
		s.db.NoSync = true // the pages are the same; the test need not wait for the disk
		// other protocols, so that every bucket has pages of its own (a
		// small bucket is kept inline in its parent's page and touching it
		// would cost nothing here)
		err := s.db.Update(func(tx *bolt.Tx) error {
			for i := range 2000 {
				q := sample(fmt.Sprintf("M-X %d", i), fmt.Sprintf("Kunde %d", i))
				q.Findings = append(q.Findings, finding("Kratzer"))
				if _, err := s.create(tx, q, "test", "import"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		p := sample("M-AB 1234", "Erika Mustermann")
		for i := range n {
			p.Findings = append(p.Findings, finding(fmt.Sprintf("Befund %d", i)))
		}
		rec, err := s.Save(p, AnyRevision, "test")
		if err != nil {
			t.Fatal(err)
		}
		pages := func(fn func() error) int64 {
			before := s.db.Stats().TxStats
			if err := fn(); err != nil {
				t.Fatal(err)
			}
			after := s.db.Stats().TxStats
			return after.GetPageCount() - before.GetPageCount()
		}
		var save, bare int64
		const rounds = 30
		for i := range rounds {
			p.Findings[n-1].Note = fmt.Sprintf("Kratzer %d", i)
			save += pages(func() (err error) {
				rec, err = s.Save(p, rec.Revision, "test")
				return err
			})
			raw, _, _ := rawRecord(s, p.ID)
			entry := AuditEntry{At: rec.UpdatedAt, By: "test", Action: "save", Revision: rec.Revision,
				Changes: []string{fmt.Sprintf(`findings[%d].note: "Kratzer %d" → "Kratzer %d"`, n-1, i-1, i)}}
			bare += pages(func() error {
				return s.db.Update(func(tx *bolt.Tx) error {
					if err := tx.Bucket(bucketProtocols).Put([]byte(p.ID), raw); err != nil {
						return err
					}
					return appendAudit(tx, p.ID, entry)
				})
			})
		}
		t.Logf("%d findings: %.1f pages per save, %.1f per bare update", n, float64(save)/rounds, float64(bare)/rounds)
		if save > bare+bare/20+2 {
			t.Errorf("%d findings: a save wrote %d pages in %d rounds, the bare update %d", n, save, rounds, bare)
		}
	}
}
