package store

import (
	"encoding/json"
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

// BenchmarkSaveFindingEdit compares the save of a one-finding edit (record,
// indexes, audit diff, valuation for the list total) with a bare bbolt Update
// writing the same bytes — the record and the audit entry the save wrote —
// into a copy of the store's file. The save is SaveEdit, naming the finding
// edited, as the TUI saves a finding taken in its walkthrough; "Save"
// sub-benchmarks measure Store.Save of the same edit, which compares every
// finding with the one it kept (every other edit, and the commands). Both
// commit with fsync. The two alternate within one loop and the benchmark reports their
// ratio ("x-bare"): the disk's speed drifts by a factor of two within minutes
// on the machines we measure on, and timing them one after the other measured
// the drift, not the save. Both write the same pages
// (TestSaveWritesThePagesOfABareUpdate), so what a save costs beyond the bare
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
			b.Run(fmt.Sprintf("%d findings/note of finding %d", n, at+1), func(b *testing.B) { benchSave(b, n, at, false, false) })
		}
		b.Run(fmt.Sprintf("%d findings/cost of finding %d", n, n), func(b *testing.B) { benchSave(b, n, n-1, true, false) })
		b.Run(fmt.Sprintf("%d findings/Save: cost of finding %d", n, n), func(b *testing.B) { benchSave(b, n, n-1, true, true) })
	}
}

func benchSave(b *testing.B, findings, at int, cost, whole bool) {
	s := openTest(b, b.TempDir())
	p := sample("M-AB 1234", "Erika Mustermann")
	for i := range findings {
		p.Findings = append(p.Findings, finding(fmt.Sprintf("Befund %d", i)))
	}
	rec, err := s.Save(p, AnyRevision, "bench")
	if err != nil {
		b.Fatal(err)
	}
	// the bare update writes into a store of its own, a copy of this one's
	// file as it is now: each pays for its own pages from the same start
	// (an audit leaf that splits, a file that grows) and neither for the
	// other's. In one shared file, the leaf split every few saves fell into
	// the save's commit 236 times in 2,000 and into the bare update's 27.
	dir := b.TempDir()
	err = s.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(filepath.Join(dir, filepath.Base(s.path())), 0o600) })
	if err != nil {
		b.Fatal(err)
	}
	bare := openTest(b, dir)
	key := []byte(p.ID)
	edited := []int{at}
	var saveWall, bareWall, saveCPU, bareCPU time.Duration
	doSave := func() {
		c0, t0 := cputime.Used(), time.Now()
		if whole {
			rec, err = s.Save(p, rec.Revision, "bench")
		} else {
			rec, err = s.SaveEdit(p, rec.Revision, edited, "bench")
		}
		if err != nil {
			b.Fatal(err)
		}
		saveWall, saveCPU = saveWall+time.Since(t0), saveCPU+cputime.Used()-c0
	}
	doBare := func(raw []byte, entry AuditEntry) {
		c0, t0 := cputime.Used(), time.Now()
		err := bare.db.Update(func(tx *bolt.Tx) error {
			if err := tx.Bucket(bucketProtocols).Put(key, raw); err != nil {
				return err
			}
			return appendAudit(tx, p.ID, entry)
		})
		if err != nil {
			b.Fatal(err)
		}
		bareWall, bareCPU = bareWall+time.Since(t0), bareCPU+cputime.Used()-c0
	}
	i := 0
	var raw []byte
	for b.Loop() {
		i++
		p.Findings[at].Note = fmt.Sprintf("Kratzer %d", i)
		if cost {
			p.Findings[at].Cost = decimal.NewNullDecimal(decimal.New(int64(10000+i), -2))
		}
		// the bare update writes what Save wrote last: its record and its
		// audit entry (the same changes; one digit of the note differs).
		// Which of the two goes first alternates, so that neither always
		// meets the disk just after the other.
		var entry AuditEntry
		raw, entry = lastWritten(b, s, p.ID, raw)
		if i%2 == 1 {
			doSave()
			doBare(raw, entry)
		} else {
			doBare(raw, entry)
			doSave()
		}
	}
	b.ReportMetric(float64(saveWall.Microseconds())/float64(i), "save-µs")
	b.ReportMetric(float64(bareWall.Microseconds())/float64(i), "bare-µs")
	b.ReportMetric(float64(saveWall)/float64(bareWall), "x-bare")
	b.ReportMetric(float64(saveCPU.Microseconds())/float64(i), "save-cpu-µs")
	b.ReportMetric(float64(bareCPU.Microseconds())/float64(i), "bare-cpu-µs")
}

// lastWritten is the record of id as stored and the last audit entry.
// lastWritten is the record of id as stored, copied into buf's memory, and
// the last audit entry. The copy reuses buf: garbage the benchmark makes
// for itself would have the collector run during the timed operations.
func lastWritten(b *testing.B, s *Store, id string, buf []byte) ([]byte, AuditEntry) {
	var e AuditEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		buf = append(buf[:0], tx.Bucket(bucketProtocols).Get([]byte(id))...)
		_, v := tx.Bucket(bucketAudit).Cursor().Last()
		return json.Unmarshal(v, &e)
	})
	if err != nil {
		b.Fatal(err)
	}
	return buf, e
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
