package store

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Where the system cannot name the holder of a lock (Windows, macOS), the
// writer that holds the store names itself in HolderFile: a second window is
// told which process has it, and the file goes when the store is closed.
func TestHolderFileNamesTheWriter(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	pid, command := holderFromFile(dir)
	if pid != os.Getpid() || command == "" {
		t.Fatalf("holder file: %d %q", pid, command)
	}
	_, err := Open(dir, Options{LockTimeout: 100 * time.Millisecond})
	var locked *LockedError
	if !errors.As(err, &locked) || locked.PID != os.Getpid() || !strings.Contains(err.Error(), "PID "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second open: %v", err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, HolderFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the holder file outlived the store: %v", err)
	}
	// a stale one (the holder was killed) names nobody wrongly for long: the
	// next writer overwrites it; garbage in it names nobody
	os.WriteFile(filepath.Join(dir, HolderFile), []byte("kein PID\n"), 0o600)
	if pid, _ := holderFromFile(dir); pid != 0 {
		t.Fatalf("garbage named PID %d", pid)
	}
}
