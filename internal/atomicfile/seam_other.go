//go:build !windows

package atomicfile

import (
	"os"
	"syscall"
)

// ignoredDirSyncErrors: none; a failed directory fsync fails the write.
var ignoredDirSyncErrors []syscall.Errno

func rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }

// placeNew links the file to a name that must not exist yet (a link never
// replaces); on a file system without hard links it fails, and the caller
// decides what else to do.
func placeNew(oldpath, newpath string) error { return os.Link(oldpath, newpath) }

var (
	diskFullErrors       = []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT}
	writeProtectedErrors = []syscall.Errno{syscall.EROFS}
)
