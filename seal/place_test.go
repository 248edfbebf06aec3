package seal

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// A FAT or exFAT stick has no hard links: the key is still created whole,
// and two windows creating it at once end up with the same key.
func TestKeyOnAFileSystemWithoutHardLinks(t *testing.T) {
	saved := link
	link = func(o, n string) error {
		return &os.LinkError{Op: "link", Old: o, New: n, Err: syscall.EPERM}
	}
	t.Cleanup(func() { link = saved })
	dir := t.TempDir()
	keys := make([]*DeviceKey, 4)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() { keys[i], errs[i] = LoadOrCreateKey(dir) })
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil {
			t.Fatalf("window %d: %v", i, errs[i])
		}
		if keys[i].ID != keys[0].ID {
			t.Fatalf("two keys made: %s and %s", keys[0].ID, keys[i].ID)
		}
	}
	again, err := LoadOrCreateKey(dir)
	if err != nil || again.ID != keys[0].ID {
		t.Fatalf("reloaded: %v %v", again, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
}

// An existing key is never replaced, whichever way the system places it.
func TestPlacingNeverOverwritesAKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, KeyFile)
	os.WriteFile(path, []byte("der alte Schlüssel"), 0o600)
	tmp := filepath.Join(dir, "neu")
	os.WriteFile(tmp, []byte("der neue"), 0o600)
	if err := placeKey(tmp, path); !errors.Is(err, os.ErrExist) {
		t.Fatalf("placing over a key: %v", err)
	}
	if err := placeByPlaceholder(tmp, path, os.Rename); !errors.Is(err, os.ErrExist) {
		t.Fatalf("placeholder over a key: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "der alte Schlüssel" {
		t.Fatalf("key overwritten: %q", data)
	}
}
