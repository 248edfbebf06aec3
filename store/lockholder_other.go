//go:build !linux

package store

import "path/filepath"

// lockHolder names the process holding the store: macOS's flock and
// Windows' LockFileEx do not tell (Windows' Restart Manager could list the
// processes that have the file open, but Wine, where the Windows tests run,
// has only stubs of it), so the writer that opened the store last names
// itself in HolderFile.
func lockHolder(path string) (int, string) { return holderFromFile(filepath.Dir(path)) }
