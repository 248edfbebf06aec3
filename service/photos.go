package service

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/progress"
	"rueckgabe/photo"
	"rueckgabe/store"
)

// PhotoFile is a file checked for attaching: where it is and what the
// protocol will record of it (its SHA-256 once StorePhotos copied it).
type PhotoFile struct {
	Path  string
	Photo inspection.Photo
	head  []byte // the bytes Inspect read: the copy must start with them
}

// photoHead is how much of a file ReadPhotoFile reads to check it: a
// JPEG's segments up to its image data (header, EXIF) fit in it; a file
// whose do not, and a PNG, is read whole.
const photoHead = 256 << 10

// ReadPhotoFile checks one file by its head (type, header, pixel size,
// EXIF), without holding the photo in memory. A file that cannot be a photo
// gets a *photo.Refused saying why (and, for HEIC, what to do).
func ReadPhotoFile(path string) (*PhotoFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &photo.Refused{Reason: "is a folder, not a photo", De: "ist ein Ordner, kein Foto"}
	}
	if !st.Mode().IsRegular() {
		// a device (/dev/zero), pipe or socket: its size says nothing
		return nil, &photo.Refused{Reason: "is not a regular file (a device, pipe or socket), not a photo", De: "ist keine gewöhnliche Datei (ein Gerät, eine Pipe oder ein Socket), kein Foto"}
	}
	if st.Size() > inspection.MaxPhotoBytes {
		return nil, tooLarge(st.Size())
	}
	head := make([]byte, min(st.Size(), photoHead))
	if _, err := io.ReadFull(f, head); err != nil {
		return nil, err
	}
	data := head
	if len(head) == photoHead && !photo.HeaderWithin(head) {
		rest, err := io.ReadAll(io.LimitReader(f, inspection.MaxPhotoBytes+1-photoHead))
		if err != nil {
			return nil, err
		}
		data = append(head, rest...)
		if len(data) > inspection.MaxPhotoBytes { // grew while being read
			return nil, tooLarge(int64(len(data)))
		}
		head = data[:photoHead]
	}
	info, err := photo.Inspect(data)
	if err != nil {
		return nil, err
	}
	ph := inspection.Photo{Size: st.Size(), Name: filepath.Base(path), Type: info.Type,
		TakenAt: info.EXIF.TakenAt, TakenFrom: inspection.PhotoTakenEXIF}
	if ph.TakenAt == "" {
		ph.TakenAt, ph.TakenFrom = st.ModTime().Truncate(time.Second).Format(time.RFC3339), inspection.PhotoTakenFile
	}
	return &PhotoFile{Path: path, Photo: ph, head: head[:len(head):len(head)]}, nil
}

func tooLarge(n int64) error {
	mb := float64(n) / (1 << 20)
	return &photo.Refused{Reason: fmt.Sprintf("is %.1f MB; a photo may have at most %d MB (export it smaller)", mb, inspection.MaxPhotoBytes>>20),
		De: strings.Replace(fmt.Sprintf("hat %.1f MB; ein Foto darf höchstens %d MB haben (kleiner exportieren)", mb, inspection.MaxPhotoBytes>>20), ".", ",", 1)}
}

// ReadPhotoFiles reads every file, all or nothing: the errors name each file
// that cannot be attached, and then none is. prog (nil: none) hears of each
// file read.
func ReadPhotoFiles(paths []string, prog progress.Reporter) ([]*PhotoFile, []error) {
	prog = progress.Or(prog)
	prog.Start(len(paths))
	var files []*PhotoFile
	var errs []error
	for _, p := range paths {
		f, err := ReadPhotoFile(p)
		prog.Step(filepath.Base(p))
		if err != nil {
			errs = append(errs, &FileError{Path: p, Err: err})
			continue
		}
		files = append(files, f)
	}
	return files, errs
}

// FileError ties an error to the file it is about.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// StorePhotos copies the files into the data directory's photo folder
// (content-addressed, streamed: read, hashed and written in one pass) and
// returns what the protocol records of them, with their hashes (also set in
// files). Storing them before the protocol names them means a crash in
// between leaves an unused photo, never a protocol naming a photo that is
// not there: every photo is synced, and its folder, before this returns. A
// file that changed since it was checked (other size or head) is refused.
func StorePhotos(ph store.Photos, files []*PhotoFile) ([]inspection.Photo, error) {
	out := make([]inspection.Photo, 0, len(files))
	shas := make([]string, 0, len(files))
	for _, f := range files {
		sha, err := storePhoto(ph, f)
		if err != nil {
			return nil, &FileError{Path: f.Path, Err: err}
		}
		f.Photo.SHA256 = sha
		out = append(out, f.Photo)
		shas = append(shas, sha)
	}
	if err := ph.SyncDirs(shas); err != nil {
		return nil, err
	}
	return out, nil
}

// errPhotoChanged: the file is not what was checked.
var errPhotoChanged = errors.New("changed while being attached: attach it again")

func storePhoto(ph store.Photos, f *PhotoFile) (string, error) {
	r, err := os.Open(f.Path)
	if err != nil {
		return "", err
	}
	defer r.Close()
	head := make([]byte, len(f.head))
	if _, err := io.ReadFull(r, head); err != nil || !bytes.Equal(head, f.head) {
		return "", errPhotoChanged
	}
	sha, size, err := ph.PutFrom(io.MultiReader(bytes.NewReader(head), io.LimitReader(r, inspection.MaxPhotoBytes+1-int64(len(head)))))
	if err == nil && size != f.Photo.Size {
		err = errPhotoChanged
	}
	return sha, err
}

