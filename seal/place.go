package seal

import (
	"bytes"
	"fmt"
	"os"
	"time"
)

// placeKey moves the complete, synced temporary key file tmp to path unless
// path exists (then an error that is os.ErrExist): never a partial key,
// never an existing key overwritten. How depends on the system (the seam is
// place_windows.go / place_other.go): a hard link where the file system has
// them, a rename that does not replace on Windows, and on file systems
// without hard links (FAT, exFAT sticks) an exclusive create of path as an
// empty placeholder that the key then replaces by rename (a crash in
// between leaves an empty key file, which the next start replaces).
func placeKey(tmp, path string) error { return place(tmp, path) }

// link and readFile are os.Link and os.ReadFile; variables so that tests
// can play a FAT file system and a key being moved into place.
var (
	link     = os.Link
	readFile = readLimitedFile
)

// placeByPlaceholder claims path with an exclusive create and renames the
// key over the (empty) placeholder.
func placeByPlaceholder(tmp, path string, rename func(string, string) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err // os.ErrExist when another window was first
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	if err := rename(tmp, path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// waitForWinner waits until the key another window has just placed is
// there: with the placeholder scheme the file may for a moment be empty; it
// is read again a bounded number of times before that counts as an error.
func waitForWinner(path string) error {
	for try := 0; ; try++ {
		data, err := readKeyBytes(path)
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(data)) > 0 {
			return nil
		}
		if try == 200 {
			return fmt.Errorf("Geräteschlüssel %s bleibt leer / stays empty", path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// readKeyBytes reads the key file; an error the system gives only while
// another window is moving the key into place (transientReadError: a
// sharing violation on Windows) is retried a bounded number of times.
func readKeyBytes(path string) ([]byte, error) {
	for try := 0; ; try++ {
		data, err := readFile(path)
		if err == nil || !transientReadError(err) || try == 200 {
			return data, err
		}
		time.Sleep(5 * time.Millisecond)
	}
}
