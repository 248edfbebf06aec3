package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"

	"rueckgabe/inspection"
	"rueckgabe/photo/internal/jpegdc"
)

// ThumbPixels is the long side of a thumbnail: sharp at the 45 mm the PDF
// prints it, small enough that 40 of them keep a PDF under a few MB.
const ThumbPixels = 480

// Thumbnail decodes a JPEG or PNG, turns it upright by its EXIF orientation
// and scales it to fit ThumbPixels, as a JPEG. Only pixels are copied: no
// metadata (GPS, camera serial) reaches the thumbnail. The same photo always
// gives the same bytes.
func Thumbnail(data []byte) ([]byte, error) {
	info, err := Inspect(data)
	if err != nil {
		return nil, err
	}
	var src image.Image
	if info.Type == inspection.PhotoJPEG {
		src, err = decodeJPEG(data, info)
	} else {
		src, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, refuse(fmt.Sprintf("cannot be decoded: %v", err), "lässt sich nicht lesen (beschädigt?)")
	}
	small := orient(scaleToFit(src, ThumbPixels), info.EXIF.Orientation)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, small, &jpeg.Options{Quality: 80}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// decodeJPEG decodes a JPEG large enough for its thumbnail to be made from
// an eighth of it (long side ≥ 8 × ThumbPixels: 12 megapixels and up) at
// that size — each 8×8 block's mean, without the inverse DCT, the AC
// coefficients skipped over (jpegdc): ≈ 50 ms CPU for 12 megapixels —, a
// smaller one (or one jpegdc does not take, CMYK) in full.
func decodeJPEG(data []byte, info Info) (image.Image, error) {
	if max(info.Width, info.Height) >= 8*ThumbPixels {
		if m, err := jpegdc.DecodeEighth(data); err == nil {
			return m, nil
		}
	}
	return jpeg.Decode(bytes.NewReader(data))
}

// scaleToFit scales so the long side is at most max. A YCbCr or gray image
// shrunk at most fourfold (a 12-megapixel photo decoded at an eighth) is
// scaled plane by plane with Catmull-Rom (scalePlanes). Other large photos go
// down in two steps: a fast bilinear approximation to twice the size, then
// Catmull-Rom (a full-quality kernel over 12 megapixels would take ten times
// as long).
func scaleToFit(src image.Image, maxSide int) image.Image {
	b := src.Bounds()
	w, h := fit(b.Dx(), b.Dy(), maxSide)
	if w == b.Dx() && h == b.Dy() {
		return toRGBA(src)
	}
	if b.Dx() <= 4*w {
		if m, ok := scalePlanes(src, w, h); ok {
			return toRGBA(m)
		}
	}
	if b.Dx() > 4*w {
		mid := image.NewRGBA(image.Rect(0, 0, 2*w, 2*h))
		draw.ApproxBiLinear.Scale(mid, mid.Bounds(), src, b, draw.Src, nil)
		src, b = mid, mid.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// fit returns w×h scaled down (never up) so the long side is at most maxSide.
func fit(w, h, maxSide int) (int, int) {
	if w <= maxSide && h <= maxSide {
		return w, h
	}
	if w >= h {
		return maxSide, max(1, h*maxSide/w)
	}
	return max(1, w*maxSide/h), maxSide
}

func toRGBA(src image.Image) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, src.Bounds().Dx(), src.Bounds().Dy()))
	draw.Draw(dst, dst.Bounds(), src, src.Bounds().Min, draw.Src)
	return dst
}

// orient turns an image upright as EXIF orientation o says (1: as stored;
// 2–8: the mirrorings and quarter turns of the EXIF 2.3 table).
func orient(src image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return src
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if o >= 5 { // a quarter turn swaps the sides
		w, h = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if s, ok := src.(*image.RGBA); ok {
		for y := range b.Dy() {
			row := s.Pix[s.PixOffset(b.Min.X, b.Min.Y+y):][:4*b.Dx()]
			for x := range b.Dx() {
				dx, dy := orientedAt(x, y, b.Dx(), b.Dy(), o)
				copy(dst.Pix[dst.PixOffset(dx, dy):][:4], row[4*x:4*x+4])
			}
		}
		return dst
	}
	for y := range b.Dy() {
		for x := range b.Dx() {
			dx, dy := orientedAt(x, y, b.Dx(), b.Dy(), o)
			dst.Set(dx, dy, src.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}

// orientedAt is where the stored pixel (x, y) of a w×h image lands upright.
func orientedAt(x, y, w, h, o int) (int, int) {
	switch o {
	case 2: // mirrored horizontally
		return w - 1 - x, y
	case 3: // turned 180°
		return w - 1 - x, h - 1 - y
	case 4: // mirrored vertically
		return x, h - 1 - y
	case 5: // mirrored along the main diagonal
		return y, x
	case 6: // stored turned 90° anticlockwise: turn clockwise
		return h - 1 - y, x
	case 7: // mirrored along the other diagonal
		return h - 1 - y, w - 1 - x
	case 8: // stored turned 90° clockwise: turn anticlockwise
		return y, w - 1 - x
	}
	return x, y
}
