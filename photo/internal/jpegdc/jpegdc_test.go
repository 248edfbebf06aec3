package jpegdc

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// noisy is a w×h test picture: gradients, edges and noise.
func noisy(w, h int, gray bool) image.Image {
	r := rand.New(rand.NewSource(int64(w*h + 1)))
	if gray {
		m := image.NewGray(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				m.SetGray(x, y, color.Gray{uint8((x*3+y)/4) + uint8(r.Intn(40))})
			}
		}
		return m
	}
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := uint8(r.Intn(50))
			c := color.RGBA{uint8(x) + n, uint8(y*2) + n, uint8((x ^ y) & 0xC0), 255}
			if (x/37+y/23)%2 == 0 {
				c.B = 250
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

type plane struct {
	pix          []byte
	stride, w, h int
}

func planes(m image.Image) []plane {
	switch m := m.(type) {
	case *image.YCbCr:
		b := m.Bounds()
		cw, ch := (b.Dx()+1)/2, (b.Dy()+1)/2 // 4:2:0 and the others: as image.YCbCr lays them out
		switch m.SubsampleRatio {
		case image.YCbCrSubsampleRatio444:
			cw, ch = b.Dx(), b.Dy()
		case image.YCbCrSubsampleRatio422:
			ch = b.Dy()
		case image.YCbCrSubsampleRatio440:
			cw = b.Dx()
		case image.YCbCrSubsampleRatio411:
			cw, ch = (b.Dx()+3)/4, b.Dy()
		case image.YCbCrSubsampleRatio410:
			cw = (b.Dx() + 3) / 4
		}
		return []plane{{m.Y, m.YStride, b.Dx(), b.Dy()}, {m.Cb, m.CStride, cw, ch}, {m.Cr, m.CStride, cw, ch}}
	case *image.Gray:
		return []plane{{m.Pix, m.Stride, m.Bounds().Dx(), m.Bounds().Dy()}}
	case *image.RGBA:
		b := m.Bounds()
		var out []plane
		for c := range 1 { // R is the first component, at full resolution; G and B may be subsampled
			p := plane{make([]byte, b.Dx()*b.Dy()), b.Dx(), b.Dx(), b.Dy()}
			for i := range p.pix {
				p.pix[i] = m.Pix[(i/b.Dx())*m.Stride+4*(i%b.Dx())+c]
			}
			out = append(out, p)
		}
		return out
	}
	return nil
}

// compareToBlockMeans checks each pixel of each plane (Y, Cb, Cr or gray)
// of the eighth against the mean of its 8×8 block in the same plane of
// image/jpeg's full decode.
func compareToBlockMeans(t *testing.T, name string, data []byte) {
	t.Helper()
	full, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: image/jpeg: %v", name, err)
	}
	small, err := DecodeEighth(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	fb, sb := full.Bounds(), small.Bounds()
	if sb.Dx() != (fb.Dx()+7)/8 || sb.Dy() != (fb.Dy()+7)/8 {
		t.Fatalf("%s: %v from %v", name, sb, fb)
	}
	fp, sp := planes(full), planes(small)
	if len(fp) == 0 || len(fp) != len(sp) {
		t.Fatalf("%s: %T from %T", name, small, full)
	}
	var sum, worst float64
	n := 0
	for i := range fp {
		f, s := fp[i], sp[i]
		for by := range (f.h + 7) / 8 {
			for bx := range (f.w + 7) / 8 {
				acc, k := 0.0, 0
				for y := by * 8; y < min(by*8+8, f.h); y++ {
					for x := bx * 8; x < min(bx*8+8, f.w); x++ {
						acc += float64(f.pix[y*f.stride+x])
						k++
					}
				}
				d := acc/float64(k) - float64(s.pix[by*s.stride+bx])
				if d < 0 {
					d = -d
				}
				sum += d
				worst = max(worst, d)
				n++
			}
		}
	}
	// the full decode's IDCT rounds and clips each of the 64 pixels (noise
	// beside 0 or 255 is cut off), the DC value is the unclipped mean
	if mean := sum / float64(n); mean > 1 || worst > 48 {
		t.Errorf("%s: differs from the 8×8 means of the full decode by %.2f on average, %.0f at worst", name, mean, worst)
	}
}

func TestEighthIsTheBlockMeans(t *testing.T) {
	for _, c := range []struct {
		w, h    int
		gray    bool
		quality int
	}{{640, 480, false, 80}, {1001, 757, false, 92}, {333, 250, true, 75}, {17, 9, false, 50}} {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, noisy(c.w, c.h, c.gray), &jpeg.Options{Quality: c.quality}); err != nil {
			t.Fatal(err)
		}
		compareToBlockMeans(t, "generated", buf.Bytes())
	}
	// progressive, 4:4:4, 4:2:2, restart intervals: Go's own test images
	goroot, _ := exec.Command("go", "env", "GOROOT").Output()
	files, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(goroot)), "src", "image", "testdata", "video-00*.jpeg"))
	if len(files) == 0 {
		t.Log("Go's image/testdata not found: progressive JPEGs not checked")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(f) == "video-001.cmyk.jpeg" {
			if _, err := DecodeEighth(data); err != ErrFourComponents {
				t.Errorf("CMYK: %v, want ErrFourComponents", err)
			}
			continue
		}
		compareToBlockMeans(t, filepath.Base(f), data)
	}
}

// A broken JPEG is an error, never a panic; a cut-off one is an error.
func TestEighthOfBrokenJPEG(t *testing.T) {
	var buf bytes.Buffer
	jpeg.Encode(&buf, noisy(64, 48, false), nil)
	inputs := [][]byte{buf.Bytes()}
	for _, s := range genSpecs() {
		if s.w > 1 && s.ri != 1 {
			inputs = append(inputs, generate(s).data)
		}
	}
	r := rand.New(rand.NewSource(7))
	for _, data := range inputs {
		for i := range 200 {
			bad := append([]byte(nil), data[:r.Intn(len(data))]...)
			if i%2 == 0 {
				bad = append([]byte(nil), data...)
				for range 1 + r.Intn(3) {
					bad[r.Intn(len(bad))] ^= byte(1 + r.Intn(255))
				}
			} else if _, err := DecodeEighth(bad); err == nil {
				t.Fatalf("%d of %d bytes: no error", len(bad), len(data))
			}
			DecodeEighth(bad) // must not panic
		}
	}
}

func FuzzDecodeEighth(f *testing.F) {
	var buf bytes.Buffer
	jpeg.Encode(&buf, noisy(24, 16, false), nil)
	f.Add(buf.Bytes())
	for _, s := range genSpecs()[:24] {
		if s.w < 100 {
			f.Add(generate(s).data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		DecodeEighth(data)
	})
}
