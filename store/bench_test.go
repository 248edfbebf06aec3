package store

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"

	"rueckgabe/inspection"
	"rueckgabe/internal/cputime"
)

// BenchmarkSaveFindingEdit compares Store.Save of a one-finding edit (record,
// indexes, audit diff, valuation for the list total) with a bare bbolt Update
// writing the same bytes: the record and one audit entry. Both commit with
// fsync. The two alternate within one loop and the benchmark reports their
// ratio ("x-bare"): the disk's speed drifts by a factor of two within minutes
// on the machines we measure on, and timing them one after the other measured
// the drift, not the save. Both write the same pages
// (TestSaveWritesThePagesOfABareUpdate), so what Save costs beyond the bare
// update is CPU; "save-cpu-µs" and "bare-cpu-µs" are the process's CPU time
// (internal/cputime: all threads, the garbage collector's too) per
// operation, which the other work on a shared machine stretches far less
// than wall time.
func BenchmarkSaveFindingEdit(b *testing.B) {
	for _, n := range []int{10, 100, 500} {
		// the fourth finding and the last one: the diff skips what both
		// revisions share at the start and stops where they share the end,
		// so where the edit sits must not matter much; a note leaves the
		// list total as it was, a cost has the protocol valued again
		for _, at := range []int{3, n - 1} {
			b.Run(fmt.Sprintf("%d findings/note of finding %d", n, at+1), func(b *testing.B) { benchSave(b, n, at, false) })
		}
		b.Run(fmt.Sprintf("%d findings/cost of finding %d", n, n), func(b *testing.B) { benchSave(b, n, n-1, true) })
	}
}

func benchSave(b *testing.B, findings, at int, cost bool) {
	s := openTest(b, b.TempDir())
	p := sample("M-AB 1234", "Erika Mustermann")
	for i := range findings {
		p.Findings = append(p.Findings, finding(fmt.Sprintf("Befund %d", i)))
	}
	rec, err := s.Save(p, AnyRevision, "bench")
	if err != nil {
		b.Fatal(err)
	}
	key := []byte(p.ID)
	var save, bare, saveCPU, bareCPU time.Duration
	i := 0
	for b.Loop() {
		i++
		p.Findings[at].Note = fmt.Sprintf("Kratzer %d", i)
		if cost {
			p.Findings[at].Cost = decimal.NewNullDecimal(decimal.New(int64(10000+i), -2))
		}
		c0 := cputime.Used()
		t0 := time.Now()
		if rec, err = s.Save(p, rec.Revision, "bench"); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		c1 := cputime.Used()
		raw, _, _ := rawRecord(s, p.ID)
		entry := AuditEntry{At: rec.UpdatedAt, By: "bench", Action: "save", Revision: rec.Revision,
			Changes: []string{fmt.Sprintf(`findings[%d].note: "Kratzer %d" → "Kratzer %d"`, at, i-1, i)}}
		c2 := cputime.Used()
		t2 := time.Now()
		err := s.db.Update(func(tx *bolt.Tx) error {
			if err := tx.Bucket(bucketProtocols).Put(key, raw); err != nil {
				return err
			}
			return appendAudit(tx, p.ID, entry)
		})
		if err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		c3 := cputime.Used()
		save, bare = save+t1.Sub(t0), bare+t3.Sub(t2)
		saveCPU, bareCPU = saveCPU+c1-c0, bareCPU+c3-c2
	}
	b.ReportMetric(float64(save.Microseconds())/float64(i), "save-µs")
	b.ReportMetric(float64(bare.Microseconds())/float64(i), "bare-µs")
	b.ReportMetric(float64(save)/float64(bare), "x-bare")
	b.ReportMetric(float64(saveCPU.Microseconds())/float64(i), "save-cpu-µs")
	b.ReportMetric(float64(bareCPU.Microseconds())/float64(i), "bare-cpu-µs")
}

func rawRecord(s *Store, id string) ([]byte, int, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		out = append([]byte(nil), tx.Bucket(bucketProtocols).Get([]byte(id))...)
		return nil
	})
	return out, len(out), err
}

