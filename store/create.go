package store

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/internal/atomicfile"
)

// createFile puts a new store file in place whole. bbolt writes its first
// pages (synced) into a temporary file beside the store, which then gets
// the store's name without replacing anything (atomicfile.PlaceNew: a
// move on Windows, a hard link elsewhere): an opener in another process finds no file or
// a complete one, never the empty file of a creation in progress — which it
// would wait for at best (checkFileLocked) and, on a busy Windows laptop
// where the creator takes its lock only after creating the file, could take
// for a damaged store. A creator that linked first wins; nothing is ever
// replaced. ok is false where that could not be done (off Windows, a file
// system without hard links, such as FAT on a USB stick): the caller then
// lets bbolt create the file in place, as before, where its lock is taken
// at once after creation.
func createFile(path string) (ok bool) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, FileName+creating+"*")
	if err != nil {
		return false
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	db, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return false
	}
	if err := db.Close(); err != nil {
		return false
	}
	if err := atomicfile.PlaceNew(tmp, path); err != nil && !errors.Is(err, os.ErrExist) {
		return false
	}
	// the name must survive a power cut too
	return atomicfile.SyncDir(dir) == nil
}

// creating marks the temporary files of createFile.
const creating = ".new-"

// removeStaleCreations removes what a creation killed before its end left
// (a few KiB each), at every writable open; one younger than a minute may
// be another's in progress.
func removeStaleCreations(dir string) {
	stale, _ := filepath.Glob(filepath.Join(dir, FileName+creating+"*"))
	for _, name := range stale {
		if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(name)
		}
	}
}
