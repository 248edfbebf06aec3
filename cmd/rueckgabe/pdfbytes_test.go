package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/internal/fixture"
)

// The same sealed protocol gives the same PDF, byte for byte, every time —
// with JPEG and PNG photos on several findings, one photo on the car and on
// a finding, and two photos whose thumbnails come out alike (the same
// pixels, one with EXIF) — also when the thumbnails are made afresh; and
// the PDF is clean under `qpdf --check`. Before, fpdf wrote image objects
// in Go's map order among images of one width (every thumbnail is 480 px
// wide): six exports gave three different SHA-256s, and the alike
// thumbnails gave "dictionary has duplicated key /I…".
func TestPDFWithPhotosIsTheSameBytesEveryTime(t *testing.T) {
	dir, cam := t.TempDir(), t.TempDir()
	plain := fixture.JPEG(t, fixture.Image(640, 480, 4))
	photos := map[string][]byte{
		"a.jpg": fixture.JPEG(t, fixture.Image(640, 480, 1)),
		"b.png": fixture.PNG(t, fixture.Image(640, 480, 2)),
		"c.jpg": fixture.JPEG(t, fixture.Image(640, 480, 3)),
		"d.jpg": plain,
		// the same pixels as d.jpg, another file: its thumbnail is d's
		"e.jpg": fixture.WithEXIF(plain, fixture.TIFFEXIF(binary.LittleEndian, 1, "2024:04:03 10:12:05", "+02:00")),
		"f.jpg": fixture.JPEG(t, fixture.Image(480, 640, 5)), // portrait
		"g.png": fixture.PNG(t, fixture.Image(800, 600, 6)),
	}
	for name, data := range photos {
		if err := os.WriteFile(filepath.Join(cam, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	id := importComplete(t, dir, true)
	at := func(args ...string) {
		t.Helper()
		if code, _, errOut := runCLI(t, "", append([]string{"--data", dir, "attach", id}, args...)...); code != 0 {
			t.Fatalf("attach %v: %s", args, errOut)
		}
	}
	at("--finding", "1", filepath.Join(cam, "a.jpg"), filepath.Join(cam, "b.png"), filepath.Join(cam, "c.jpg"))
	at("--finding", "2", filepath.Join(cam, "d.jpg"), filepath.Join(cam, "e.jpg"), filepath.Join(cam, "g.png"))
	at(filepath.Join(cam, "a.jpg"), filepath.Join(cam, "f.jpg")) // a.jpg on the car too
	signAgain(t, dir, id)                                        // the photos are part of what was signed
	if code, _, errOut := runCLI(t, "", "--data", dir, "seal", id); code != 0 {
		t.Fatalf("seal: %s", errOut)
	}

	sums := map[string]int{}
	var first []byte
	for i := range 8 {
		if i%3 == 0 { // thumbnails made afresh
			if err := os.RemoveAll(filepath.Join(dir, "thumbnails")); err != nil {
				t.Fatal(err)
			}
		}
		code, out, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "pdf")
		if code != 0 {
			t.Fatalf("export %d: %s", i, errOut)
		}
		sum := sha256.Sum256([]byte(out))
		sums[hex.EncodeToString(sum[:8])]++
		if first == nil {
			first = []byte(out)
		}
	}
	if len(sums) != 1 {
		t.Errorf("8 exports of one protocol gave %d different PDFs: %v", len(sums), sums)
	}
	// every distinct picture once: 7 photos, two alike, one used twice
	if n := bytes.Count(first, []byte("/Subtype /Image")); n != 6 {
		t.Errorf("the PDF holds %d images, want 6", n)
	}
	qpdfCheck(t, first)
}

// qpdfCheck runs `qpdf --check` on a PDF when qpdf is installed (apt-get
// install qpdf); it must find nothing to warn about.
func qpdfCheck(t *testing.T, doc []byte) {
	t.Helper()
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		t.Log("qpdf is not installed: the structural check of the PDF is skipped (apt-get install qpdf)")
		return
	}
	file := filepath.Join(t.TempDir(), "p.pdf")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(qpdf, "--check", file).CombinedOutput()
	if err != nil || strings.Contains(strings.ToLower(string(out)), "warning") {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}
