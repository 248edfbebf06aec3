package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/charmbracelet/x/term"

	"rueckgabe/catalog"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// checkOutputFileAs is what -o FILE may name: a new file, or a regular file
// to be replaced. -o writes a temporary file beside the target and renames
// it into place (internal/atomicfile), and a rename replaces whatever
// node the name has: "-o /dev/full" would swap the device for a file, "-o
// /tmp" would put its temporary file into /. Both are refused first, as is
// any other non-regular file (a FIFO, a socket, a Windows device name such
// as NUL). A symbolic link is judged by what it points to.
//
// label is how the file was given (-o, or backup's FILE): the messages
// name it so.
func checkOutputFileAs(label, path string) error {
	if why := outputNameProblem(path); why != "" {
		return fmt.Errorf("%s %s: %s", label, path, why)
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, derr := os.Stat(filepath.Dir(path)); errors.Is(derr, fs.ErrNotExist) {
			// said before any work is done (an archive, a backup)
			return fmt.Errorf("%s %s: den Ordner %s gibt es nicht / the folder %s does not exist", label, path, filepath.Dir(path), filepath.Dir(path))
		}
		return nil // created beside its parent's other files
	case err != nil:
		return fmt.Errorf("%s %s: %w", label, path, unwrapPath(err))
	case st.IsDir():
		return fmt.Errorf("%s %s: ist ein Verzeichnis / is a directory; give a file name in it", label, path)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s %s: keine gewöhnliche Datei / not a regular file (%s); it writes a new file or replaces a file, never a device", label, path, nodeKind(st.Mode()))
	}
	return nil
}

// checkOutput is what every -o FILE (and backup FILE) is checked by:
// checkOutputFileAs, and never one of the data directory's own files — the
// store, the device key, the trust list, the device settings, and anything
// in its photos, profiles, thumbnails and delivery record folders — which a
// rename would replace with a report or a PDF (a destroyed key, a store
// "damaged" with every protocol gone, a photo a seal covers altered).
func (a *app) checkOutput(path string) error { return a.checkOutputAs("-o", path) }

// checkOutputAs is checkOutput for a file given as label (backup's FILE).
func (a *app) checkOutputAs(label, path string) error {
	if err := checkOutputFileAs(label, path); err != nil {
		return a.fail(exitInvalid, "rueckgabe: %v", err)
	}
	if a.inDataDir(filepath.Dir(path), filepath.Base(path)) {
		return a.fail(exitInvalid, "rueckgabe: %s %s: eine Datei des Datenverzeichnisses, nicht überschreibbar / one of the data directory's own files, never overwritten: choose another name or folder", label, path)
	}
	return nil
}

// ownFolders are the data directory's folders whose files are its own.
var ownFolders = []string{store.PhotoDir, catalog.ProfileDir, service.ThumbDir, service.RecordDir}

// inDataDir: the name in folder dir is one of the data directory's own
// files, or dir is (inside) one of its own folders. Names are compared as
// Windows resolves them: without case, trailing dots and spaces dropped.
func (a *app) inDataDir(dir, name string) bool {
	found, under := a.underDataDir(dir)
	switch {
	case !found:
		return false
	case under == "":
		return dataFile(strings.TrimRight(name, ". "))
	}
	return slices.ContainsFunc(ownFolders, func(f string) bool { return strings.EqualFold(under, f) })
}

// underDataDir says whether dir is the data directory or below it, and
// then the first folder below it on the way ("" for the directory itself).
func (a *app) underDataDir(dir string) (found bool, under string) {
	data, err := a.resolveDir()
	if err != nil {
		return false, ""
	}
	dataSt, err := os.Stat(data)
	if err != nil {
		return false, ""
	}
	for d := dir; ; {
		if st, err := os.Stat(d); err == nil && os.SameFile(st, dataSt) {
			return true, under
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			return false, ""
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return false, ""
		}
		under, d = strings.TrimRight(filepath.Base(abs), ". "), parent
	}
}

