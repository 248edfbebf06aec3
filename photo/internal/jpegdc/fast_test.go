package jpegdc

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"rueckgabe/internal/cputime"
)

// genSpecs are the generated JPEGs: every subsampling jpegdc takes, gray,
// odd sizes, restart intervals, progressive, one scan per component.
func genSpecs() []genSpec {
	var specs []genSpec
	sub := map[string][]byte{
		"gray": {0x11}, "444": {0x11, 0x11, 0x11}, "420": {0x22, 0x11, 0x11},
		"422": {0x21, 0x11, 0x11}, "440": {0x12, 0x11, 0x11}, "411": {0x41, 0x11, 0x11},
	}
	sizes := [][2]int{{1, 1}, {17, 9}, {64, 48}, {203, 77}}
	seed := int64(1)
	for _, name := range []string{"gray", "444", "420", "422", "440", "411"} {
		for i, sz := range sizes {
			for _, prog := range []bool{false, true} {
				s := genSpec{w: sz[0], h: sz[1], hv: sub[name], progressive: prog, seed: seed}
				seed++
				s.ri = []int{0, 1, 3, 7}[i]
				s.separate = i%2 == 1
				s.quirks = i >= 2
				s.name = fmt.Sprintf("%s %dx%d progressive=%v ri=%d separate=%v quirks=%v",
					name, s.w, s.h, s.progressive, s.ri, s.separate, s.quirks)
				specs = append(specs, s)
			}
		}
	}
	return specs
}

// sameAsReference decodes data with fastScan and with image/jpeg's loop and
// wants the same image (or both an error).
func sameAsReference(t *testing.T, name string, data []byte) image.Image {
	t.Helper()
	fast, err := DecodeEighth(data)
	ref, refErr := decodeReference(data)
	if err != nil || refErr != nil {
		t.Fatalf("%s: %v; image/jpeg's loop: %v", name, err, refErr)
	}
	if !reflect.DeepEqual(fast, ref) {
		t.Fatalf("%s: the fast decoder's image differs from image/jpeg's loop's", name)
	}
	return fast
}

// TestFastScanIsImageJPEGs: fastScan gives the image image/jpeg's entropy
// decoding gives, byte for byte, and the DC values the generator wrote.
func TestFastScanIsImageJPEGs(t *testing.T) {
	for _, s := range genSpecs() {
		g := generate(s)
		m := sameAsReference(t, s.name, g.data)
		var pix []byte
		var stride int
		switch m := m.(type) {
		case *image.Gray:
			pix, stride = m.Pix, m.Stride
		case *image.YCbCr:
			pix, stride = m.Y, m.YStride
		default:
			t.Fatalf("%s: %T", s.name, m)
		}
		for by := range eighth(s.h) {
			for bx := range eighth(s.w) {
				c := (g.dc[0][by*g.stride[0]+bx]*g.q0 + 4) >> 3
				want := uint8(min(max(c+128, 0), 255))
				if got := pix[by*stride+bx]; got != want {
					t.Fatalf("%s: block %d,%d is %d, want %d", s.name, bx, by, got, want)
				}
			}
		}
	}
	// Go's encoder (4:2:0 and gray, long and short codes) and Go's test
	// images (progressive with AC refinement, restart intervals, 4:1:0, RGB)
	for _, c := range []struct {
		w, h    int
		gray    bool
		quality int
	}{{640, 480, false, 80}, {1001, 757, false, 100}, {333, 250, true, 75}, {17, 9, false, 5}} {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, noisy(c.w, c.h, c.gray), &jpeg.Options{Quality: c.quality}); err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, fmt.Sprintf("%dx%d q%d", c.w, c.h, c.quality), buf.Bytes())
	}
	for _, f := range goTestImages(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(f) == "video-001.cmyk.jpeg" {
			continue
		}
		sameAsReference(t, filepath.Base(f), data)
	}
}

// goTestImages are the JPEGs of Go's image/testdata.
func goTestImages(t *testing.T) []string {
	goroot, _ := exec.Command("go", "env", "GOROOT").Output()
	files, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(goroot)), "src", "image", "testdata", "video-00*.jpeg"))
	if len(files) == 0 {
		t.Log("Go's image/testdata not found: progressive JPEGs not checked")
	}
	return files
}

// BenchmarkDecodeEighth12MP: the entropy decoding of a 12-megapixel photo
// (photo's camera12MP: a noisy gradient at quality 80, 5.4 MB).
func BenchmarkDecodeEighth12MP(b *testing.B) {
	const w, h = 4000, 3000
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewSource(1))
	for y := range h {
		for x := range w {
			n := uint8(r.Intn(60))
			yy, cb, cr := color.RGBToYCbCr(uint8(x/16)+n, uint8(y/12)+n, uint8((x+y)/28))
			m.Y[m.YOffset(x, y)] = yy
			m.Cb[m.COffset(x, y)], m.Cr[m.COffset(x, y)] = cb, cr
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 80}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	cpu := cputime.Start()
	for b.Loop() {
		if _, err := DecodeEighth(buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
	_, used := cpu.Stop()
	b.ReportMetric(float64(used.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
