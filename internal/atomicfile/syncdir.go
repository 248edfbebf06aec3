package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// The platform seam: how a rename is made durable. On Unix the directory is
// opened and fsynced after the rename. Windows cannot flush a directory (a
// directory handle is read-only, FlushFileBuffers answers Access denied);
// there NTFS journals the metadata and the rename itself is written through
// (MoveFileEx with MOVEFILE_WRITE_THROUGH), so a directory sync that the
// system refuses is no failure of the write. A full disk or an I/O error
// during the sync still is, on every system. syncdir_windows.go and
// syncdir_other.go say which errors the platform ignores and how it renames.

// SyncDir makes a directory's entries (a created or renamed file) durable.
// Every directory sync in rueckgabe goes through here.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return dirSynced(dirSync(d), ignoredDirSyncErrors)
}

// Rename moves oldpath to newpath, replacing it, as durably as the platform
// allows (write-through on Windows); follow it with SyncDir.
func Rename(oldpath, newpath string) error { return rename(oldpath, newpath) }

// dirSync flushes an open directory; a variable so that tests can make it fail.
var dirSync = (*os.File).Sync

// dirSynced is the outcome of a directory sync that returned err, given the
// errors that mean "this system does not sync directories".
func dirSynced(err error, ignored []syscall.Errno) error {
	for _, e := range ignored {
		if errors.Is(err, e) {
			return nil
		}
	}
	return err
}

// Windows error numbers (winerror.h). Constants here rather than in the
// windows file so that the classifiers can be tested on every system.
const (
	errorInvalidFunction = syscall.Errno(1)  // ERROR_INVALID_FUNCTION: the file system cannot flush a directory
	errorAccessDenied    = syscall.Errno(5)  // ERROR_ACCESS_DENIED: a directory handle is not writable
	errorWriteProtect    = syscall.Errno(19) // ERROR_WRITE_PROTECT
	errorHandleDiskFull  = syscall.Errno(39) // ERROR_HANDLE_DISK_FULL
	errorDiskFull        = syscall.Errno(112)
)

// windowsIgnoredDirSyncErrors: what Windows answers a directory flush with
// although nothing was lost.
var windowsIgnoredDirSyncErrors = []syscall.Errno{errorAccessDenied, errorInvalidFunction}

// PlaceNew gives the complete file oldpath the name newpath unless newpath
// exists (then an error that is os.ErrExist): never a half-written file
// under that name, never an existing one replaced. Windows moves the file
// (on every file system); elsewhere it is hard-linked, and oldpath stays for
// the caller to remove — where the file system has no hard links (FAT,
// exFAT) that fails.
func PlaceNew(oldpath, newpath string) error { return placeNew(oldpath, newpath) }
