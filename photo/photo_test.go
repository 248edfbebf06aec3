package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"strings"
	"testing"

	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

func testImage(w, h int) *image.RGBA { return fixture.Image(w, h, 0) }

func encodeJPEG(t testing.TB, m image.Image) []byte { return fixture.JPEG(t, m) }

func encodePNG(t testing.TB, m image.Image) []byte { return fixture.PNG(t, m) }

var (
	tiffEXIF = fixture.TIFFEXIF
	withEXIF = fixture.WithEXIF
)

func TestSniffSaysWhatAFileIs(t *testing.T) {
	jpg := encodeJPEG(t, testImage(8, 8))
	cases := []struct {
		name string
		data []byte
		want string // media type, or a word of the refusal
	}{
		{"jpeg", jpg, inspection.PhotoJPEG},
		{"png", encodePNG(t, testImage(8, 8)), inspection.PhotoPNG},
		{"heic", append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 20)...), "HEIC"},
		{"heif mif1", append([]byte("\x00\x00\x00\x18ftypmif1"), make([]byte, 20)...), "HEIC"},
		{"avif", []byte("\x00\x00\x00\x18ftypavif...."), "AVIF"},
		{"mp4", []byte("\x00\x00\x00\x18ftypisom...."), "video"},
		{"gif", []byte("GIF89a......"), "GIF"},
		{"webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), "WebP"},
		{"raw", []byte("II*\x00\x08\x00\x00\x00"), "TIFF"},
		{"text named .jpg", []byte("hello"), "not a JPEG or PNG"},
		{"empty", nil, "empty"},
	}
	for _, c := range cases {
		got, err := Sniff(c.data)
		if err != nil {
			got = err.Error()
			if !IsRefused(err) {
				t.Errorf("%s: %v is not a refusal", c.name, err)
			}
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestInspectRefusesFilesThatLie(t *testing.T) {
	jpg := encodeJPEG(t, testImage(16, 16))
	if _, err := Inspect(jpg[:20]); !IsRefused(err) {
		t.Errorf("cut JPEG: %v", err)
	}
	// a PNG header claiming 100,000 × 100,000 pixels in a few bytes
	bomb := encodePNG(t, testImage(1, 1))
	binary.BigEndian.PutUint32(bomb[16:], 100_000)
	binary.BigEndian.PutUint32(bomb[20:], 100_000)
	if _, err := Inspect(bomb); !IsRefused(err) {
		t.Errorf("decompression bomb: %v", err)
	}
	info, err := Inspect(jpg)
	if err != nil || info.Width != 16 || info.Type != inspection.PhotoJPEG {
		t.Errorf("good JPEG: %+v %v", info, err)
	}
}

func TestReadEXIF(t *testing.T) {
	jpg := encodeJPEG(t, testImage(8, 8))
	for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		got := ReadEXIF(withEXIF(jpg, tiffEXIF(bo, 6, "2024:04:03 10:12:05", "+02:00")))
		if got.Orientation != 6 || got.TakenAt != "2024-04-03T10:12:05+02:00" {
			t.Errorf("%v: %+v", bo, got)
		}
	}
	cases := []struct {
		name, taken, offset, want string
		orientation               uint16
		wantOrientation           int
	}{
		{"no offset", "2024:04:03 10:12:05", "", "2024-04-03T10:12:05", 1, 1},
		{"unset date", "0000:00:00 00:00:00", "+02:00", "", 1, 1},
		{"garbage date", "2024:13:45 99:99:99", "", "", 1, 1},
		{"garbage offset", "2024:04:03 10:12:05", "\x1b[31m", "2024-04-03T10:12:05", 1, 1},
		{"orientation out of range", "2024:04:03 10:12:05", "", "2024-04-03T10:12:05", 9, 1},
	}
	for _, c := range cases {
		got := ReadEXIF(withEXIF(jpg, tiffEXIF(binary.BigEndian, c.orientation, c.taken, c.offset)))
		if got.TakenAt != c.want || got.Orientation != c.wantOrientation {
			t.Errorf("%s: %+v", c.name, got)
		}
	}
	if got := ReadEXIF(jpg); got != (EXIF{Orientation: 1}) {
		t.Errorf("no EXIF: %+v", got)
	}
	// PNG keeps EXIF in an eXIf chunk before the image data
	p := encodePNG(t, testImage(4, 4))
	chunk := tiffEXIF(binary.BigEndian, 3, "2023:12:24 18:00:00", "")
	var c bytes.Buffer
	binary.Write(&c, binary.BigEndian, uint32(len(chunk)))
	c.WriteString("eXIf")
	c.Write(chunk)
	c.Write([]byte{0, 0, 0, 0}) // CRC: not checked by a reader of metadata
	at := 8 + 25                // after the signature and IHDR
	withChunk := append(append(append([]byte{}, p[:at]...), c.Bytes()...), p[at:]...)
	if got := ReadEXIF(withChunk); got.Orientation != 3 || got.TakenAt != "2023-12-24T18:00:00" {
		t.Errorf("png eXIf: %+v", got)
	}
}

func TestThumbnailTurnsUprightAndDropsMetadata(t *testing.T) {
	// stored 40×20 with orientation 6: upright it is 20×40, and the stored
	// top-left corner (black-ish) lands top-right
	src := testImage(40, 20)
	jpg := withEXIF(encodeJPEG(t, src), tiffEXIF(binary.LittleEndian, 6, "2024:04:03 10:12:05", "+02:00"))
	th, err := Thumbnail(jpg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := jpeg.Decode(bytes.NewReader(th))
	if err != nil {
		t.Fatal(err)
	}
	if b := m.Bounds(); b.Dx() != 20 || b.Dy() != 40 {
		t.Fatalf("size %v, want 20×40", b)
	}
	r, g, _, _ := m.At(19, 0).RGBA()
	if r>>8 > 40 || g>>8 > 40 {
		t.Errorf("stored top-left is not top-right: %d %d", r>>8, g>>8)
	}
	if bytes.Contains(th, []byte("Exif")) || bytes.Contains(th, []byte("2024:04:03")) || bytes.Contains(th, []byte("GPS-SECRET")) {
		t.Error("the thumbnail carries the photo's metadata")
	}
	again, _ := Thumbnail(jpg)
	if !bytes.Equal(th, again) {
		t.Error("the same photo gave different thumbnails")
	}
	big, err := Thumbnail(encodePNG(t, testImage(2000, 500)))
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := jpeg.Decode(bytes.NewReader(big)); m.Bounds().Dx() != ThumbPixels || m.Bounds().Dy() != ThumbPixels/4 {
		t.Errorf("large photo scaled to %v", m.Bounds())
	}
}

func TestOrientationsAreTheEXIFTable(t *testing.T) {
	// a 3×2 image: where does the stored top-left pixel (0,0) and the stored
	// top-right (2,0) go for each orientation?
	want := map[int][2][2]int{
		1: {{0, 0}, {2, 0}}, 2: {{2, 0}, {0, 0}}, 3: {{2, 1}, {0, 1}}, 4: {{0, 1}, {2, 1}},
		5: {{0, 0}, {0, 2}}, 6: {{1, 0}, {1, 2}}, 7: {{1, 2}, {1, 0}}, 8: {{0, 2}, {0, 0}},
	}
	for o, w := range want {
		for i, px := range [][2]int{{0, 0}, {2, 0}} {
			x, y := orientedAt(px[0], px[1], 3, 2, o)
			if [2]int{x, y} != w[i] {
				t.Errorf("orientation %d: (%d,%d) → (%d,%d), want %v", o, px[0], px[1], x, y, w[i])
			}
		}
	}
}

// FuzzPhoto feeds files that lie about what they are to everything that
// reads a photo: none may panic, hang or allocate without bound.
func FuzzPhoto(f *testing.F) {
	jpg := encodeJPEG(f, testImage(8, 8))
	f.Add(jpg)
	f.Add(withEXIF(jpg, tiffEXIF(binary.LittleEndian, 6, "2024:04:03 10:12:05", "+02:00")))
	f.Add(withEXIF(jpg, tiffEXIF(binary.BigEndian, 8, "2024:04:03 10:12:05", "")))
	f.Add(encodePNG(f, testImage(4, 4)))
	f.Add([]byte("\x00\x00\x00\x18ftypheic"))
	f.Add(append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10}, []byte("Exif\x00\x00MM\x00*\xff\xff\xff\xff")...))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = ReadEXIF(data)
		info, err := Inspect(data)
		if err != nil {
			return
		}
		if info.Width*info.Height > 1<<20 {
			return // decoding is the standard library's; keep the fuzzer's memory small
		}
		if _, err := Thumbnail(data); err != nil && !IsRefused(err) {
			t.Fatalf("not a refusal: %v", err)
		}
	})
}

// TestRefusalsSayItInGerman: every reason a file is not taken as a photo
// has German words for the TUI, which showed "is 30.6 MB; a photo may have
// at most 25 MB" and the like in the middle of its German (an outside
// tester).
func TestRefusalsSayItInGerman(t *testing.T) {
	iso := func(brand string) []byte { return append([]byte("\x00\x00\x00\x18ftyp"), brand...) }
	for name, data := range map[string][]byte{
		"empty": {}, "heic": iso("heic"), "avif": iso("avif"), "video": iso("isom"),
		"gif": []byte("GIF89a...."), "webp": []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), "text": []byte("hello"),
		"damaged jpeg": {0xFF, 0xD8, 0xFF, 0xE0, 0, 0},
	} {
		_, err := Inspect(data)
		var r *Refused
		if !errors.As(err, &r) {
			t.Errorf("%s: %v, not a refusal", name, err)
			continue
		}
		if r.De == "" || r.De == r.Reason || r.German() != r.De {
			t.Errorf("%s: German %q, English %q", name, r.De, r.Reason)
		}
	}
}