// ErrNoSuchFinding: the finding number names no finding.
var ErrNoSuchFinding = errors.New("no such finding")

// AddPhotos adds photos to a finding (index ≥ 0) or to the protocol itself
// (−1), each hash once; it returns for each photo whether it was new.
func AddPhotos(p *inspection.Protocol, finding int, photos []inspection.Photo) ([]bool, error) {
	list := &p.Evidence
	if finding >= 0 {
		if finding >= len(p.Findings) {
			return nil, fmt.Errorf("%w: %d (the protocol has %d)", ErrNoSuchFinding, finding+1, len(p.Findings))
		}
		list = &p.Findings[finding].Evidence
	}
	added := make([]bool, len(photos))
	for i, ph := range photos {
		if !hasPhoto(*list, ph.SHA256) {
			*list = append(*list, ph)
			added[i] = true
		}
	}
	return added, nil
}

// RemovePhoto takes a photo off a finding (index ≥ 0) or off the protocol
// (−1) of a draft; its file stays, as every stored photo does. It reports
// whether the photo was there.
func RemovePhoto(p *inspection.Protocol, finding int, sha string) bool {
	list := &p.Evidence
	if finding >= 0 && finding < len(p.Findings) {
		list = &p.Findings[finding].Evidence
	}
	n := len(*list)
	*list = slices.DeleteFunc(*list, func(ph inspection.Photo) bool { return ph.SHA256 == sha })
	return len(*list) < n
}

func hasPhoto(list []inspection.Photo, sha string) bool {
	for _, ph := range list {
		if ph.SHA256 == sha {
			return true
		}
	}
	return false
}

// Attach stores the files' photos and adds them to a draft in one save.
// A sealed protocol takes no photos (its amendment does). A photo on a
// finding changes what the customer's condition agreement attests: voided
// names the signatures the save took off.
func Attach(st *store.Store, id string, finding int, files []*PhotoFile, by string) (added []bool, voided []inspection.Voided, err error) {
	rec, p, err := st.Get(id)
	if err != nil {
		return nil, nil, err
	}
	if rec.Status.Immutable() {
		return nil, nil, store.ErrSealed
	}
	photos, err := StorePhotos(st.Photos(), files)
	if err != nil {
		return nil, nil, err
	}
	if added, err = AddPhotos(p, finding, photos); err != nil {
		return nil, nil, err
	}
	voided = inspection.VoidStale(p, st.Rules())
	_, err = st.Save(p, rec.Revision, by)
	return added, voided, err
}

// ThumbDir holds the thumbnails the PDF shows: derived from the photos,
// made once, and made again from them whenever missing.
const ThumbDir = "thumbnails"

// Thumbnail returns the PDF thumbnail of a stored photo, from the cache
// beside the photos or made from the photo (whose bytes are checked against
// the hash first) and cached. Making one costs a decode (≈ 0.1 s CPU for 12
// megapixels, decoded at an eighth), so the TUI makes them in the background
// as photos are attached.
func Thumbnail(dir, sha string) ([]byte, error) {
	cached := filepath.Join(dir, ThumbDir, sha+".jpg")
	if _, err := store.PhotosIn(dir).Path(sha); err != nil {
		return nil, err
	}
	if data, err := os.ReadFile(cached); err == nil {
		return data, nil
	}
	data, err := store.PhotosIn(dir).Read(sha)
	if err != nil {
		return nil, err
	}
	th, err := photo.Thumbnail(data)
	if err != nil {
		return nil, err
	}
	// a cache: a failure to write it only costs the next PDF the decode
	if os.MkdirAll(filepath.Dir(cached), 0o700) == nil {
		_ = atomicfile.WriteBytes(cached, th)
	}
	return th, nil
}

// Detach takes the photo whose hash starts with prefix (at least 8 hex
// digits, naming one photo) off a finding (index ≥ 0) or the protocol (−1)
// of a draft, in one save. The stored file stays.
func Detach(st *store.Store, id string, finding int, prefix, by string) (inspection.Photo, []inspection.Voided, error) {
	rec, p, err := st.Get(id)
	if err != nil {
		return inspection.Photo{}, nil, err
	}
	if rec.Status.Immutable() {
		return inspection.Photo{}, nil, store.ErrSealed
	}
	list := p.Evidence
	if finding >= 0 {
		if finding >= len(p.Findings) {
			return inspection.Photo{}, nil, fmt.Errorf("%w: %d (the protocol has %d)", ErrNoSuchFinding, finding+1, len(p.Findings))
		}
		list = p.Findings[finding].Evidence
	}
	var match []inspection.Photo
	for _, ph := range list {
		if len(prefix) >= 8 && strings.HasPrefix(ph.SHA256, strings.ToLower(prefix)) {
			match = append(match, ph)
		}
	}
	switch {
	case len(prefix) < 8:
		return inspection.Photo{}, nil, fmt.Errorf("%w: %q is too short (give at least 8 digits of the SHA-256)", ErrNoSuchPhoto, prefix)
	case len(match) == 0:
		return inspection.Photo{}, nil, fmt.Errorf("%w: none starts with %q there", ErrNoSuchPhoto, prefix)
	case len(match) > 1:
		return inspection.Photo{}, nil, fmt.Errorf("%w: %q names %d photos; give more digits", ErrNoSuchPhoto, prefix, len(match))
	}
	RemovePhoto(p, finding, match[0].SHA256)
	voided := inspection.VoidStale(p, st.Rules())
	_, err = st.Save(p, rec.Revision, by)
	return match[0], voided, err
}

// ErrNoSuchPhoto: no (or no single) attached photo has the hash given.
var ErrNoSuchPhoto = errors.New("no such photo")
