//go:build !linux

package store

// lockHolder cannot tell the lock's holder on this system: macOS's flock
// and Windows' LockFileEx do not name the process that holds a lock (on
// Windows the Restart Manager could list the processes that have the file
// open; not used). The words then say only that the store is open in
// another window — the one kind of process that takes this lock.
func lockHolder(string) (int, string) { return 0, "" }
