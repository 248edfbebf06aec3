package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestPhotosAreWrittenOnceWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	ph := PhotosIn(dir)
	data := bytes.Repeat([]byte("photo"), 1000)
	sha, err := ph.Put(data)
	if err != nil || sha != Hash(data) {
		t.Fatalf("put: %s %v", sha, err)
	}
	path, _ := ph.Path(sha)
	st, _ := os.Stat(path)
	if again, err := ph.Put(data); err != nil || again != sha {
		t.Fatalf("second put: %v", err)
	}
	if st2, _ := os.Stat(path); !st2.ModTime().Equal(st.ModTime()) {
		t.Error("storing the same photo again rewrote it")
	}
	if got, err := ph.Read(sha); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read: %v", err)
	}

	// a damaged copy is replaced by the next put of the genuine bytes
	os.WriteFile(path, []byte("damaged"), 0o600)
	var pe *PhotoError
	if _, err := ph.Read(sha); !errors.As(err, &pe) || pe.Missing || pe.Got != Hash([]byte("damaged")) {
		t.Fatalf("altered photo: %v", err)
	}
	if err := ph.Verify(sha); !errors.As(err, &pe) || pe.Missing {
		t.Fatalf("verify altered: %v", err)
	}
	if _, err := ph.Put(data); err != nil {
		t.Fatal(err)
	}
	if err := ph.Verify(sha); err != nil {
		t.Fatalf("repaired photo: %v", err)
	}

	// a full disk: an error saying so, nothing under the photo's name, no temporary file left
	other := []byte("another photo")
	full := ph
	full.write = func(f *os.File, data []byte) error {
		f.Write(data[:len(data)/2])
		return &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	var fe *FullError
	if _, err := full.Put(other); !errors.As(err, &fe) {
		t.Fatalf("disk full: %v", err)
	}
	if err := ph.Verify(Hash(other)); !errors.As(err, &pe) || !pe.Missing {
		t.Fatalf("a half-written photo is visible: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, PhotoDir, "*", ".incoming-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// a hash is never a path
	for _, bad := range []string{"../../etc/passwd", "", sha[:63], sha + "0", "G" + sha[1:], "AB" + sha[2:]} {
		if _, err := ph.Path(bad); err == nil {
			t.Errorf("%q names a file", bad)
		}
	}
}
