package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWholeAndOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	if err := WriteBytes(path, []byte("alt")); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(path, []byte("neu")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(data) != "neu" {
		t.Fatalf("%q", data)
	}
	checkOwnerOnly(t, st)
}

// A write that fails half-way leaves the old file and no temporary file.
func TestFailedWriteLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	WriteBytes(path, []byte("alt"))
	err := Write(path, func(w io.Writer) error {
		w.Write([]byte("halb"))
		return errors.New("disk full")
	})
	if err == nil {
		t.Fatal("a failed write reported success")
	}
	data, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)
	if string(data) != "alt" || len(entries) != 1 {
		t.Fatalf("after a failed write: %q, %d entries", data, len(entries))
	}
}
