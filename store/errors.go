package store

import (
	"errors"
	"fmt"
)

// Errors a caller can act on. Each message says what happened and what to do,
// in German first (the inspector's language) and English.
var (
	ErrNotFound = errors.New("Protokoll nicht gefunden / protocol not found")
	ErrSealed   = errors.New("Protokoll ist versiegelt und kann nicht mehr geändert werden; legen Sie einen Nachtrag an / protocol is sealed and cannot change; create an amendment")
	ErrConflict = errors.New("Protokoll wurde inzwischen in einem anderen Fenster geändert; neu laden / protocol was changed in another window meanwhile; reload it")
	ErrReadOnly = errors.New("Speicher ist nur zum Lesen geöffnet / store is open read-only")
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
	by := ""
	if h := e.Holder(); h != "" {
		by = " (" + h + ")"
	}
	return fmt.Sprintf("Der Speicher %s ist in einem anderen Fenster geöffnet%s. Schließen Sie es oder warten Sie kurz und versuchen Sie es erneut. / The store %s is open in another window%s: close it or wait, then try again.", e.Dir, by, e.Dir, by)
}

// NewerSchemaError means the store was written by a newer program version.
type NewerSchemaError struct{ Found, Supported int }

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("Der Speicher wurde mit einer neueren Version von rueckgabe geschrieben (Schema %d, diese Version kennt %d); bitte rueckgabe aktualisieren. / The store was written by a newer rueckgabe (schema %d, this version knows %d): update rueckgabe.",
		e.Found, e.Supported, e.Found, e.Supported)
}

// FullError means the disk (or the configured size limit) is full. The edit
// was not saved; the caller keeps it and may retry.
type FullError struct{ Err error }

func (e *FullError) Error() string {
	return "Speicher voll: die Änderung wurde nicht gespeichert, bleibt aber erhalten; Platz schaffen und erneut speichern. / Disk full: the edit was not saved but is kept; free space and save again. (" + e.Err.Error() + ")"
}

func (e *FullError) Unwrap() error { return e.Err }
