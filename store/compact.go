package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/internal/atomicfile"
)

// Compact rewrites the store into a fresh file without free pages and swaps
// it in, without losing another process's acknowledged write and so that a
// crash at any moment leaves a usable store:
//
//  1. holding the store's lock, it writes the compacted copy (synced) to
//     rueckgabe.db.compact and renames it to rueckgabe.db.compacted: from
//     then on a complete copy of the current store waits beside it;
//  2. it closes the store (Windows can neither replace a file that is open
//     nor one that is memory-mapped) and renames the waiting copy over
//     rueckgabe.db.
//
// Between 1 and 2 the lock is free, but every Open that gets it sees the
// waiting copy, writes nothing into the old file, puts the copy in place
// itself and opens that (openLocked); after a crash the next Open does the
// same. A process that was waiting for the old file's lock sees that the
// file was replaced and opens the new one. A leftover rueckgabe.db.compact
// (a crash during 1) is incomplete and removed by the next compaction.
func Compact(dir string, o Options) (before, after int64, err error) {
	o.ReadOnly = false
	src, err := Open(dir, o)
	if err != nil {
		return 0, 0, err
	}
	closed := false
	defer func() {
		if !closed {
			src.Close()
		}
	}()
	path := filepath.Join(dir, FileName)
	tmpPath := path + ".compact"
	_ = os.Remove(tmpPath)
	if err := compactInto(src, tmpPath, o); err != nil {
		os.Remove(tmpPath)
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	if err := atomicfile.Rename(tmpPath, path+compactedSuffix); err != nil {
		os.Remove(tmpPath)
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		// not known to be durable: take the copy back, the store is unchanged
		os.Remove(path + compactedSuffix)
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	before, _ = src.Size()
	closed = true
	if err := src.Close(); err != nil {
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	timeout := o.LockTimeout
	if timeout == 0 {
		timeout = DefaultLockTimeout
	}
	deadline := time.Now().Add(timeout)
	for {
		err = finishCompaction(dir)
		if err == nil || time.Now().After(deadline) {
			break
		}
		// another process has the old file open for a moment (Windows
		// refuses the rename then): it backs off when it sees the copy
		time.Sleep(5 * time.Millisecond)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("compact: the compacted store takes over at the next start: %w", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	return before, st.Size(), nil
}

// compactedSuffix names the complete compacted copy waiting to replace the
// store file (see Compact).
const compactedSuffix = ".compacted"

// finishCompaction puts a waiting compacted copy in place; nil also when
// there is none (any more: another process was quicker).
func finishCompaction(dir string) error {
	path := filepath.Join(dir, FileName)
	err := atomicfile.Rename(path+compactedSuffix, path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return atomicfile.SyncDir(dir)
}

// compactInto writes src's live data into a new file and syncs it.
func compactInto(src *Store, tmpPath string, o Options) error {
	dst, err := bolt.Open(tmpPath, 0o600, &bolt.Options{Timeout: o.LockTimeout})
	if err != nil {
		return err
	}
	err = bolt.Compact(dst, src.db, 1<<20)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncFile(tmpPath)
	}
	return err
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
