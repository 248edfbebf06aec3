package service

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"slices"
	"strings"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/photo"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// The archive is the unit of sync: one zip holding the sealed bundle, every
// photo under its hash and the customer's PDF (docs/format.md). The bundle
// is the evidence; each photo is bound to it by the hash the signed protocol
// records; the PDF is the customer's copy, made again from the two at will.
const (
	archivePhotoDir = "photos/"
	maxArchivePDF   = 256 << 20
	maxArchiveFiles = 10_000
)

// photoExt is the file extension of a photo in the archive, by media type.
func photoExt(typ string) string {
	if typ == inspection.PhotoPNG {
		return ".png"
	}
	return ".jpg"
}

// WriteArchive writes the archive of a sealed record: bundle, PDF, photos
// (each read from the store and checked against its hash).
func WriteArchive(w io.Writer, st *store.Store, rec *store.Record, rules *catalog.Rules) error {
	v, err := VerifyRecord(rec, rules)
	if err != nil {
		return err
	}
	bundle, p := v.Bundle, v.Protocol
	doc, err := RecordPDF(rules, st.Dir())(rec, p)
	if err != nil {
		return err
	}
	return writeArchive(w, st.Photos(), rec, p, bundle, doc)
}

// writeArchive writes bundle, PDF and photos as one zip. The same record
// always gives the same bytes: entries in a fixed order, dated the seal time.
func writeArchive(w io.Writer, photos store.Photos, rec *store.Record, p *inspection.Protocol, bundle, doc []byte) error {
	at := recordMeta(rec).At
	zw := zip.NewWriter(w)
	add := func(name string, method uint16, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: at.UTC()})
		if err == nil {
			_, err = f.Write(data)
		}
		return err
	}
	if err := add(rec.ID+".bundle.json", zip.Deflate, bundle); err != nil {
		return err
	}
	if err := add(rec.ID+".pdf", zip.Store, doc); err != nil {
		return err
	}
	for _, ph := range p.AllPhotos() {
		data, err := photos.Read(ph.SHA256)
		if err != nil {
			return fmt.Errorf("%s: %w", rec.ID, err)
		}
		// photos are compressed already: stored as they are
		if err := add(archivePhotoDir+ph.SHA256+photoExt(ph.Type), zip.Store, data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// IsArchive reports whether data starts like a zip file.
func IsArchive(head []byte) bool { return bytes.HasPrefix(head, []byte("PK\x03\x04")) }

// Archive is an opened archive: its bundle read, its photos and PDF found.
type Archive struct {
	Bundle []byte
	hasPDF bool                 // the customer's copy: one, not checked (it is made again from bundle and photos)
	photos map[string]*zip.File // by hash
	file   *os.File             // when opened from a file: read lazily, closed by Close
}

// OpenArchiveFile opens an archive file; Close releases it.
func OpenArchiveFile(name string) (*Archive, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	a, err := OpenArchive(f, st.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	a.file = f
	return a, nil
}

// Close releases the archive's file.
func (a *Archive) Close() error {
	if a.file == nil {
		return nil
	}
	return a.file.Close()
}

// OpenArchive reads an archive's directory and its bundle. Anything that
// does not belong (a stray file, a photo named other than by a hash, two
// bundles) is refused: an archive holds exactly what its protocol names.
func OpenArchive(r io.ReaderAt, size int64) (*Archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, archiveFail("not a zip archive: %v", err)
	}
	if len(zr.File) > maxArchiveFiles {
		return nil, archiveFail("holds %d files (at most %d)", len(zr.File), maxArchiveFiles)
	}
	a := &Archive{photos: map[string]*zip.File{}}
	var bundle *zip.File
	for _, f := range zr.File {
		name := f.Name
		switch {
		case strings.HasPrefix(name, archivePhotoDir):
			sha := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(name, archivePhotoDir), ".jpg"), ".png")
			if _, err := store.PhotosIn("").Path(sha); err != nil || a.photos[sha] != nil {
				return nil, archiveFail("%q: a photo must be named photos/<sha256>.jpg or .png, once", name)
			}
			a.photos[sha] = f
		case strings.HasSuffix(name, ".bundle.json") && !strings.Contains(name, "/") && bundle == nil:
			bundle = f
		case strings.HasSuffix(name, ".pdf") && !strings.Contains(name, "/") && !a.hasPDF:
			a.hasPDF = true
		default:
			return nil, archiveFail("%q does not belong in an archive (one bundle, one PDF, photos/)", name)
		}
	}
	if bundle == nil {
		return nil, archiveFail("has no *.bundle.json")
	}
	if a.Bundle, err = readEntry(bundle, inspection.MaxProtocolBytes); err != nil {
		return nil, err
	}
	return a, nil
}

// archiveFail is a seal.VerifyError: an archive that is not what it should
// be fails verification like a bundle that is not.
func archiveFail(format string, args ...any) error {
	return &seal.VerifyError{Reason: "archive " + fmt.Sprintf(format, args...)}
}

// readEntry reads one entry, bounded (a zip bomb stops at the bound).
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, archiveFail("%q is %d bytes (at most %d)", f.Name, f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, archiveFail("%q cannot be read: %v", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, archiveFail("%q cannot be read: %v", f.Name, err)
	}
	if int64(len(data)) > limit {
		return nil, archiveFail("%q is larger than %d bytes", f.Name, limit)
	}
	return data, nil
}

// PhotoProblem is the error of a photo of a protocol that fails: which, and why.
type PhotoProblem struct {
	Photo inspection.Photo
	Where string // "protocol" or "finding N"
	Why   string
}

