// Package store keeps protocols offline in a bbolt file: every save is one
// durable transaction that writes the record, its indexes and an audit entry.
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"rueckgabe/catalog"
	"rueckgabe/internal/atomicfile"
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
	// ReadOnly opens for reading only (a shared lock; works on read-only
	// media). Writes then fail with ErrReadOnly.
	ReadOnly bool
	// Kept carries what the store kept of its last save to this Open: a
	// caller that opens the same data directory again and again passes the
	// same Kept each time (service.Workspace, which releases the store
	// after half a second without use). Nil: nothing is carried.
	Kept *Kept
	// probe: opened only to see that it opens (Probe); no rules unless a
	// migration needs them
	probe bool
}

// Store is an open store.
type Store struct {
	db       *bolt.DB
	dir      string
	file     string // dir's store file, named in every transaction's error (path)
	now      func() time.Time
	rules    *catalog.Rules
	readOnly bool
	holder   bool // it wrote the holder file
	last     *lastEncoding
}

// Open opens (creating if needed) the store in dir, runs pending migrations and
// makes sure a new store is durably initialised before it is used.
//
// Another process may have replaced the file (compact) while this one waited
// for its lock: the lock then belongs to a file nobody reads any more, and a
// write into it would be lost. Open therefore checks, once it holds the lock,
// that the path still names the file it locked, and opens again if not.
func Open(dir string, o Options) (*Store, error) {
	s, err := open(dir, o)
	var old *oldSchemaError
	if o.ReadOnly && errors.As(err, &old) {
		// a reading command after an upgrade: migrate once if the medium
		// allows, then read as asked; on read-only media say what is needed
		o.ReadOnly = false
		w, werr := open(dir, o)
		if werr != nil {
			return nil, err
		}
		w.Close()
		o.ReadOnly = true
		return open(dir, o)
	}
	return s, err
}

func open(dir string, o Options) (*Store, error) {
	if o.LockTimeout == 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rules == nil && !o.probe {
		r, err := defaultRules()
		if err != nil {
			return nil, err
		}
		o.Rules = r
	}
	path := filepath.Join(dir, FileName)
	if o.ReadOnly {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			o.ReadOnly = false // nothing to read yet: create the store as usual
		}
	}
	if !o.ReadOnly {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory %s: %w", dir, err)
		}
		removeStaleCreations(dir) // a creation killed before its end (create.go)
	}
	deadline := time.Now().Add(o.LockTimeout)
	for {
		info, statErr := os.Stat(path)
		isNew := errors.Is(statErr, os.ErrNotExist)
		if isNew && !o.ReadOnly && createFile(path) {
			continue // in place whole (create.go): opened as any store
		}
		if !isNew {
			// a file cut short would crash bbolt (SIGBUS): refused first
			if err := guard(path, func() error { return checkFileLocked(path, time.Until(deadline)) }); err != nil {
				return nil, openError(dir, path, err)
			}
			if err := failedBefore(path, info); err != nil {
				return nil, err
			}
		}
		wait := time.Until(deadline)
		if waitClosed {
			wait = time.Nanosecond // one try, the file closed while waiting
		}
		var db *bolt.DB
		var pending, replaced bool
		err := guard(path, func() (err error) {
			db, pending, replaced, err = openLocked(path, o, wait)
			return err
		})
		if waitClosed && (errors.Is(err, berrors.ErrTimeout) || transientOpenError(err)) && time.Now().Before(deadline) {
			time.Sleep(lockRetry)
			continue
		}
		if err != nil {
			rememberFailed(path, info, err)
			return nil, openError(dir, path, err)
		}
		if replaced || pending && !o.ReadOnly {
			db.Close()
			if pending && !replaced {
				// a compaction finished its new file but has not (or, after
				// a crash, never) put it in place: do that, then open it
				if finishCompaction(dir) != nil {
					time.Sleep(lockRetry) // someone has it open (Windows): again shortly
				}
			}
			if time.Now().After(deadline) {
				return nil, openError(dir, path, berrors.ErrTimeout)
			}
			continue
		}
		var s *Store
		err = guard(path, func() (err error) {
			s, err = initStore(db, dir, o, isNew)
			return err
		})
		if err != nil {
			db.Close() // after a recovered panic it is still open (closing twice is harmless)
			return nil, err
		}
		return s, nil
	}
}

