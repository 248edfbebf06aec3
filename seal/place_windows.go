package seal

import (
	"errors"
	"rueckgabe/internal/atomicfile"

	"golang.org/x/sys/windows"
)

// place moves the key into place with MoveFileEx without
// MOVEFILE_REPLACE_EXISTING (atomicfile.PlaceNew): atomic, refuses an
// existing file, and works on every Windows file system (FAT and exFAT have
// no hard links).
func place(tmp, path string) error { return atomicfile.PlaceNew(tmp, path) }

// transientReadError: opening a file that another process is renaming at
// that moment gives a sharing violation.
func transientReadError(err error) bool { return errors.Is(err, windows.ERROR_SHARING_VIOLATION) }
