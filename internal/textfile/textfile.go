// Package textfile reads the text files people hand the program — a public
// key, a protocol, a profile, a settings file — in the encodings Windows
// writes them in: PowerShell 5.1's `>` and Out-File write UTF-16LE with a
// byte order mark, older Notepad UTF-8 with one. Decode turns each into plain
// UTF-8, which is what the parsers expect.
package textfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf16"
	"unicode/utf8"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// ErrOddUTF16 is UTF-16 text (by its byte order mark) cut in the middle of a
// character.
var ErrOddUTF16 = errors.New("UTF-16 text with an odd number of bytes (cut off?)")

// Decode returns b as UTF-8: a UTF-8 byte order mark is dropped, UTF-16LE
// and UTF-16BE with a byte order mark are converted (an unpaired surrogate
// becomes U+FFFD, which the parsers then name). Anything else is returned
// as it is.
func Decode(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		return b[len(bomUTF8):], nil
	case bytes.HasPrefix(b, bomUTF16LE):
		return fromUTF16(b[2:], false)
	case bytes.HasPrefix(b, bomUTF16BE):
		return fromUTF16(b[2:], true)
	}
	return b, nil
}

func fromUTF16(b []byte, bigEndian bool) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, ErrOddUTF16
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// ReadFile is os.ReadFile and Decode.
func ReadFile(name string) ([]byte, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Decode(b)
}

// TooLargeError: a file is larger than what it can hold.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: zu groß / too large (more than %d bytes)", e.Path, e.Limit)
}

// ReadLimited reads a file of at most limit bytes. A larger one — or an
// endless one such as /dev/zero — is a *TooLargeError after reading
// limit+1 bytes, never a program out of memory.
func ReadLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := ReadAllSized(f, limit+1)
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{Path: name, Limit: limit}
	}
	return b, nil
}

// ReadFileLimited is ReadLimited and Decode.
func ReadFileLimited(name string, limit int64) ([]byte, error) {
	b, err := ReadLimited(name, limit)
	if err != nil {
		return nil, err
	}
	return Decode(b)
}

// ReadAllSized reads at most n bytes of f into a buffer sized by the file's
// size when it has one (io.ReadAll grows and copies its buffer a dozen times
// for a 35 KB file: thousands of bundles read felt it).
func ReadAllSized(f *os.File, n int64) ([]byte, error) {
	size := int64(bytes.MinRead)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = min(fi.Size(), n) + bytes.MinRead // MinRead spare: EOF is seen without growing
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	_, err := buf.ReadFrom(io.LimitReader(f, n))
	return buf.Bytes(), err
}
