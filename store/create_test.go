package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A new store file appears whole under its name (checkFile finds a sound
// header at once, so no opener ever waits for it or calls it damaged), a
// second creation never replaces a store in use, and nothing is left
// beside it.
func TestNewStoreFileAppearsWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if !createFile(path) {
		t.Fatal("no store file made by link on this file system")
	}
	if err := checkFile(path); err != nil {
		t.Fatalf("the new file: %v", err)
	}
	s := openTest(t, dir)
	if _, err := s.Save(sample("M-AB 1", "Erika"), AnyRevision, "t"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	if !createFile(path) {
		t.Fatal("a creation beside an existing store failed")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a second creation replaced the store")
	}
	left, _ := filepath.Glob(filepath.Join(dir, FileName+creating+"*"))
	if len(left) > 0 {
		t.Fatalf("left behind: %v", left)
	}
	// what a creation killed before its end left is removed once stale
	stale := filepath.Join(dir, FileName+creating+"123")
	_ = os.WriteFile(stale, []byte("x"), 0o600)
	old := time.Now().Add(-time.Hour)
	_ = os.Chtimes(stale, old, old)
	fresh := filepath.Join(dir, FileName+creating+"456")
	_ = os.WriteFile(fresh, []byte("x"), 0o600)
	removeStaleCreations(dir)
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale creation was kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a creation in progress was removed")
	}
}
