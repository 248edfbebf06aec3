package store

import (
	"errors"
	"time"

	"golang.org/x/sys/windows"
)

// How Open waits for another process's lock on Windows: one try at a time,
// the file closed in between (waitClosed), every lockRetry. Windows
// cannot replace a file that anyone has open, so an Open waiting with the
// file open would keep a compaction (and the Open that finishes one) from
// ever putting the compacted file in place.
const (
	waitClosed = true
	lockRetry  = 5 * time.Millisecond
)

// transientOpenError: the file is being replaced at this moment (a
// compaction's rename); opening again shortly succeeds.
func transientOpenError(err error) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) || errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}
