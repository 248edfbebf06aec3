package atomicfile

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/windows"
)

// The numbers the classifiers use are Windows' own.
func TestWindowsErrorNumbers(t *testing.T) {
	for _, c := range []struct{ ours, theirs error }{
		{errorAccessDenied, windows.ERROR_ACCESS_DENIED},
		{errorInvalidFunction, windows.ERROR_INVALID_FUNCTION},
		{errorDiskFull, windows.ERROR_DISK_FULL},
		{errorHandleDiskFull, windows.ERROR_HANDLE_DISK_FULL},
		{errorDiskQuotaExceeded, windows.ERROR_DISK_QUOTA_EXCEEDED},
		{errorWriteProtect, windows.ERROR_WRITE_PROTECT},
	} {
		if c.ours != c.theirs {
			t.Errorf("%v != %v", c.ours, c.theirs)
		}
	}
	if !DiskFull(&os.PathError{Op: "write", Path: "f", Err: windows.ERROR_DISK_FULL}) ||
		!DiskFull(windows.ERROR_HANDLE_DISK_FULL) || !WriteProtected(windows.ERROR_WRITE_PROTECT) {
		t.Error("Windows' disk-full / write-protect errors not recognised")
	}
}

// The failure W1 was about: Windows answers a directory flush with Access
// denied; the write has happened and must be reported as done.
func TestDirSyncAccessDeniedDoesNotFailTheWrite(t *testing.T) {
	injectDirSync(t, windows.ERROR_ACCESS_DENIED)
	path := filepath.Join(t.TempDir(), "f")
	if err := WriteBytes(path, []byte("neu")); err != nil {
		t.Fatalf("write failed on a refused directory flush: %v", err)
	}
	if data, err := os.ReadFile(path); err != nil || string(data) != "neu" {
		t.Fatalf("%q %v", data, err)
	}
}

// Rename replaces an existing file (MoveFileEx with REPLACE_EXISTING).
func TestRenameReplaces(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte("neu"), 0o600)
	os.WriteFile(b, []byte("alt"), 0o600)
	if err := Rename(a, b); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(b); string(data) != "neu" {
		t.Fatalf("%q", data)
	}
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Fatalf("source still there: %v", err)
	}
}
