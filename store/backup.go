package store

import (
	"io"

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

// WriteBackup streams a consistent copy of the store to w (rueckgabe backup
// -): the same bytes Backup writes to a file.
func (s *Store) WriteBackup(w io.Writer) error {
	return s.view(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(w)
		return err
	})
}

// Size returns the store file's size in bytes.
func (s *Store) Size() (int64, error) {
	var n int64
	err := s.view(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n, err
}
