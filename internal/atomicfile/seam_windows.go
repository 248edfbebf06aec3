package atomicfile

import (
	"os"

	"golang.org/x/sys/windows"
)

var ignoredDirSyncErrors = windowsIgnoredDirSyncErrors

// rename replaces newpath with a write-through MoveFileEx: it returns only
// once the rename is on the disk, which is what the directory sync does on
// Unix.
func rename(oldpath, newpath string) error {
	from, err := windows.UTF16PtrFromString(oldpath)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	to, err := windows.UTF16PtrFromString(newpath)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	if err := windows.MoveFileEx(from, to, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH); err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	return nil
}

var (
	diskFullErrors       = windowsDiskFullErrors
	writeProtectedErrors = windowsWriteProtectedErrors
)
