package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"rueckgabe/internal/atomicfile"
)

// PhotoDir holds the attached photos beside the store file, one file per
// photo named by its SHA-256 (in a folder per first two digits, so no folder
// grows past a few thousand files). The bbolt file stays small; the
// protocol records each hash, and the seal covers the protocol.
const PhotoDir = "photos"

// Photos are the photo files of one data directory. A photo is written once
// and never changed: the same bytes always get the same name, so storing a
// photo twice is nothing to do.
type Photos struct {
	dir string
	// write copies data into the open temporary file (tests make it fail
	// as a full disk does).
	write func(f *os.File, data []byte) error
}

// PhotosIn returns the photo files of the data directory dir.
func PhotosIn(dir string) Photos {
	return Photos{dir: filepath.Join(dir, PhotoDir), write: writeAll}
}

// Photos returns the store's photo files.
func (s *Store) Photos() Photos { return PhotosIn(s.dir) }

func writeAll(f *os.File, data []byte) error {
	_, err := f.Write(data)
	return err
}

// PhotoError says what is wrong with a stored photo: missing, or altered
// (its bytes no longer have its hash).
type PhotoError struct {
	SHA256  string
	Missing bool
	Got     string // the hash the file has now, when altered
}

func (e *PhotoError) Error() string {
	if e.Missing {
		return fmt.Sprintf("photo %s is missing", e.SHA256)
	}
	return fmt.Sprintf("photo %s was altered (its bytes now hash to %s)", e.SHA256, e.Got)
}

// Path is where the photo with this hash lives. A hash that is not 64 hex
// digits has no path (it must never name a file outside the folder).
func (ph Photos) Path(sha string) (string, error) {
	if !isHash(sha) {
		return "", fmt.Errorf("%q is not a photo hash", sha)
	}
	return filepath.Join(ph.dir, sha[:2], sha), nil
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Hash is the lower-case hex SHA-256 of data: a photo's name.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Put stores data under its hash and returns the hash. It writes a
// temporary file, syncs it and renames it into place, so a crash or a full
// disk leaves either the whole photo or none under its name; a photo that is
// there already is checked and kept (or replaced when damaged).
func (ph Photos) Put(data []byte) (string, error) {
	sha := Hash(data)
	path, _ := ph.Path(sha)
	if _, err := ph.Read(sha); err == nil {
		return sha, nil
	}
	shard := filepath.Dir(path)
	if err := os.MkdirAll(shard, 0o700); err != nil {
		return "", photoWriteError(ph.dir, err)
	}
	tmp, err := os.CreateTemp(shard, ".incoming-*")
	if err != nil {
		return "", photoWriteError(ph.dir, err)
	}
	err = ph.write(tmp, data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = atomicfile.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", photoWriteError(ph.dir, err)
	}
	if err := atomicfile.SyncDir(shard); err != nil {
		return "", photoWriteError(ph.dir, err)
	}
	if err := atomicfile.SyncDir(ph.dir); err != nil {
		return "", photoWriteError(ph.dir, err)
	}
	return sha, nil
}

// PutFrom copies a photo from r into the folder while hashing it: a
// temporary file, synced, renamed to its hash (a photo stored already is
// kept and the copy dropped). It returns the hash and size. The name is
// durable only after SyncDirs: storing many photos, one directory sync for
// all. Nothing of the photo is held in memory beyond a buffer.
func (ph Photos) PutFrom(r io.Reader) (sha string, size int64, err error) {
	if err := os.MkdirAll(ph.dir, 0o700); err != nil {
		return "", 0, photoWriteError(ph.dir, err)
	}
	tmp, err := os.CreateTemp(ph.dir, ".incoming-*")
	if err != nil {
		return "", 0, photoWriteError(ph.dir, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	h := sha256.New()
	bp := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(bp)
	buf := *bp
	for err == nil {
		var n int
		n, err = io.ReadFull(r, buf)
		if n > 0 {
			h.Write(buf[:n])
			size += int64(n)
			if werr := ph.write(tmp, buf[:n]); werr != nil {
				tmp.Close()
				return "", 0, photoWriteError(ph.dir, werr)
			}
		}
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	if err != nil {
		tmp.Close()
		return "", 0, err // reading the source, not writing the store
	}
	err = tmp.Sync()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, photoWriteError(ph.dir, err)
	}
	sha = hex.EncodeToString(h.Sum(nil))
	path, _ := ph.Path(sha)
	if ph.Verify(sha) == nil {
		return sha, size, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", 0, photoWriteError(ph.dir, err)
	}
	if err := atomicfile.Rename(tmp.Name(), path); err != nil {
		return "", 0, photoWriteError(ph.dir, err)
	}
	return sha, size, nil
}

// copyBuffers are PutFrom's buffers, one per photo being copied.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// SyncDirs makes the names of photos stored by PutFrom durable: each
// photo's folder, then the photo folder itself.
func (ph Photos) SyncDirs(shas []string) error {
	done := map[string]bool{}
	for _, sha := range shas {
		path, err := ph.Path(sha)
		if err != nil {
			return err
		}
		if shard := filepath.Dir(path); !done[shard] {
			done[shard] = true
			if err := atomicfile.SyncDir(shard); err != nil {
				return photoWriteError(ph.dir, err)
			}
		}
	}
	if err := atomicfile.SyncDir(ph.dir); err != nil {
		return photoWriteError(ph.dir, err)
	}
	return nil
}

// photoWriteError words a failed write as the store's typed errors.
func photoWriteError(dir string, err error) error {
	switch {
	case atomicfile.DiskFull(err):
		return &FullError{Err: err}
	case atomicfile.WriteProtected(err), errors.Is(err, os.ErrPermission):
		return &ReadOnlyError{Dir: dir, Err: err}
	}
	return fmt.Errorf("store photo: %w", err)
}

// Read returns a stored photo's bytes after checking them against the hash
// (a *PhotoError when missing or altered).
func (ph Photos) Read(sha string) ([]byte, error) {
	path, err := ph.Path(sha)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, &PhotoError{SHA256: sha, Missing: true}
	}
	if err != nil {
		return nil, err
	}
	if got := Hash(data); got != sha {
		return nil, &PhotoError{SHA256: sha, Got: got}
	}
	return data, nil
}

// Verify checks a stored photo's bytes against its hash without keeping them.
func (ph Photos) Verify(sha string) error {
	path, err := ph.Path(sha)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &PhotoError{SHA256: sha, Missing: true}
	}
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sha {
		return &PhotoError{SHA256: sha, Got: got}
	}
	return nil
}
