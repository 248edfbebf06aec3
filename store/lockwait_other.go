//go:build !windows

package store

import "time"

// How Open waits for another process's lock: here inside bbolt, the file
// open (waitClosed false); replacing an open file is no problem on Unix.
// lockRetry paces the retries of an Open that found a compaction waiting.
const (
	waitClosed = false
	lockRetry  = 5 * time.Millisecond
)

// transientOpenError: none here.
func transientOpenError(error) bool { return false }
