// Copyright 2012 The Go Authors. All rights reserved.
// rueckgabe: image/jpeg of Go 1.26 decoding at an eighth of the size.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package jpegdc

import (
	"bytes"
	"encoding/binary"
	"image"
	"math/bits"
)

// makeImg allocates and initializes the destination image.
func (d *decoder) makeImg(mxx, myy int) {
	if d.nComp == 1 {
		m := image.NewGray(image.Rect(0, 0, mxx, myy))
		d.img1 = m.SubImage(image.Rect(0, 0, eighth(d.width), eighth(d.height))).(*image.Gray)
		return
	}

	h0 := d.comp[0].h
	v0 := d.comp[0].v
	hRatio := h0 / d.comp[1].h
	vRatio := v0 / d.comp[1].v
	var subsampleRatio image.YCbCrSubsampleRatio
	switch hRatio<<4 | vRatio {
	case 0x11:
		subsampleRatio = image.YCbCrSubsampleRatio444
	case 0x12:
		subsampleRatio = image.YCbCrSubsampleRatio440
	case 0x21:
		subsampleRatio = image.YCbCrSubsampleRatio422
	case 0x22:
		subsampleRatio = image.YCbCrSubsampleRatio420
	case 0x41:
		subsampleRatio = image.YCbCrSubsampleRatio411
	case 0x42:
		subsampleRatio = image.YCbCrSubsampleRatio410
	default:
		panic("unreachable")
	}
	m := image.NewYCbCr(image.Rect(0, 0, h0*mxx, v0*myy), subsampleRatio)
	d.img3 = m.SubImage(image.Rect(0, 0, eighth(d.width), eighth(d.height))).(*image.YCbCr)

	if d.nComp == 4 {
		h3, v3 := d.comp[3].h, d.comp[3].v
		d.blackPix = make([]byte, h3*mxx*v3*myy)
		d.blackStride = h3 * mxx
	}
}

// Specified in section B.2.3.
func (d *decoder) processSOS(n int) error {
	if d.nComp == 0 {
		return FormatError("missing SOF marker")
	}
	if n < 6 || 4+2*d.nComp < n || n%2 != 0 {
		return FormatError("SOS has wrong length")
	}
	if err := d.readFull(d.tmp[:n]); err != nil {
		return err
	}
	nComp := int(d.tmp[0])
	if n != 4+2*nComp {
		return FormatError("SOS length inconsistent with number of components")
	}
	var scan [maxComponents]scanComp
	totalHV := 0
	for i := 0; i < nComp; i++ {
		cs := d.tmp[1+2*i] // Component selector.
		compIndex := -1
		for j, comp := range d.comp[:d.nComp] {
			if cs == comp.c {
				compIndex = j
			}
		}
		if compIndex < 0 {
			return FormatError("unknown component selector")
		}
		scan[i].compIndex = uint8(compIndex)
		// Section B.2.3 states that "the value of Cs_j shall be different from
		// the values of Cs_1 through Cs_(j-1)". Since we have previously
		// verified that a frame's component identifiers (C_i values in section
		// B.2.2) are unique, it suffices to check that the implicit indexes
		// into d.comp are unique.
		for j := 0; j < i; j++ {
			if scan[i].compIndex == scan[j].compIndex {
				return FormatError("repeated component selector")
			}
		}
		totalHV += d.comp[compIndex].h * d.comp[compIndex].v

		// The baseline t <= 1 restriction is specified in table B.3.
		scan[i].td = d.tmp[2+2*i] >> 4
		if t := scan[i].td; t > maxTh || (d.baseline && t > 1) {
			return FormatError("bad Td value")
		}
		scan[i].ta = d.tmp[2+2*i] & 0x0f
		if t := scan[i].ta; t > maxTh || (d.baseline && t > 1) {
			return FormatError("bad Ta value")
		}
	}
	// Section B.2.3 states that if there is more than one component then the
	// total H*V values in a scan must be <= 10.
	if d.nComp > 1 && totalHV > 10 {
		return FormatError("total sampling factors too large")
	}

	// zigStart and zigEnd are the spectral selection bounds.
	// ah and al are the successive approximation high and low values.
	// The spec calls these values Ss, Se, Ah and Al.
	//
	// For progressive JPEGs, these are the two more-or-less independent
	// aspects of progression. Spectral selection progression is when not
	// all of a block's 64 DCT coefficients are transmitted in one pass.
	// For example, three passes could transmit coefficient 0 (the DC
	// component), coefficients 1-5, and coefficients 6-63, in zig-zag
	// order. Successive approximation is when not all of the bits of a
	// band of coefficients are transmitted in one pass. For example,
	// three passes could transmit the 6 most significant bits, followed
	// by the second-least significant bit, followed by the least
	// significant bit.
	//
	// For sequential JPEGs, these parameters are hard-coded to 0/63/0/0, as
	// per table B.3.
	zigStart, zigEnd, ah, al := int32(0), int32(blockSize-1), uint32(0), uint32(0)
	if d.progressive {
		zigStart = int32(d.tmp[1+2*nComp])
		zigEnd = int32(d.tmp[2+2*nComp])
		ah = uint32(d.tmp[3+2*nComp] >> 4)
		al = uint32(d.tmp[3+2*nComp] & 0x0f)
		if (zigStart == 0 && zigEnd != 0) || zigStart > zigEnd || blockSize <= zigEnd {
			return FormatError("bad spectral selection bounds")
		}
		if zigStart != 0 && nComp != 1 {
			return FormatError("progressive AC coefficients for more than one component")
		}
		if ah != 0 && ah != al+1 {
			return FormatError("bad successive approximation values")
		}
	}

	// mxx and myy are the number of MCUs (Minimum Coded Units) in the image.
	h0, v0 := d.comp[0].h, d.comp[0].v // The h and v values from the Y components.
	mxx := (d.width + 8*h0 - 1) / (8 * h0)
	myy := (d.height + 8*v0 - 1) / (8 * v0)
	if d.img1 == nil && d.img3 == nil {
		d.makeImg(mxx, myy)
	}
	if d.progressive {
		for i := 0; i < nComp; i++ {
			compIndex := scan[i].compIndex
			if d.progDC[compIndex] == nil {
				d.progDC[compIndex] = make([]int32, mxx*myy*d.comp[compIndex].h*d.comp[compIndex].v)
			}
		}
	}
	return d.decodeScan(d, &scanSpec{
		nComp: nComp, comp: scan,
		zigStart: zigStart, zigEnd: zigEnd, ah: ah, al: al,
		mxx: mxx, myy: myy,
	})
}

