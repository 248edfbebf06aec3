//go:build !windows

package atomicfile

import (
	"os"
	"syscall"
)

// ignoredDirSyncErrors: none; a failed directory fsync fails the write.
var ignoredDirSyncErrors []syscall.Errno

func rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }

var (
	diskFullErrors       = []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT}
	writeProtectedErrors = []syscall.Errno{syscall.EROFS}
)
