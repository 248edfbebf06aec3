package photo

import (
	"image"
	"math"
)

// scalePlanes scales a YCbCr or gray image to w×h plane by plane with the
// Catmull-Rom kernel (as golang.org/x/image/draw.CatmullRom places and
// weighs it), in fixed point: the thumbnail of a photo decoded at an eighth
// (≈ 500 px to 480) in a few milliseconds instead of draw's ≈ 25, which
// converts every source sample to RGBA for every tap. A YCbCr image comes
// out 4:2:0. ok is false for any other image (or one not at the origin).
func scalePlanes(src image.Image, w, h int) (m image.Image, ok bool) {
	switch s := src.(type) {
	case *image.Gray:
		if s.Rect.Min != (image.Point{}) {
			return nil, false
		}
		d := image.NewGray(image.Rect(0, 0, w, h))
		scalePlane(d.Pix, d.Stride, w, h, s.Pix, s.Stride, s.Rect.Dx(), s.Rect.Dy())
		return d, true
	case *image.YCbCr:
		if s.Rect.Min != (image.Point{}) {
			return nil, false
		}
		sw, sh := s.Rect.Dx(), s.Rect.Dy()
		cw, ch := sw, sh // the chroma planes' size, as image.NewYCbCr lays them out
		switch s.SubsampleRatio {
		case image.YCbCrSubsampleRatio444:
		case image.YCbCrSubsampleRatio422:
			cw = (sw + 1) / 2
		case image.YCbCrSubsampleRatio420:
			cw, ch = (sw+1)/2, (sh+1)/2
		case image.YCbCrSubsampleRatio440:
			ch = (sh + 1) / 2
		case image.YCbCrSubsampleRatio411:
			cw = (sw + 3) / 4
		case image.YCbCrSubsampleRatio410:
			cw, ch = (sw+3)/4, (sh+1)/2
		default:
			return nil, false
		}
		d := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		scalePlane(d.Y, d.YStride, w, h, s.Y, s.YStride, sw, sh)
		t := newPlaneTaps((w+1)/2, (h+1)/2, cw, ch) // the same for both
		t.scale(d.Cb, d.CStride, s.Cb, s.CStride)
		t.scale(d.Cr, d.CStride, s.Cr, s.CStride)
		return d, true
	}
	return nil, false
}

// scalePlane scales the sw×sh samples of src to the dw×dh of dst.
func scalePlane(dst []byte, dstride, dw, dh int, src []byte, sstride, sw, sh int) {
	t := newPlaneTaps(dw, dh, sw, sh)
	t.scale(dst, dstride, src, sstride)
}

// planeTaps are the taps scaling a sw×sh plane to dw×dh.
type planeTaps struct {
	dw, dh, sw, sh int
	xt, yt         kernelTaps
	x8, y8         []taps8
}

func newPlaneTaps(dw, dh, sw, sh int) *planeTaps {
	t := &planeTaps{dw: dw, dh: dh, sw: sw, sh: sh, xt: catmullRomTaps(dw, sw), yt: catmullRomTaps(dh, sh)}
	t.x8, t.y8 = t.xt.eight(sw), t.yt.eight(sh)
	return t
}