// BenchmarkFilter50k is the start screen's filter: one list query per key
// typed, on 50,000 protocols, as the TUI asks it (open, summaries of the
// first 100 matches, close). Goal: ≤ 5 ms per key.
// startListRows is what the TUI's start screen asks for (tui/persist.go).
const startListRows = 100

func BenchmarkFilter50k(b *testing.B) {
	dir := storeOf(b, 50000)
	for _, q := range []string{"m", "m-a", "m-ab 1", "mü", "müller", "hans müller 4", "wbaul", "zz"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				err := With(dir, Options{ReadOnly: true}, func(s *Store) error {
					_, err := s.ListSummaries(Query{Search: q, Limit: startListRows})
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// bigStore returns a directory holding 10,000 typical protocols (3 findings
// each, mixed statuses), built once per benchmark run in one transaction.
func bigStore(b *testing.B) string { return storeOf(b, 10000) }

var (
	storesMu sync.Mutex
	stores   = map[int]string{}
)

// storeOf returns a directory holding n typical protocols (3 findings each,
// a third sealed), built once per benchmark run in one transaction.
func storeOf(b *testing.B, n int) string {
	storesMu.Lock()
	defer storesMu.Unlock()
	if dir, ok := stores[n]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "rueckgabe-bench-*")
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	names := []string{"Erika Mustermann", "Hans Müller", "Jörg Schulz", "Anna Weber", "Peter Schmidt"}
	err = s.db.Update(func(tx *bolt.Tx) error {
		for i := range n {
			p := sample(fmt.Sprintf("M-%c%c %d", 'A'+i%26, 'A'+i/26%26, i), fmt.Sprintf("%s %d", names[i%5], i))
			p.Findings = []inspection.Finding{finding("Kratzer"), finding("Delle"), finding("Steinschlag")}
			rec, err := s.create(tx, p, "bench", "import")
			if err != nil {
				return err
			}
			if i%3 == 0 { // a third sealed
				_ = deleteIndexes(tx, rec)
				rec.Status = StatusSealed
				if err := putRecord(tx, rec); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	stores[n] = dir
	return dir
}

func BenchmarkStore10k(b *testing.B) {
	dir := bigStore(b)
	st, _ := os.Stat(filepath.Join(dir, FileName))
	b.Logf("store with 10,000 protocols: %d bytes (%.1f MiB)", st.Size(), float64(st.Size())/(1<<20))
	empty := b.TempDir()
	if s, err := Open(empty, Options{}); err == nil {
		s.Close()
	}
	b.Run("open empty", func(b *testing.B) {
		for b.Loop() {
			s, err := Open(empty, Options{})
			if err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
	})
	b.Run("open 10k", func(b *testing.B) {
		for b.Loop() {
			s, err := Open(dir, Options{})
			if err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
	})
	b.Run("open 10k + first page of 50", func(b *testing.B) {
		for b.Loop() {
			s, err := Open(dir, Options{})
			if err != nil {
				b.Fatal(err)
			}
			recs, err := s.List(Query{Limit: 50})
			if err != nil || len(recs) != 50 {
				b.Fatalf("%v %d", err, len(recs))
			}
			s.Close()
		}
	})
	s, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.Run("list all 10k summaries", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if recs, err := s.ListSummaries(Query{}); err != nil || len(recs) != 10000 {
				b.Fatalf("%v %d", err, len(recs))
			}
		}
	})
	b.Run("list all 10k records", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if recs, err := s.List(Query{}); err != nil || len(recs) != 10000 {
				b.Fatalf("%v %d", err, len(recs))
			}
		}
	})
	for _, q := range []string{"M-AB", "müller 4", "mustermann"} {
		b.Run("search "+q, func(b *testing.B) {
			for b.Loop() {
				if recs, err := s.List(Query{Search: q, Limit: 50}); err != nil || len(recs) == 0 {
					b.Fatalf("%v %d", err, len(recs))
				}
			}
		})
	}
}

// TestMain removes the benchmark stores after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range stores {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}
