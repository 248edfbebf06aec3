package store

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Windows opening a new data directory together: the one that creates the
// store file holds it empty for a moment. The others wait for it instead
// of calling it damaged (checkFileLocked).
func TestOpeningANewStoreTogetherNeverCallsItDamaged(t *testing.T) {
	for round := range 40 {
		dir := t.TempDir()
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(dir, Options{ReadOnly: i%2 == 1})
				if err == nil {
					err = s.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, opener %d: %v", round, i, err)
			}
		}
	}
}

// The header check reads bbolt's own layout: a sound store passes, with
// the size its header calls for (a backup's size) and more.
func TestCheckFileReadsTheHeader(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	for range 30 {
		if _, err := s.Save(sample("M-AB 1", "Erika"), AnyRevision, "t"); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := s.Backup(backup); err != nil {
		t.Fatal(err)
	}
	if err := checkFile(filepath.Join(dir, FileName)); err != nil {
		t.Fatalf("the live store: %v", err)
	}
	if err := checkFile(backup); err != nil {
		t.Fatalf("its backup: %v", err)
	}
	data, _ := os.ReadFile(backup)
	short := filepath.Join(t.TempDir(), "short.db")
	_ = os.WriteFile(short, data[:len(data)-1], 0o600)
	var d *DamagedError
	if err := checkFile(short); !errors.As(err, &d) || d.Want != int64(len(data)) || d.Size != int64(len(data)-1) {
		t.Fatalf("a backup one byte short: %v", err)
	}
	// page 0 overwritten: bbolt, and the check, go by page 1
	copy(data[:64], make([]byte, 64))
	_ = os.WriteFile(short, data, 0o600)
	if err := checkFile(short); err != nil {
		t.Fatalf("page 0 gone, page 1 whole: %v", err)
	}
	copy(data[os.Getpagesize():os.Getpagesize()+64], make([]byte, 64))
	_ = os.WriteFile(short, data, 0o600)
	if err := checkFile(short); !errors.As(err, &d) || d.Want != 0 {
		t.Fatalf("both headers gone: %v", err)
	}
}

// Damage inside a file of the right size (pages overwritten) is met while
// reading: a DamagedError, never a crash (guard: debug.SetPanicOnFault and
// bbolt's panics recovered).
func TestOverwrittenPagesAreADamagedErrorNotACrash(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	for range 30 {
		if _, err := s.Save(sample("M-AB 1", "Erika"), AnyRevision, "t"); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, fill := range []byte{0xff, 0x00, 0x5a} {
		bad := append([]byte(nil), data...)
		for i := 2 * os.Getpagesize(); i < len(bad); i++ {
			bad[i] = fill ^ byte(i*7)
		}
		// a file of its own: a failed open keeps its file locked (failedOpens),
		// and on Windows open, so it cannot be removed until the process
		// ends: the folder is left to the system's temp cleanup there
		dir, err := os.MkdirTemp("", "damaged-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.RemoveAll(dir) })
		if err := os.WriteFile(filepath.Join(dir, FileName), bad, 0o600); err != nil {
			t.Fatal(err)
		}
		// the second time round the same file: the same message, not "locked"
		for _, ro := range []bool{false, true, false} {
			s, err := Open(dir, Options{ReadOnly: ro})
			if err == nil {
				_, err = s.Check()
				s.Close()
			}
			var d *DamagedError
			if !errors.As(err, &d) {
				t.Errorf("pages filled with %#x, read-only %v: %v", fill, ro, err)
			}
		}
	}
}
