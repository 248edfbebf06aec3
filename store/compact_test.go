package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A compaction that crashed after its copy was complete but before the copy
// replaced the store (the step Windows makes necessary: the store is closed
// first) is finished by the next Open: the data is there, no copy is left.
func TestCrashBetweenCompactionAndSwapIsFinishedByOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := sample("M-CP 1", "Kompakt")
	if _, err := s.Save(p, AnyRevision, "t"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	if err := compactInto(s, path+compactedSuffix, Options{}); err != nil {
		t.Fatal(err)
	}
	s.Close() // the crash: the copy waits, the old file is in place
	old := statOpen(t, path)

	s = openTest(t, dir)
	if _, err := os.Stat(path + compactedSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the waiting copy is still there: %v", err)
	}
	if os.SameFile(old, statOpen(t, path)) {
		t.Fatal("Open wrote into the old file instead of taking the copy")
	}
	if _, got, err := s.Get(p.ID); err != nil || got.Customer.Name != "Kompakt" {
		t.Fatalf("after the swap: %v %v", got, err)
	}
	mustCheck(t, s)
}

// A reader (read-only open) of a store with a waiting copy reads without
// touching anything: the old file holds the same data.
func TestReadOnlyOpenLeavesAWaitingCopy(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	p := sample("M-CP 2", "Lesend")
	if _, err := s.Save(p, AnyRevision, "t"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	if err := compactInto(s, path+compactedSuffix, Options{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, got, err := r.Get(p.ID); err != nil || got.Customer.Name != "Lesend" {
		t.Fatalf("read-only: %v %v", got, err)
	}
	if _, err := os.Stat(path + compactedSuffix); err != nil {
		t.Fatalf("a reader moved files: %v", err)
	}
}

// Compact leaves exactly the store file and reports both sizes.
func TestCompactLeavesOnlyTheStore(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	for i := range 20 {
		p := sample("M-CP "+string(rune('A'+i)), "Viele")
		if _, err := s.Save(p, AnyRevision, "t"); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	orig, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	before, after, err := Compact(dir, Options{})
	// the sizes are the files' own (a store of 20 fresh protocols may even
	// grow by a page: compaction packs, it does not promise less)
	now, serr := os.Stat(filepath.Join(dir, FileName))
	if err != nil || serr != nil || before <= 0 || after != now.Size() || orig.Size() <= 0 {
		t.Fatalf("compact: %d → %d (files %d → %v), %v", before, after, orig.Size(), now, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != FileName && e.Name() != PhotoDir {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	s2 := openTest(t, dir)
	mustCheck(t, s2)
}

// statOpen stats the file path names now through a handle (on Windows a
// FileInfo from os.Stat identifies its file only when compared, by path).
func statOpen(t *testing.T, path string) os.FileInfo {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return st
}
