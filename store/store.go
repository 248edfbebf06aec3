// Package store keeps protocols offline in a bbolt file: every save is one
// durable transaction that writes the record, its indexes and an audit entry.
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"rueckgabe/catalog"
)

// FileName is the store file inside the data directory.
const FileName = "rueckgabe.db"

// DefaultLockTimeout is how long Open waits for another process to let go of
// the store before it says so; well under the 5 s a user should ever wait.
const DefaultLockTimeout = 3 * time.Second

// Options tune Open; the zero value is right for the app.
type Options struct {
	LockTimeout time.Duration
	// MaxSize limits the file size in bytes (0: none); used to test "disk full".
	MaxSize int
	// OpenFile replaces os.OpenFile (tests simulate read-only media with it).
	OpenFile func(string, int, os.FileMode) (*os.File, error)
	// Now is the clock for audit entries (tests fix it).
	Now func() time.Time
	// Rules values protocols for the list's totals; default: the built-in rules.
	Rules *catalog.Rules
}

// Store is an open store.
type Store struct {
	db    *bolt.DB
	dir   string
	now   func() time.Time
	rules *catalog.Rules
}

// Open opens (creating if needed) the store in dir, runs pending migrations and
// makes sure a new store is durably initialised before it is used.
func Open(dir string, o Options) (*Store, error) {
	if o.LockTimeout == 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rules == nil {
		r, err := catalog.Default()
		if err != nil {
			return nil, err
		}
		o.Rules = r
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("Datenverzeichnis %s kann nicht angelegt werden / cannot create data directory: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	_, statErr := os.Stat(path)
	isNew := errors.Is(statErr, os.ErrNotExist)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: o.LockTimeout, MaxSize: o.MaxSize, OpenFile: o.OpenFile})
	if err != nil {
		return nil, openError(dir, err)
	}
	s := &Store{db: db, dir: dir, now: o.Now, rules: o.Rules}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	if isNew {
		// the file's directory entry must survive a power cut too
		if err := syncDir(dir); err != nil {
			db.Close()
			return nil, fmt.Errorf("sync data directory: %w", err)
		}
	}
	return s, nil
}

func openError(dir string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return &LockedError{Dir: dir}
	case errors.Is(err, berrors.ErrMaxSizeReached), errors.Is(err, syscall.ENOSPC):
		return &FullError{Err: err}
	case errors.Is(err, syscall.EROFS), errors.Is(err, os.ErrPermission):
		return fmt.Errorf("Speicher %s ist schreibgeschützt; ein beschreibbares Verzeichnis mit --data wählen / store is read-only; choose a writable directory with --data: %w", dir, err)
	}
	return fmt.Errorf("Speicher %s kann nicht geöffnet werden / cannot open store: %w", dir, err)
}

// Close releases the store for other processes.
func (s *Store) Close() error { return s.db.Close() }

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// With opens the store, runs fn and closes it again, so that the store is held
// only for the moment of one operation and other windows can use it too.
func With(dir string, o Options, fn func(*Store) error) error {
	s, err := Open(dir, o)
	if err != nil {
		return err
	}
	err = fn(s)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// update runs a write transaction and translates storage failures into errors
// the user can act on. bbolt rolls back on error: nothing is half-written.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	err := s.db.Update(fn)
	if errors.Is(err, berrors.ErrMaxSizeReached) || errors.Is(err, syscall.ENOSPC) {
		return &FullError{Err: err}
	}
	return err
}

// DefaultDir is the platform's user data directory for rueckgabe:
// $XDG_DATA_HOME/rueckgabe, else ~/.local/share/rueckgabe.
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "rueckgabe"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("kein Datenverzeichnis; mit --data angeben / no data directory; give one with --data: %w", err)
	}
	return filepath.Join(home, ".local", "share", "rueckgabe"), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