// openLocked opens and locks the file and reports whether a compacted file
// waits to replace it (pending) and whether the path, by the time the lock
// was granted, names another file than the one locked (replaced). The order
// of the two checks matters: a compaction creates its waiting file only
// while it holds the lock, and the file leaves only by becoming the path;
// so seen first "none waiting", then "same path", the locked file is the
// current one and nobody will replace it while the lock is held.
func openLocked(path string, o Options, timeout time.Duration) (db *bolt.DB, pending, replaced bool, err error) {
	var opened *os.File
	defer func() {
		// bbolt panicked on a damaged page after it locked the file (guard
		// reports it): the file is closed here, which lets go of the lock
		if r := recover(); r != nil {
			if opened != nil {
				opened.Close()
			}
			panic(r)
		}
	}()
	openFile := o.OpenFile
	if openFile == nil {
		openFile = os.OpenFile
	}
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: max(timeout, 10*time.Millisecond), MaxSize: o.MaxSize, ReadOnly: o.ReadOnly,
		OpenFile: func(name string, flag int, mode os.FileMode) (*os.File, error) {
			f, err := openFile(name, flag, mode)
			if name == path {
				opened = f
			}
			return f, err
		}})
	if err != nil {
		return nil, false, false, err
	}
	_, werr := os.Stat(path + compactedSuffix)
	pending = werr == nil
	return db, pending, !samePath(opened, path), nil
}

// samePath: the open file is still the one the path names.
func samePath(f *os.File, path string) bool {
	if f == nil {
		return true // not observable; bbolt opened it itself
	}
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

func initStore(db *bolt.DB, dir string, o Options, isNew bool) (*Store, error) {
	s := &Store{db: db, dir: dir, file: filepath.Join(dir, FileName), now: o.Now, rules: o.Rules, readOnly: o.ReadOnly, last: &lastEncoding{}}
	if o.Kept != nil {
		s.last = o.Kept.reopened()
	}
	if o.ReadOnly {
		if err := s.checkSchemaReadOnly(); err != nil {
			db.Close()
			return nil, err
		}
		if err := s.loadProfiles(); err != nil {
			db.Close()
			return nil, err
		}
		return s, nil
	}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.loadProfiles(); err != nil {
		db.Close()
		return nil, err
	}
	if isNew {
		// the file's directory entry must survive a power cut too
		if err := atomicfile.SyncDir(dir); err != nil {
			db.Close()
			return nil, fmt.Errorf("sync data directory: %w", err)
		}
	}
	if !o.probe { // Probe holds the lock for a moment: no file to write and remove (issue 26)
		writeHolder(dir) // after the lock is ours: who holds the store, for a waiting window
		s.holder = true
	}
	return s, nil
}

func openError(dir, path string, err error) error {
	var damaged *DamagedError
	switch {
	case errors.As(err, &damaged):
		return damaged
	case errors.Is(err, berrors.ErrTimeout):
		pid, command := lockHolder(path)
		return &LockedError{Dir: dir, PID: pid, Command: command}
	case errors.Is(err, berrors.ErrMaxSizeReached), atomicfile.DiskFull(err):
		return &FullError{Err: err}
	case atomicfile.WriteProtected(err), errors.Is(err, os.ErrPermission):
		return &ReadOnlyError{Dir: dir, Err: err}
	}
	return fmt.Errorf("open store %s: %w", dir, err)
}

// view runs a read transaction; damage met on the way is a DamagedError.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	return guard(s.path(), func() error { return s.db.View(fn) })
}

// Close releases the store for other processes.
func (s *Store) Close() error {
	if s.holder {
		removeHolder(s.dir)
	}
	return s.db.Close()
}

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// defaultRules are the rules of a store opened without any: the built-in
// ones (a variable for the test that Probe parses none).
var defaultRules = catalog.Default

// Probe opens the store in dir as Open does — creating it, waiting for the
// lock, migrating it; the same errors — and closes it again. Unlike Open it
// does not parse the built-in rules unless a migration needs them: the TUI
// checks the store with it while the rules are parsed beside (issue 26).
func Probe(dir string) error {
	return With(dir, Options{probe: true}, func(*Store) error { return nil })
}

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
	if s.readOnly {
		return ErrReadOnly
	}
	err := guard(s.path(), func() error { return s.db.Update(fn) })
	if errors.Is(err, berrors.ErrMaxSizeReached) || atomicfile.DiskFull(err) {
		return &FullError{Err: err}
	}
	return err
}
