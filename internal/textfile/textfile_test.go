package textfile

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s the way PowerShell 5.1's `>` does (LE) or BE, with BOM.
func utf16Bytes(s string, bigEndian bool) []byte {
	var order binary.AppendByteOrder = binary.LittleEndian
	bom := []byte{0xFF, 0xFE}
	if bigEndian {
		order, bom = binary.BigEndian, []byte{0xFE, 0xFF}
	}
	out := bom
	for _, u := range utf16.Encode([]rune(s)) {
		out = order.AppendUint16(out, u)
	}
	return out
}

func TestDecode(t *testing.T) {
	text := "{\"inspector\": \"Max Prüfer 🚗\"}\r\n"
	cases := map[string][]byte{
		"UTF-8":        []byte(text),
		"UTF-8 BOM":    append([]byte{0xEF, 0xBB, 0xBF}, text...),
		"UTF-16LE BOM": utf16Bytes(text, false),
		"UTF-16BE BOM": utf16Bytes(text, true),
	}
	for name, in := range cases {
		got, err := Decode(in)
		if err != nil || string(got) != text {
			t.Errorf("%s: %q, %v", name, got, err)
		}
	}
	// PowerShell's first bytes for "-----BEGIN": FF FE 2D 00 2D 00 …
	if got := utf16Bytes("--", false); !bytes.Equal(got, []byte{0xFF, 0xFE, 0x2D, 0x00, 0x2D, 0x00}) {
		t.Fatalf("test encoder: % x", got)
	}
	if _, err := Decode([]byte{0xFF, 0xFE, 0x41}); err != ErrOddUTF16 {
		t.Errorf("odd UTF-16: %v", err)
	}
	if got, _ := Decode(nil); len(got) != 0 {
		t.Errorf("empty: %q", got)
	}
}

func TestReadFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.json")
	if err := os.WriteFile(p, utf16Bytes("[1]", false), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadFile(p); err != nil || string(got) != "[1]" {
		t.Errorf("%q %v", got, err)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "none")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}
