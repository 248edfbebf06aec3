package photo

import (
	"fmt"
	"image"
	"image/color"
	"math/rand"
	"reflect"
	"testing"

	"golang.org/x/image/draw"
)

// scalePlanes gives, plane by plane, what draw.CatmullRom gives (up to the
// rounding), for every subsampling (the chroma to 4:2:0) and gray, shrinking
// and growing; a flat picture stays exactly flat.
func TestScalePlanesIsCatmullRom(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio444,
		image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410}
	sizes := [][4]int{{250, 187, 240, 180}, {187, 250, 180, 240}, {751, 499, 240, 159}, {97, 61, 130, 81}, {33, 7, 5, 1}}
	r := rand.New(rand.NewSource(3))
	for _, sz := range sizes {
		sw, sh, w, h := sz[0], sz[1], sz[2], sz[3]
		var srcs []image.Image
		for _, ratio := range ratios {
			m := image.NewYCbCr(image.Rect(0, 0, sw, sh), ratio)
			for y := range sh {
				for x := range sw {
					n := uint8(r.Intn(24))
					yy, cb, cr := color.RGBToYCbCr(uint8(x*255/sw)+n, uint8(y*255/sh)+n, uint8(((x/9+y/7)%2)*200))
					m.Y[m.YOffset(x, y)] = yy
					m.Cb[m.COffset(x, y)], m.Cr[m.COffset(x, y)] = cb, cr
				}
			}
			srcs = append(srcs, m)
		}
		g := image.NewGray(image.Rect(0, 0, sw, sh))
		for j := range g.Pix {
			g.Pix[j] = uint8(j%sw*200/sw + r.Intn(50))
		}
		srcs = append(srcs, g)
		for _, src := range srcs {
			name := fmt.Sprintf("%T %v→%d×%d", src, src.Bounds().Size(), w, h)
			if m, ok := src.(*image.YCbCr); ok {
				name += " " + m.SubsampleRatio.String()
			}
			got, ok := scalePlanes(src, w, h)
			if !ok || got.Bounds() != image.Rect(0, 0, w, h) {
				t.Fatalf("%s: %v %v", name, ok, got)
			}
			for k, pl := range planesOf(src) {
				gp := planesOf(got)[k]
				want := image.NewGray(image.Rect(0, 0, gp.Rect.Dx(), gp.Rect.Dy()))
				draw.CatmullRom.Scale(want, want.Bounds(), pl, pl.Bounds(), draw.Src, nil)
				worst := 0
				for y := range want.Rect.Dy() {
					for x := range want.Rect.Dx() {
						d := int(gp.GrayAt(x, y).Y) - int(want.GrayAt(x, y).Y)
						worst = max(worst, d, -d)
					}
				}
				if worst > 1 {
					t.Errorf("%s, plane %d: differs from draw.CatmullRom by %d", name, k, worst)
				}
			}
		}
	}
	for _, sz := range sizes {
		flat := image.NewYCbCr(image.Rect(0, 0, sz[0], sz[1]), image.YCbCrSubsampleRatio420)
		for j := range flat.Y {
			flat.Y[j] = 255
		}
		for j := range flat.Cb {
			flat.Cb[j], flat.Cr[j] = 3, 250
		}
		m, _ := scalePlanes(flat, sz[2], sz[3])
		for k, p := range planesOf(m) {
			for _, v := range p.Pix {
				if v != []byte{255, 3, 250}[k] {
					t.Fatalf("%v→%d×%d: flat plane %d has %d", flat.Rect.Size(), sz[2], sz[3], k, v)
				}
			}
		}
	}
}

// planesOf are the planes of a YCbCr or gray image as gray images.
func planesOf(m image.Image) []*image.Gray {
	switch m := m.(type) {
	case *image.Gray:
		return []*image.Gray{m}
	case *image.YCbCr:
		b := m.Rect
		cw := map[image.YCbCrSubsampleRatio]int{image.YCbCrSubsampleRatio444: b.Dx(), image.YCbCrSubsampleRatio440: b.Dx(),
			image.YCbCrSubsampleRatio422: (b.Dx() + 1) / 2, image.YCbCrSubsampleRatio420: (b.Dx() + 1) / 2,
			image.YCbCrSubsampleRatio411: (b.Dx() + 3) / 4, image.YCbCrSubsampleRatio410: (b.Dx() + 3) / 4}[m.SubsampleRatio]
		c := image.Rect(0, 0, cw, len(m.Cb)/m.CStride)
		return []*image.Gray{
			{Pix: m.Y, Stride: m.YStride, Rect: image.Rect(0, 0, b.Dx(), b.Dy())},
			{Pix: m.Cb, Stride: m.CStride, Rect: c},
			{Pix: m.Cr, Stride: m.CStride, Rect: c},
		}
	}
	return nil
}

// orient copies an RGBA image's pixels directly; it gives what the
// pixel-by-pixel way gives, for every orientation and an image not at the
// origin.
func TestOrientRGBAIsOrientAnyImage(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	m := image.NewRGBA(image.Rect(0, 0, 7, 5))
	r.Read(m.Pix)
	sub := m.SubImage(image.Rect(1, 1, 6, 4)).(*image.RGBA)
	type opaque struct{ image.Image } // not *image.RGBA: At and Set
	for o := 2; o <= 8; o++ {         // 1: as stored, the image itself
		got, want := orient(sub, o), orient(opaque{sub}, o)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("orientation %d: %v, want %v", o, got, want)
		}
	}
}
