package service

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"rueckgabe/internal/fixture"
	"rueckgabe/store"
)

// appSegments puts n APP2 segments of 60 KB right after a JPEG's SOI (an
// ICC profile or a maker's preview can take that much room before the EXIF).
func appSegments(jpg []byte, n int) []byte {
	out := append([]byte{}, jpg[:2]...)
	for range n {
		seg := bytes.Repeat([]byte{0x42}, 60_000)
		out = append(out, 0xFF, 0xE2, byte((len(seg)+2)>>8), byte(len(seg)+2))
		out = append(out, seg...)
	}
	return append(out, jpg[2:]...)
}

// Attaching reads a photo's head to check it and streams the copy: a JPEG
// whose header segments reach beyond the head is read whole to check it
// (its EXIF time found behind 300 KB of other segments); the stored file is
// the file, under its hash; a file changed between check and copy is
// refused.
func TestAttachStreamsAndChecksTheWholeHeader(t *testing.T) {
	jpg := fixture.JPEG(t, fixture.Image(64, 48, 0))
	withTime := fixture.WithEXIF(jpg, fixture.TIFFEXIF(binary.BigEndian, 1, "2024:04:03 10:12:05", "+02:00"))
	late := appSegments(withTime, 5) // SOI, APP2 × 5, then the EXIF
	dir := t.TempDir()
	path := filepath.Join(dir, "late-exif.jpg")
	if err := os.WriteFile(path, late, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := ReadPhotoFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Photo.TakenAt != "2024-04-03T10:12:05+02:00" {
		t.Errorf("EXIF behind 300 KB of segments: taken %q (%s)", f.Photo.TakenAt, f.Photo.TakenFrom)
	}
	ph := store.PhotosIn(t.TempDir())
	got, err := StorePhotos(ph, []*PhotoFile{f})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].SHA256 != store.Hash(late) || f.Photo.SHA256 != got[0].SHA256 || got[0].Size != int64(len(late)) {
		t.Fatalf("stored %+v, want hash %s", got[0], store.Hash(late))
	}
	if back, err := ph.Read(got[0].SHA256); err != nil || !bytes.Equal(back, late) {
		t.Fatalf("stored bytes: %v", err)
	}
	// changed after the check: other bytes in the head, or another size
	for name, changed := range map[string][]byte{"head": append([]byte{0xFF, 0xD8, 0xFF, 0xE3}, late[4:]...), "size": append(append([]byte{}, late...), 0)} {
		f, err := ReadPhotoFile(path)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(path, changed, 0o600)
		if _, err := StorePhotos(ph, []*PhotoFile{f}); err == nil {
			t.Errorf("%s changed between check and copy: stored", name)
		}
		os.WriteFile(path, late, 0o600)
	}
}

// 40 photos of 5 MB are attached with far less than their size in memory.
func TestAttach40PhotosHoldsNoneInMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("makes 200 MB of photos")
	}
	paths := writeCard(t, 40)
	st, id := photoStore(t)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	files, errs := ReadPhotoFiles(paths, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, _, err := Attach(st, id, 0, files, "t"); err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("attaching 40 × %d MB allocated %d MB", len(cameraJPEG())>>20, grew>>20)
	}
}