// scale scales src to dst: each row, then each column.
func (t *planeTaps) scale(dst []byte, dstride int, src []byte, sstride int) {
	dw, dh, sw, sh := t.dw, t.dh, t.sw, t.sh
	xt, yt, x8, y8 := t.xt, t.yt, t.x8, t.y8
	tmp := make([]int32, dw*sh) // the rows scaled, weights of 1<<weightBits
	for y := range sh {
		row, out := src[y*sstride:y*sstride+sw], tmp[y*dw:(y+1)*dw]
		if x8 != nil {
			for x := range out {
				w := &x8[x]
				s := row[w.first:][:8]
				out[x] = w.w[0]*int32(s[0]) + w.w[1]*int32(s[1]) + w.w[2]*int32(s[2]) + w.w[3]*int32(s[3]) +
					w.w[4]*int32(s[4]) + w.w[5]*int32(s[5]) + w.w[6]*int32(s[6]) + w.w[7]*int32(s[7])
			}
			continue
		}
		for x := range out {
			ws := xt.w[xt.off[x]:xt.off[x+1]]
			s := row[xt.first[x]:][:len(ws)]
			var acc int32
			for k, wk := range ws {
				acc += wk * int32(s[k])
			}
			out[x] = acc
		}
	}
	const half = 1 << (2*weightBits - 1)
	if y8 != nil {
		for y := range dh {
			w := &y8[y]
			var r [8][]int32
			for k := range r {
				r[k] = tmp[(w.first+k)*dw:][:dw]
			}
			out := dst[y*dstride:][:dw]
			for x := range out {
				a := int64(w.w[0])*int64(r[0][x]) + int64(w.w[1])*int64(r[1][x]) + int64(w.w[2])*int64(r[2][x]) +
					int64(w.w[3])*int64(r[3][x]) + int64(w.w[4])*int64(r[4][x]) + int64(w.w[5])*int64(r[5][x]) +
					int64(w.w[6])*int64(r[6][x]) + int64(w.w[7])*int64(r[7][x])
				out[x] = uint8(min(max((a+half)>>(2*weightBits), 0), 255))
			}
		}
		return
	}
	acc := make([]int64, dw)
	for y := range dh {
		clear(acc)
		for k, wk := range yt.w[yt.off[y]:yt.off[y+1]] {
			row := tmp[(yt.first[y]+k)*dw:][:dw]
			for x, v := range row {
				acc[x] += int64(wk) * int64(v)
			}
		}
		out := dst[y*dstride:][:dw]
		for x, a := range acc {
			out[x] = uint8(min(max((a+half)>>(2*weightBits), 0), 255))
		}
	}
}

// taps8 are the taps of a destination sample as eight, from first on, the
// missing ones weighing nothing.
type taps8 struct {
	first int
	w     [8]int32
}

// eight is t as taps8, or nil when a sample has more than eight taps or the
// source fewer than eight samples.
func (t kernelTaps) eight(sw int) []taps8 {
	if sw < 8 {
		return nil
	}
	out := make([]taps8, len(t.first))
	for i := range out {
		w := t.w[t.off[i]:t.off[i+1]]
		if len(w) > 8 {
			return nil
		}
		first := min(t.first[i], sw-8) // the window inside the source
		out[i].first = first
		copy(out[i].w[t.first[i]-first:], w)
	}
	return out
}

// weightBits is the fixed point of the kernel's weights.
const weightBits = 14

// kernelTaps are the source samples and weights of each destination sample:
// destination i takes source first[i]… with the weights w[off[i]:off[i+1]],
// which sum to 1<<weightBits.
type kernelTaps struct {
	first, off []int
	w          []int32
}

// catmullRomTaps places the kernel as golang.org/x/image/draw does: the
// destination sample's centre mapped to the source, the kernel widened by
// the scale when shrinking, the taps outside the source left out and the
// rest normalised.
func catmullRomTaps(dw, sw int) kernelTaps {
	scale := float64(sw) / float64(dw)
	half, arg := 2.0, 1.0
	if scale > 1 {
		half, arg = 2*scale, 1/scale
	}
	t := kernelTaps{first: make([]int, dw), off: make([]int, dw+1)}
	var fw []float64
	for x := range dw {
		center := (float64(x)+0.5)*scale - 0.5
		i := max(int(math.Floor(center-half)), 0)
		j := max(min(int(math.Ceil(center+half)), sw), i+1)
		fw, total := fw[:0], 0.0
		for k := i; k < j; k++ {
			v := catmullRom((float64(k) - center) * arg)
			fw = append(fw, v)
			total += v
		}
		if total == 0 { // cannot be with this kernel; the nearest sample then
			fw[0], total = 1, 1
		}
		t.first[x] = i
		var sum int32
		big := 0
		for n, v := range fw {
			q := int32(math.Round(v / total * (1 << weightBits)))
			t.w = append(t.w, q)
			sum += q
			if v > fw[big] {
				big = n
			}
		}
		t.w[t.off[x]+big] += 1<<weightBits - sum // the rounding, on the largest
		t.off[x+1] = len(t.w)
	}
	return t
}

// catmullRom is the Catmull-Rom kernel (support 2).
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}