func (e *PhotoProblem) Error() string {
	return fmt.Sprintf("photo %s (%s, %s) %s", inspection.ShortHash(e.Photo.SHA256), e.Photo.Name, e.Where, e.Why)
}

// Verify checks an archive as verify checks a bundle — intact, validly
// signed by a trusted key, valuation its protocol's — and then every photo
// the signed protocol names: present, and its bytes hashing to the hash the
// seal covers; and that it holds no photo the protocol does not name.
func (a *Archive) Verify(trusted []ed25519.PublicKey, rules *catalog.Rules) (*seal.Bundle, *inspection.Protocol, error) {
	b, err := seal.Verify(a.Bundle, trusted)
	if err != nil {
		return b, nil, err
	}
	if err := CheckValuation(b, rules); err != nil {
		return b, nil, err
	}
	p, probs := inspection.DecodeDraft(b.Protocol, rules)
	if len(probs) > 0 {
		return b, nil, fmt.Errorf("protocol: %v", probs)
	}
	named := map[string]bool{}
	for _, ref := range photoRefs(p) {
		named[ref.Photo.SHA256] = true
		if err := a.checkPhoto(ref); err != nil {
			return b, p, err
		}
	}
	for _, sha := range slices.Sorted(maps.Keys(a.photos)) {
		if !named[sha] {
			return b, p, archiveFail("holds photo %s, which the sealed protocol does not name", inspection.ShortHash(sha))
		}
	}
	return b, p, nil
}

// photoRef is a photo the protocol names, and where it names it.
type photoRef struct {
	Photo inspection.Photo
	Where string // "protocol" or "finding N"
}

// checkPhoto streams one photo through SHA-256 without keeping it; a photo
// that fails is a *PhotoProblem.
func (a *Archive) checkPhoto(ref photoRef) error {
	fail := func(why string) error { return &PhotoProblem{Photo: ref.Photo, Where: ref.Where, Why: why} }
	f := a.photos[ref.Photo.SHA256]
	if f == nil {
		return fail("is missing from the archive")
	}
	if path.Ext(f.Name) != photoExt(ref.Photo.Type) {
		return fail(fmt.Sprintf("is stored as %s but the protocol says %s", path.Ext(f.Name), ref.Photo.Type))
	}
	rc, err := f.Open()
	if err != nil {
		return fail("cannot be read: " + err.Error())
	}
	defer rc.Close()
	h := sha256.New()
	head := &headWriter{max: 16}
	n, err := io.Copy(io.MultiWriter(h, head), io.LimitReader(rc, inspection.MaxPhotoBytes+1))
	typ, _ := photo.Sniff(head.b)
	switch got := hex.EncodeToString(h.Sum(nil)); {
	case err != nil:
		return fail("cannot be read: " + err.Error())
	case got != ref.Photo.SHA256:
		return fail("was changed: its bytes hash to " + inspection.ShortHash(got) + ", the seal covers " + inspection.ShortHash(ref.Photo.SHA256))
	case n != ref.Photo.Size:
		return fail(fmt.Sprintf("has %d bytes, the protocol says %d", n, ref.Photo.Size))
	case typ != ref.Photo.Type:
		// the seal covers the bytes, but what they are must be what the
		// protocol declares: HTML sealed as image/jpeg is no photo
		return fail(fmt.Sprintf("is declared %s but its bytes are not that (%s)", ref.Photo.Type, sniffWords(head.b)))
	}
	return nil
}

// Photo returns one photo's bytes, checked against its hash.
func (a *Archive) Photo(sha string) ([]byte, error) {
	f := a.photos[sha]
	if f == nil {
		return nil, archiveFail("has no photo %s", inspection.ShortHash(sha))
	}
	data, err := readEntry(f, inspection.MaxPhotoBytes)
	if err != nil {
		return nil, err
	}
	if store.Hash(data) != sha {
		return nil, archiveFail("photo %s was changed", inspection.ShortHash(sha))
	}
	return data, nil
}

// photoRefs lists each photo a protocol names once, with where it is named.
func photoRefs(p *inspection.Protocol) []photoRef {
	var out []photoRef
	seen := map[string]bool{}
	add := func(list []inspection.Photo, where string) {
		for _, ph := range list {
			if !seen[ph.SHA256] {
				seen[ph.SHA256] = true
				out = append(out, photoRef{Photo: ph, Where: where})
			}
		}
	}
	add(p.Evidence, "protocol")
	for i := range p.Findings {
		add(p.Findings[i].Evidence, fmt.Sprintf("finding %d", i+1))
	}
	return out
}

// StoreArchivePhotos copies the photos of a verified archive into the
// store's photo folder (each durably, content-addressed: the same archive
// again stores nothing new). The caller imports the protocol after them, so
// a sealed protocol in the store always has its photos.
func StoreArchivePhotos(ph store.Photos, a *Archive, p *inspection.Protocol) error {
	for _, photo := range p.AllPhotos() {
		data, err := a.Photo(photo.SHA256)
		if err != nil {
			return err
		}
		if _, err := ph.Put(data); err != nil {
			return err
		}
	}
	return nil
}

// headWriter keeps the first max bytes written to it.
type headWriter struct {
	b   []byte
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if k := w.max - len(w.b); k > 0 {
		w.b = append(w.b, p[:min(k, len(p))]...)
	}
	return len(p), nil
}

// sniffWords says what bytes are by their magic number.
func sniffWords(head []byte) string {
	typ, err := photo.Sniff(head)
	if err != nil {
		return "it " + err.Error()
	}
	return "they are " + typ
}