// scanSpec is what a scan's header says, as processSOS checked it.
type scanSpec struct {
	nComp int
	comp  [maxComponents]scanComp
	// zigStart and zigEnd are the spectral selection bounds, ah and al
	// the successive approximation high and low values (processSOS).
	zigStart, zigEnd int32
	ah, al           uint32
	// mxx and myy are the number of MCUs (Minimum Coded Units) in the image.
	mxx, myy int
}

// scanComp is a component of a scan.
type scanComp struct {
	compIndex uint8
	td        uint8 // DC table selector.
	ta        uint8 // AC table selector.
}

// fastScan decodes a scan's entropy-coded data as far as the DC values need
// (rueckgabe: in place of image/jpeg's loop, which the tests keep to compare
// with). The bits are read from a 64-bit buffer filled up to 8 bytes at a
// time, each Huffman code of up to lutBits bits is one look-up, and the AC
// coefficients are skipped over, not stored: a run/size symbol is followed
// by size bits of the value, which are dropped. The AC scans of a
// progressive JPEG are skipped whole (skipScan). As in image/jpeg, using more
// bits than the scan has is an error.
func (d *decoder) fastScan(s *scanSpec) error {
	if s.zigStart > 0 {
		return d.skipScan()
	}
	data := d.bytes.buf[:d.bytes.j]
	pos := d.bytes.i
	// acc holds nb bits, the next in the stream first (most significant);
	// its last pad bits are zeros made up past the end of the data.
	var acc uint64
	var nb, pad uint
	eobRun := d.eobRun
	var dc [maxComponents]int32
	mcu, expectedRST := 0, uint8(rst0Marker)
	var bx, by, blockCount int
	mxx, myy := s.mxx, s.myy
	for my := 0; my < myy; my++ {
		for mx := 0; mx < mxx; mx++ {
			for i := 0; i < s.nComp; i++ {
				compIndex := int(s.comp[i].compIndex)
				hi := d.comp[compIndex].h
				vi := d.comp[compIndex].v
				dcH := &d.huff[dcTable][s.comp[i].td]
				acH := &d.huff[acTable][s.comp[i].ta]
				pix, stride := d.plane(compIndex)
				q0 := d.quant[d.comp[compIndex].tq][0]
				hShift := uint(bits.TrailingZeros(uint(hi))) // hi is 1, 2 or 4
				for j := 0; j < hi*vi; j++ {
					// The order of the blocks: processSOS of image/jpeg
					// (refScan in the tests).
					if s.nComp != 1 {
						bx = hi*mx + j&(hi-1)
						by = vi*my + j>>hShift
					} else {
						q := mxx * hi
						bx = blockCount % q
						by = blockCount / q
						blockCount++
						if bx*8 >= d.width || by*8 >= d.height {
							continue
						}
					}

					if s.ah != 0 {
						// A progressive JPEG's DC refinement: one bit.
						if nb < 1 {
							acc, pos, nb, pad = refill(data, pos, acc, nb, pad)
						}
						if acc>>63 != 0 {
							d.progDC[compIndex][by*mxx*hi+bx] |= 1 << s.al
						}
						acc <<= 1
						nb--
					} else {
						// The DC coefficient, as specified in section F.2.2.1.
						if nb < 32 {
							acc, pos, nb, pad = refill(data, pos, acc, nb, pad)
						}
						var t, l uint
						if e := dcH.lut[acc>>(64-lutBits)]; e != 0 {
							t, l = uint(e>>8), uint(e&0xff)
						} else {
							v, n := dcH.decodeLong(acc)
							if n == 0 {
								return dcH.badCode()
							}
							t, l = uint(v), uint(n)
						}
						if t > 16 {
							return UnsupportedError("excessive DC component")
						}
						acc <<= l
						// receiveExtend: t bits, the negative values below
						// the positive ones.
						x := int32(acc >> (64 - t))
						if x < int32(1)<<t>>1 {
							x += (-1 << t) + 1
						}
						acc <<= t
						nb -= l + t
						dc[compIndex] += x
						value := dc[compIndex] << s.al

						// The AC coefficients (sequential JPEGs only: the
						// progressive DC scans have zigEnd 0), as specified in
						// section F.2.2.2, skipped over.
						if s.zigEnd > 0 {
							if eobRun > 0 {
								eobRun--
							} else {
								zigEnd := uint(s.zigEnd)
								for zig := uint(1); zig <= zigEnd; {
									// a code of up to 16 bits and up to 15 more
									if nb < 31 {
										// refill's first case, inline
										v := uint64(ffff)
										if pos+8 <= len(data) {
											v = binary.BigEndian.Uint64(data[pos:])
										}
										if x := ^v; (x-0x0101010101010101)&^x&0x8080808080808080 == 0 {
											acc |= v >> nb
											pos += int((63 - nb) >> 3)
											nb |= 56
										} else {
											acc, pos, nb, pad = refill(data, pos, acc, nb, pad)
										}
									}
									// whole symbols in the next skipBits bits, as long as they
									// end before the block does
									if e := uint(acH.skip[acc>>(64-skipBits)]); e != 0 {
										if adv := (e >> skipAdvShift) & skipAdvMask; zig+adv <= zigEnd {
											l := e & skipLenMask
											acc <<= l
											nb -= l
											zig += adv
											if e&skipEOB != 0 {
												break
											}
											// once more without refilling: nb ≥ 31-skipBits ≥ skipBits
											e = uint(acH.skip[acc>>(64-skipBits)])
											if adv := (e >> skipAdvShift) & skipAdvMask; e != 0 && zig+adv <= zigEnd {
												l := e & skipLenMask
												acc <<= l
												nb -= l
												zig += adv
												if e&skipEOB != 0 {
													break
												}
											}
											continue
										}
									}
									// one symbol
									var rs, l uint
									if e := acH.lut[acc>>(64-lutBits)]; e != 0 {
										rs, l = uint(e>>8), uint(e&0xff)
									} else {
										v, n := acH.decodeLong(acc)
										if n == 0 {
											return acH.badCode()
										}
										rs, l = uint(v), uint(n)
									}
									r, size := rs>>4, rs&0x0f
									if size != 0 {
										zig += r
										if zig > zigEnd {
											// image/jpeg stops before the value's bits
											acc <<= l
											nb -= l
											break
										}
										acc <<= l + size
										nb -= l + size
										zig++
										continue
									}
									acc <<= l
									nb -= l
									if r == 0x0f { // sixteen zeros
										zig += 16
										continue
									}
									// the end of the block and of the next
									// 2^r + r bits blocks
									eobRun = 1 << r
									if r != 0 {
										eobRun |= uint16(acc >> (64 - r))
										acc <<= r
										nb -= r
									}
									eobRun--
									break
								}
							}
						}
						if d.progressive {
							d.progDC[compIndex][by*mxx*hi+bx] = value
						} else {
							pix[by*stride+bx] = dcPixel(value, q0)
						}
					}
					if nb < pad {
						// bits past the end of the scan's data were used
						return errShortHuffmanData
					}
				} // for j
			} // for i
			mcu++
			if d.ri > 0 && mcu%d.ri == 0 && mcu < mxx*myy {
				// For well-formed input, the RST[0-7] restart marker follows
				// immediately (the bytes read ahead hold only the padding
				// bits of the last one before it). For corrupt input, call
				// findRST to try to resynchronize.
				d.bytes.i = pos
				if err := d.readFull(d.tmp[:2]); err != nil {
					return err
				} else if d.tmp[0] != 0xff || d.tmp[1] != expectedRST {
					if err := d.findRST(expectedRST); err != nil {
						return err
					}
				}
				expectedRST++
				if expectedRST == rst7Marker+1 {
					expectedRST = rst0Marker
				}
				// Reset the Huffman decoder.
				pos, acc, nb, pad = d.bytes.i, 0, 0, 0
				// Reset the DC components, as per section F.2.1.3.1.
				dc = [maxComponents]int32{}
				// Reset the progressive decoder state, as per section G.1.2.2.
				eobRun = 0
			}
		} // for mx
	} // for my
	d.bytes.i = pos
	d.eobRun = eobRun
	return nil
}

