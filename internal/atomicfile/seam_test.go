package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The Windows rules, fed constructed errors, so that they are checked on
// every system (seam_windows_test.go checks them in a Windows build too).
func TestWindowsDirSyncIgnoresOnlyWhatWindowsCannotDo(t *testing.T) {
	sync := func(e syscall.Errno) error { return &os.PathError{Op: "sync", Path: `C:\d`, Err: e} }
	for _, c := range []struct {
		err  error
		fail bool
	}{
		{nil, false},
		{sync(errorAccessDenied), false},    // a directory handle cannot be flushed
		{sync(errorInvalidFunction), false}, // the file system has no directory flush
		{sync(errorDiskFull), true},
		{sync(errorHandleDiskFull), true},
		{sync(errorWriteProtect), true},
		{errors.New("I/O error"), true},
	} {
		if got := dirSynced(c.err, windowsIgnoredDirSyncErrors); (got != nil) != c.fail {
			t.Errorf("windows: sync error %v: got %v, want failure %v", c.err, got, c.fail)
		}
	}
}

func TestWindowsDiskErrorsAreClassified(t *testing.T) {
	wrap := func(e syscall.Errno) error {
		return &os.PathError{Op: "write", Path: `C:\d\f`, Err: e}
	}
	for _, c := range []struct {
		err             error
		full, protected bool
	}{
		{wrap(errorDiskFull), true, false},
		{wrap(errorHandleDiskFull), true, false},
		{wrap(errorDiskQuotaExceeded), true, false},
		{wrap(errorWriteProtect), false, true},
		{wrap(errorAccessDenied), false, false}, // permissions are not the medium
		{nil, false, false},
		{errors.New("disk full"), false, false}, // words are not a classification
	} {
		if got := isOneOf(c.err, windowsDiskFullErrors); got != c.full {
			t.Errorf("windows: full(%v) = %v", c.err, got)
		}
		if got := isOneOf(c.err, windowsWriteProtectedErrors); got != c.protected {
			t.Errorf("windows: write-protected(%v) = %v", c.err, got)
		}
	}
}

// This platform's own values: ENOSPC and EROFS as syscall names them (the
// invented values on Windows, the real ones elsewhere).
func TestDiskErrorsOfThisPlatform(t *testing.T) {
	full := &os.PathError{Op: "write", Path: "f", Err: syscall.ENOSPC}
	ro := &os.PathError{Op: "open", Path: "f", Err: syscall.EROFS}
	if !DiskFull(full) || WriteProtected(full) {
		t.Errorf("ENOSPC: full %v, write-protected %v", DiskFull(full), WriteProtected(full))
	}
	if !WriteProtected(ro) || DiskFull(ro) {
		t.Errorf("EROFS: full %v, write-protected %v", DiskFull(ro), WriteProtected(ro))
	}
	if DiskFull(os.ErrPermission) || WriteProtected(os.ErrPermission) {
		t.Error("a permission error classified as full or write-protected")
	}
}

// A directory sync that fails with a full disk fails the write everywhere.
func TestDirSyncFailingWithDiskFullFailsTheWrite(t *testing.T) {
	injectDirSync(t, diskFullErrors[0])
	path := filepath.Join(t.TempDir(), "f")
	err := WriteBytes(path, []byte("x"))
	if err == nil || !DiskFull(err) {
		t.Fatalf("a failed directory sync: %v", err)
	}
}

// injectDirSync makes every directory sync of the test fail with e.
func injectDirSync(t *testing.T, e syscall.Errno) {
	t.Helper()
	saved := dirSync
	dirSync = func(d *os.File) error { return &os.PathError{Op: "sync", Path: d.Name(), Err: e} }
	t.Cleanup(func() { dirSync = saved })
}
