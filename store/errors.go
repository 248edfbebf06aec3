package store

import (
	"errors"
	"fmt"
)

// Errors a caller can act on. They say what happened in plain English for
// logs; the words people read (German, with what to do) are the caller's:
// service.Words for the commands, the TUI's own for its status line.
var (
	ErrNotFound = errors.New("protocol not found")
	ErrSealed   = errors.New("protocol is sealed and cannot change; create an amendment")
	ErrConflict = errors.New("protocol was changed by another window meanwhile")
	ErrReadOnly = errors.New("store is read-only")
)

// LockedError means another process holds the store. PID and Command name
// that process when the operating system tells (Linux: /proc/locks).
type LockedError struct {
	Dir     string
	PID     int
	Command string
}

// Holder describes the process holding the lock, "" when unknown.
func (e *LockedError) Holder() string {
	if e.PID == 0 {
		return ""
	}
	if e.Command == "" {
		return fmt.Sprintf("PID %d", e.PID)
	}
	return fmt.Sprintf("%s, PID %d", e.Command, e.PID)
}

func (e *LockedError) Error() string {
	if h := e.Holder(); h != "" {
		return fmt.Sprintf("store %s is open in another process (%s)", e.Dir, h)
	}
	return fmt.Sprintf("store %s is open in another process", e.Dir)
}

// NewerSchemaError means the store was written by a newer program version.
type NewerSchemaError struct{ Found, Supported int }

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("store has schema %d; this program knows up to %d", e.Found, e.Supported)
}

// FullError means the disk (or the configured size limit) is full. The edit
// was not saved; the caller keeps it and may retry.
type FullError struct{ Err error }

func (e *FullError) Error() string { return "disk full: " + e.Err.Error() }

func (e *FullError) Unwrap() error { return e.Err }

// ReadOnlyError means the store's directory or medium cannot be written:
// errors.Is(err, ErrReadOnly) holds.
type ReadOnlyError struct {
	Dir string
	Err error
}

func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("store %s is read-only: %v", e.Dir, e.Err)
}

func (e *ReadOnlyError) Is(target error) bool { return target == ErrReadOnly }

func (e *ReadOnlyError) Unwrap() error { return e.Err }

// ExistsError: a sealed bundle's id is taken by another protocol here (a
// draft, or sealed with another hash); nothing is overwritten.
type ExistsError struct {
	ID     string
	Status Status
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s exists already (%s) and is not overwritten", e.ID, e.Status)
}