// badCode is the error for a code that is not in h (or h was not defined).
func (h *huffman) badCode() error {
	if h.nCodes == 0 {
		return FormatError("uninitialized Huffman table")
	}
	return FormatError("bad Huffman code")
}

// refill puts bytes of data from pos into acc (holding nb bits, plus the
// next bits of data[pos] below them after a fast refill) until it holds at
// least 56 bits, and returns acc, pos, nb and pad. A 0xff 0x00 pair is the
// byte 0xff (byte stuffing, section F.1.2.3). At a marker (0xff and another
// byte) or the end of the data, it adds a zero byte without moving on and
// counts its bits in pad: the caller checks that it used none of them. When
// the next 8 bytes hold no 0xff, it takes as many of them as fit in one go.
func refill(data []byte, pos int, acc uint64, nb, pad uint) (uint64, int, uint, uint) {
	if pos+8 <= len(data) {
		v := binary.BigEndian.Uint64(data[pos:])
		if x := ^v; (x-0x0101010101010101)&^x&0x8080808080808080 == 0 { // no byte 0xff
			acc |= v >> nb
			pos += int((63 - nb) >> 3)
			return acc, pos, nb | 56, pad
		}
	}
	for nb <= 56 {
		var c byte
		switch {
		case pos >= len(data):
			pad += 8
		case data[pos] != 0xff:
			c = data[pos]
			pos++
		case pos+1 < len(data) && data[pos+1] == 0x00:
			c = 0xff
			pos += 2
		default:
			pad += 8
		}
		acc |= uint64(c) << (56 - nb)
		nb += 8
	}
	return acc, pos, nb, pad
}

