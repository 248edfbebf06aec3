package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand"
	"sync"
	"testing"

	"golang.org/x/image/draw"

	"rueckgabe/internal/cputime"
)

// camera12MP is a 12-megapixel JPEG of ~5 MB (a noisy gradient at quality
// 80, as service's benchmarks make it).
var camera12MP = sync.OnceValue(func() []byte {
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
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 80}); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// BenchmarkThumbnail12MP: the thumbnail of a 12-megapixel photo as made now
// (decoded at an eighth) beside the way before (full decode, bilinear to
// twice the size, Catmull-Rom), in one run; CPU time per op beside wall.
func BenchmarkThumbnail12MP(b *testing.B) {
	data := camera12MP()
	b.Run("eighth", func(b *testing.B) {
		m := cputime.Start()
		for b.Loop() {
			if _, err := Thumbnail(data); err != nil {
				b.Fatal(err)
			}
		}
		_, cpu := m.Stop()
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	b.Run("full-decode-before", func(b *testing.B) {
		m := cputime.Start()
		for b.Loop() {
			src, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			mid := image.NewRGBA(image.Rect(0, 0, 960, 720))
			draw.ApproxBiLinear.Scale(mid, mid.Bounds(), src, src.Bounds(), draw.Src, nil)
			dst := image.NewRGBA(image.Rect(0, 0, 480, 360))
			draw.CatmullRom.Scale(dst, dst.Bounds(), mid, mid.Bounds(), draw.Src, nil)
			var out bytes.Buffer
			jpeg.Encode(&out, dst, &jpeg.Options{Quality: 80})
		}
		_, cpu := m.Stop()
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
}
