// Package atomicfile writes files so that a crash, a full disk or a killed
// process leaves either the old file or the complete new one, never a part:
// temporary file in the same directory, fsync, rename, fsync of the
// directory. Everything rueckgabe writes holds personal data (names,
// addresses, plates), so files are readable by their owner only (0600).
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write writes path atomically with what write produces.
func Write(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := Temp(dir, filepath.Base(path), write)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp) // a no-op once renamed
	if err := Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return SyncDir(dir)
}

// Replace is Write without the fsync of the directory: the file is complete
// and synced under its name, but the name itself is durable only after
// SyncDir(filepath.Dir(path)) — for many files in one directory, one
// directory sync for all of them.
func Replace(path string, write func(io.Writer) error) error {
	tmp, err := Temp(filepath.Dir(path), filepath.Base(path), write)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp) // a no-op once renamed
	if err := Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteBytes writes data to path atomically.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Temp writes a complete, synced 0600 file in dir and returns its name; the
// caller moves it into place (rename, or link when it must not replace).
func Temp(dir, base string, write func(io.Writer) error) (string, error) {
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
