package seal

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// place moves the key into place with MoveFileEx without
// MOVEFILE_REPLACE_EXISTING: atomic, refuses an existing file, and works on
// every Windows file system (FAT and exFAT have no hard links).
func place(tmp, path string) error {
	from, err := windows.UTF16PtrFromString(tmp)
	if err != nil {
		return err
	}
	to, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	err = windows.MoveFileEx(from, to, windows.MOVEFILE_WRITE_THROUGH)
	if errors.Is(err, windows.ERROR_ALREADY_EXISTS) || errors.Is(err, windows.ERROR_FILE_EXISTS) {
		return &os.LinkError{Op: "rename", Old: tmp, New: path, Err: os.ErrExist}
	}
	if err != nil {
		return &os.LinkError{Op: "rename", Old: tmp, New: path, Err: err}
	}
	return nil
}

// transientReadError: opening a file that another process is renaming at
// that moment gives a sharing violation.
func transientReadError(err error) bool { return errors.Is(err, windows.ERROR_SHARING_VIOLATION) }
