package store

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestCompactLosesNoWriteOfOthers runs compactions while other openers import
// and save in a loop: every write acknowledged (Import/Save returned) must be
// in the store afterwards. bbolt's lock is per open file description, so the
// goroutines contend exactly as separate processes do. Before the fix a
// writer blocked on the old file's lock committed into the file compact had
// just replaced, and its acknowledged write was gone.
func TestCompactLosesNoWriteOfOthers(t *testing.T) {
	rounds := 200
	if testing.Short() {
		rounds = 40
	}
	if n, err := strconv.Atoi(os.Getenv("RUECKGABE_COMPACT_ROUNDS")); err == nil {
		rounds = n
	}
	dir := t.TempDir()
	opts := Options{LockTimeout: 10 * time.Second}
	stop := make(chan struct{})
	var mu sync.Mutex
	var acked []string // "id note"
	var wg sync.WaitGroup
	writer := func(name string, save bool) {
		defer wg.Done()
		p := sample("M-RC "+name, "Race "+name)
		rev := AnyRevision
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			note := fmt.Sprintf("%s-%d", name, i)
			err := With(dir, opts, func(s *Store) error {
				if save {
					p.Findings = append(p.Findings, finding(note))
					rec, err := s.Save(p, rev, "race")
					if err == nil {
						rev = rec.Revision
					}
					return err
				}
				q := sample("M-IM "+note, "Import "+note)
				q.ID = "race-" + note
				_, _, err := s.Import(q, "race")
				return err
			})
			if err != nil {
				t.Errorf("%s: %v", note, err)
				return
			}
			// a pause like a person's between edits: bbolt's lock is not
			// fair, and writers in a tight loop would starve compact
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			if save {
				acked = append(acked, p.ID+" "+note)
			} else {
				acked = append(acked, "race-"+note+" "+note)
			}
			mu.Unlock()
		}
	}
	// the store must exist before the first compaction
	if err := With(dir, opts, func(*Store) error { return nil }); err != nil {
		t.Fatal(err)
	}
	wg.Add(2)
	go writer("imp", false)
	go writer("tui", true)
	writes := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(acked)
	}
	// at least rounds compactions, and on until the writers got their 20
	// writes in: on a loaded machine (CI runs the packages side by side)
	// the unfair lock can let compact run 200 times around two writes
	start := time.Now()
	done := 0
	for ; done < rounds || writes() < 20 && time.Since(start) < time.Minute; done++ {
		if _, _, err := Compact(dir, opts); err != nil {
			t.Fatalf("compact %d: %v", done, err)
		}
		time.Sleep(200 * time.Microsecond) // a breath for the writers, as between a person's commands
	}
	rounds = done
	close(stop)
	wg.Wait()

	s := openTest(t, dir)
	mustCheck(t, s)
	lost := 0
	for _, a := range acked {
		var id, note string
		fmt.Sscan(a, &id, &note)
		_, p, err := s.Get(id)
		if err != nil || (p.Customer.Name != "Import "+note && !hasNote(p, note)) {
			lost++
		}
	}
	t.Logf("%d compactions, %d acknowledged writes, %d lost", rounds, len(acked), lost)
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged writes lost", lost, len(acked))
	}
	if len(acked) < 10 {
		t.Fatalf("only %d writes: the race was not exercised", len(acked))
	}
}
