package store

import "golang.org/x/sys/windows"

// releasePages: VirtualUnlock on pages that are not locked removes them
// from the process's working set (it reports ERROR_NOT_LOCKED, which is
// the expected answer); the file's pages stay in the system cache.
func releasePages(addr, size uintptr) {
	_ = windows.VirtualUnlock(addr, size)
}
