//go:build !linux && !windows

package store

import (
	"errors"
	"syscall"
)

// processRuns reports whether process pid runs (signal 0 asks without
// sending; EPERM: it runs as another user).
func processRuns(pid int, _ string) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
