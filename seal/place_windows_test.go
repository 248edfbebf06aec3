package seal

import (
	"os"
	"testing"

	"golang.org/x/sys/windows"
)

// While another window moves the key into place, Windows answers a read
// with a sharing violation: the key is read again, not reported broken.
func TestKeyReadDuringAnotherWindowsRename(t *testing.T) {
	dir := t.TempDir()
	made, err := LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	violations := 3
	readFile = func(name string) ([]byte, error) {
		if violations > 0 {
			violations--
			return nil, &os.PathError{Op: "open", Path: name, Err: windows.ERROR_SHARING_VIOLATION}
		}
		return os.ReadFile(name)
	}
	t.Cleanup(func() { readFile = readLimitedFile })
	k, err := LoadOrCreateKey(dir)
	if err != nil || k.ID != made.ID {
		t.Fatalf("read during a rename: %v %v", k, err)
	}
}