// ffff is 8 bytes 0xff: no fast refill.
const ffff = 1<<64 - 1

// skipScan moves past a scan without decoding it, to the next marker that is
// not a restart marker (RST0–RST7).
func (d *decoder) skipScan() error {
	data := d.bytes.buf[:d.bytes.j]
	for i := d.bytes.i; ; {
		k := bytes.IndexByte(data[i:], 0xff)
		if k < 0 || i+k+1 >= len(data) {
			return errShortHuffmanData
		}
		i += k
		c := data[i+1]
		switch {
		case c == 0xff:
			i++
		case c == 0x00 || rst0Marker <= c && c <= rst7Marker:
			i += 2
		default:
			d.bytes.i = i
			return nil
		}
	}
}

func (d *decoder) reconstructProgressiveImage() error {
	// The h0, mxx, by and bx variables have the same meaning as in the
	// processSOS method.
	h0 := d.comp[0].h
	mxx := (d.width + 8*h0 - 1) / (8 * h0)
	for i := 0; i < d.nComp; i++ {
		if d.progDC[i] == nil {
			continue
		}
		v := 8 * d.comp[0].v / d.comp[i].v
		h := 8 * d.comp[0].h / d.comp[i].h
		stride := mxx * d.comp[i].h
		for by := 0; by*v < d.height; by++ {
			for bx := 0; bx*h < d.width; bx++ {
				if err := d.reconstructBlock(d.progDC[i][by*stride+bx], bx, by, i); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// reconstructBlock stores a block's DC value — the mean of its 64 pixels
// (rueckgabe: instead of the inverse DCT of image/jpeg) — as one pixel.
func (d *decoder) reconstructBlock(dc int32, bx, by, compIndex int) error {
	pix, stride := d.plane(compIndex)
	if pix == nil {
		return UnsupportedError("too many components")
	}
	pix[by*stride+bx] = dcPixel(dc, d.quant[d.comp[compIndex].tq][0])
	return nil
}

// dcPixel is the pixel of a block of DC coefficient dc quantised by q: the
// DC term of the inverse DCT is dc·q/8; level shift by +128, clip.
func dcPixel(dc, q int32) uint8 {
	c := (dc*q + 4) >> 3
	if c < -128 {
		return 0
	} else if c > 127 {
		return 255
	}
	return uint8(c + 128)
}

// plane is the pixels and stride of a component at an eighth.
func (d *decoder) plane(compIndex int) ([]byte, int) {
	if d.nComp == 1 {
		return d.img1.Pix, d.img1.Stride
	}
	switch compIndex {
	case 0:
		return d.img3.Y, d.img3.YStride
	case 1:
		return d.img3.Cb, d.img3.CStride
	case 2:
		return d.img3.Cr, d.img3.CStride
	case 3:
		return d.blackPix, d.blackStride
	}
	return nil, 0
}

// eighth is a side of the image at an eighth of its size, rounded up (a
// partial block is a pixel too).
func eighth(n int) int { return (n + 7) / 8 }

// block is a block of coefficients (image/jpeg's dct.go).
type block [blockSize]int32

const blockSize = 8 * 8

// findRST advances past the next RST restart marker that matches expectedRST.
// Other than I/O errors, it is also an error if we encounter an {0xFF, M}
// two-byte marker sequence where M is not 0x00, 0xFF or the expectedRST.
//
// This is similar to libjpeg's jdmarker.c's next_marker function.
// https://github.com/libjpeg-turbo/libjpeg-turbo/blob/2dfe6c0fe9e18671105e94f7cbf044d4a1d157e6/jdmarker.c#L892-L935
//
// Precondition: d.tmp[:2] holds the next two bytes of JPEG-encoded input
// (input in the d.readFull sense).
func (d *decoder) findRST(expectedRST uint8) error {
	for {
		// i is the index such that, at the bottom of the loop, we read 2-i
		// bytes into d.tmp[i:2], maintaining the invariant that d.tmp[:2]
		// holds the next two bytes of JPEG-encoded input. It is either 0 or 1,
		// so that each iteration advances by 1 or 2 bytes (or returns).
		i := 0

		if d.tmp[0] == 0xff {
			if d.tmp[1] == expectedRST {
				return nil
			} else if d.tmp[1] == 0xff {
				i = 1
			} else if d.tmp[1] != 0x00 {
				// libjpeg's jdmarker.c's jpeg_resync_to_restart does something
				// fancy here, treating RST markers within two (modulo 8) of
				// expectedRST differently from RST markers that are 'more
				// distant'. Until we see evidence that recovering from such
				// cases is frequent enough to be worth the complexity, we take
				// a simpler approach for now. Any marker that's not 0x00, 0xff
				// or expectedRST is a fatal FormatError.
				return FormatError("bad RST marker")
			}

		} else if d.tmp[1] == 0xff {
			d.tmp[0] = 0xff
			i = 1
		}

		if err := d.readFull(d.tmp[i:2]); err != nil {
			return err
		}
	}
}
