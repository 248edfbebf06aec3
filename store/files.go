package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/internal/atomicfile"
)

// Backup writes a consistent copy of the live store to path (a read
// transaction sees one snapshot while others go on writing).
func (s *Store) Backup(path string) error {
	return s.view(func(tx *bolt.Tx) error {
		return atomicfile.Write(path, func(w io.Writer) error {
			_, err := tx.WriteTo(w)
			return err
		})
	})
}

// Size returns the store file's size in bytes.
func (s *Store) Size() (int64, error) {
	var n int64
	err := s.view(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n, err
}

// Compact rewrites the store into a fresh file without free pages and swaps
// it in. It holds the store's lock until the new file has taken the old one's
// place, so no other process can write in between; a process that was
// waiting for the old file's lock sees that the file was replaced and opens
// the new one (Open) — no acknowledged write of another process is lost.
func Compact(dir string, o Options) (before, after int64, err error) {
	src, err := Open(dir, o)
	if err != nil {
		return 0, 0, err
	}
	defer src.Close()
	path := filepath.Join(dir, FileName)
	tmpPath := path + ".compact"
	_ = os.Remove(tmpPath)
	if err := compactInto(src, tmpPath, o); err != nil {
		os.Remove(tmpPath)
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	before, _ = src.Size()
	if err := os.Rename(tmpPath, path); err != nil {
		os.Remove(tmpPath)
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	return before, st.Size(), nil
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
