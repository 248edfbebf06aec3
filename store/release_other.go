//go:build !linux && !windows

package store

// releasePages does nothing here: macOS reclaims file pages on its own.
func releasePages(addr, size uintptr) {}
