package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// checkOutputFile is what -o FILE may name: a new file, or a regular file
// to be replaced. -o writes a temporary file beside the target and renames
// it into place (internal/atomicfile), and a rename replaces whatever
// node the name has: "-o /dev/full" would swap the device for a file, "-o
// /tmp" would put its temporary file into /. Both are refused first, as is
// any other non-regular file (a FIFO, a socket, a Windows device name such
// as NUL). A symbolic link is judged by what it points to.
func checkOutputFile(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // created beside its parent's other files
	case err != nil:
		return fmt.Errorf("-o %s: %w", path, unwrapPath(err))
	case st.IsDir():
		return fmt.Errorf("-o %s: ist ein Verzeichnis / is a directory; give a file name in it", path)
	case !st.Mode().IsRegular():
		return fmt.Errorf("-o %s: keine gewöhnliche Datei / not a regular file (%s); -o writes a new file or replaces a file, never a device", path, nodeKind(st.Mode()))
	}
	return nil
}

// nodeKind names a non-regular file's kind.
func nodeKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return m.Type().String()
}
