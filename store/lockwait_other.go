//go:build !windows

package store

import "time"

// How Open waits for another process's lock: here inside bbolt, the file
// open (lockWaitOpen != 0); replacing an open file is no problem on Unix.
const (
	lockWaitOpen = 1
	lockRetry    = 0 * time.Millisecond
)

// transientOpenError: none here.
func transientOpenError(error) bool { return false }