// dataFile: a name of the data directory's own files (compared without
// case: Windows and macOS find "Device.JSON" as device.json), the store's
// temporary and lock files included.
func dataFile(name string) bool {
	for _, own := range []string{seal.KeyFile, seal.TrustFile, service.DeviceFile, service.SyncFile, service.InboxStateFile} {
		if strings.EqualFold(name, own) {
			return true
		}
	}
	return len(name) >= len(store.FileName) && strings.EqualFold(name[:len(store.FileName)], store.FileName)
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

// binaryStdout is standard output for "-" where what is written is not text
// (a store backup, a zip archive): to a pipe or a file it goes, to a
// terminal it is refused — the bytes would only garble the screen.
func (a *app) binaryStdout(what string) (io.Writer, error) {
	if a.stdoutTerminal() {
		return nil, a.fail(exitInvalid, "%s: nicht ins Terminal / not to a terminal: redirect it (> FILE, | …) or give a file name", what)
	}
	return a.stdout, nil
}

// printJSON writes v as indented JSON on stdout, every character that could
// drive a terminal escaped (--json of the reporting commands).
func (a *app) printJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return a.fail(exitFailure, "rueckgabe: %v", err)
	}
	return a.writeJSON("", append(b, '\n'))
}

// writeJSON writes a JSON document with every character that could drive a
// terminal or hide text escaped (\u202e): same content, safe to print.
func (a *app) writeJSON(path string, doc []byte) error {
	return a.writeOutput(path, textsafe.EscapeJSON(doc))
}

// writeOutput writes to stdout, or atomically to a file (mode 0600).
func (a *app) writeOutput(path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := a.stdout.Write(data)
		return err
	}
	if err := a.checkOutput(path); err != nil {
		return err
	}
	return a.outputFailed(path, atomicfile.WriteBytes(path, data))
}

// outputFailed words a failed write of -o FILE for the folder it goes to —
// one that is not there, one that may not be written, a full disk — never
// naming the temporary file beside it (the message was "open
// C:\gibtsnicht\.x.pdf.tmp-844670357: Path not found", and a write-protected
// folder was called a read-only store; an outside tester). nil stays nil.
func (a *app) outputFailed(path string, err error) error { return a.outputFailedAs("-o", path, err) }

// outputFailedAs is outputFailed for a file given as label (backup's FILE).
func (a *app) outputFailedAs(label, path string, err error) error {
	var ex exitError
	if err == nil || errors.As(err, &ex) {
		return err
	}
	dir := textsafe.Line(filepath.Dir(path))
	switch {
	case atomicfile.DiskFull(err):
		return a.fail(exitFailure, "rueckgabe: %s %s: Datenträger voll, nichts geschrieben / disk full, nothing written", label, textsafe.Line(path))
	case errors.Is(err, fs.ErrNotExist):
		return a.fail(exitFailure, "rueckgabe: %s %s: den Ordner %s gibt es nicht / the folder %s does not exist", label, textsafe.Line(path), dir, dir)
	case errors.Is(err, fs.ErrPermission), atomicfile.WriteProtected(err):
		return a.fail(exitFailure, "rueckgabe: %s %s: in den Ordner %s darf nicht geschrieben werden (schreibgeschützt?) – einen anderen wählen / the folder %s may not be written (write-protected?): choose another", label, textsafe.Line(path), dir, dir)
	}
	return a.fail(exitFailure, "rueckgabe: %s %s: %s", label, textsafe.Line(path), service.Sentence(err))
}

// writeParts is writeOutput for data in parts (a report rendered in
// chunks): written one after the other, never joined.
func (a *app) writeParts(path string, parts [][]byte) error {
	write := func(w io.Writer) error {
		for _, p := range parts {
			if _, err := w.Write(p); err != nil {
				return err
			}
		}
		return nil
	}
	if path == "" || path == "-" {
		return write(a.stdout)
	}
	if err := a.checkOutput(path); err != nil {
		return err
	}
	return a.outputFailed(path, atomicfile.Write(path, write))
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// stdoutTerminal: standard output is a terminal (tests say so through
// app.terminal).
func (a *app) stdoutTerminal() bool {
	if a.terminal != nil {
		return a.terminal()
	}
	f, ok := a.stdout.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
