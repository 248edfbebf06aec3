//go:build !linux

package store

import "path/filepath"

// lockHolder names the process holding the store: macOS's flock and
// Windows' LockFileEx do not tell (Windows' Restart Manager could list the
// processes that have the file open, but Wine, where the Windows tests run,
// has only stubs of it), so the writer that opened the store last names
// itself in HolderFile. A holder file left by a process that no longer runs
// (killed, the power gone) names nobody: the lock is someone else's, a
// reading command's perhaps, which writes no holder file (an outside
// tester was told of a dead PID).
func lockHolder(path string) (int, string) {
	pid, command := holderFromFile(filepath.Dir(path))
	if pid == 0 || !processRuns(pid, command) {
		return 0, ""
	}
	return pid, command
}
