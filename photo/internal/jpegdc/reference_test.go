// Copyright 2012 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package jpegdc

import (
	"image"
	"io"
)

// The entropy decoding of image/jpeg (Go 1.26) as jpegdc had it before
// fastScan: one byte at a time, every coefficient decoded and kept, the AC
// scans of a progressive JPEG decoded too. The tests decode each JPEG both
// ways and want the same image.

// decodeReference is DecodeEighth with image/jpeg's scan loop.
func decodeReference(data []byte) (image.Image, error) {
	var d decoder
	ref := &refScanner{}
	d.decodeScan = ref.scan
	return d.decode(data, false)
}

// refScanner keeps, across the scans of a progressive JPEG, all 64
// coefficients of each block (the AC refinement needs them).
type refScanner struct {
	coeffs [maxComponents][]block
	// the bit reader of image/jpeg
	bits struct {
		a, m uint32
		n    int32
	}
	buf   []byte
	i     int
	nUnrd int
}

func (r *refScanner) readByte() (byte, error) {
	if r.i >= len(r.buf) {
		return 0, io.ErrUnexpectedEOF
	}
	r.i++
	r.nUnrd = 0
	return r.buf[r.i-1], nil
}

func (r *refScanner) readByteStuffedByte() (x byte, err error) {
	r.nUnrd = 0
	x, err = r.readByte()
	if err != nil {
		return 0, err
	}
	r.nUnrd = 1
	if x != 0xff {
		return x, nil
	}
	x, err = r.readByte()
	if err != nil {
		return 0, err
	}
	r.nUnrd = 2
	if x != 0x00 {
		return 0, errMissingFF00
	}
	return 0xff, nil
}

var errMissingFF00 = FormatError("missing 0xff00 sequence")

// unread gives back the bytes read ahead (image/jpeg's readFull does it).
func (r *refScanner) unread() {
	if r.nUnrd != 0 && r.bits.n >= 8 {
		r.i -= r.nUnrd
		r.bits.a >>= 8
		r.bits.n -= 8
		r.bits.m >>= 8
	}
	r.nUnrd = 0
}

func (r *refScanner) ensureNBits(n int32) error {
	for {
		c, err := r.readByteStuffedByte()
		if err != nil {
			if err == io.ErrUnexpectedEOF {
				return errShortHuffmanData
			}
			return err
		}
		r.bits.a = r.bits.a<<8 | uint32(c)
		r.bits.n += 8
		if r.bits.m == 0 {
			r.bits.m = 1 << 7
		} else {
			r.bits.m <<= 8
		}
		if r.bits.n >= n {
			break
		}
	}
	return nil
}

func (r *refScanner) receiveExtend(t uint8) (int32, error) {
	if r.bits.n < int32(t) {
		if err := r.ensureNBits(int32(t)); err != nil {
			return 0, err
		}
	}
	r.bits.n -= int32(t)
	r.bits.m >>= t
	s := int32(1) << t
	x := int32(r.bits.a>>uint8(r.bits.n)) & (s - 1)
	if x < s>>1 {
		x += ((-1) << t) + 1
	}
	return x, nil
}

// decodeHuffman is image/jpeg's slow path: one bit at a time.
func (r *refScanner) decodeHuffman(h *huffman) (uint8, error) {
	if h.nCodes == 0 {
		return 0, FormatError("uninitialized Huffman table")
	}
	for i, code := 0, int32(0); i < maxCodeLength; i++ {
		if r.bits.n == 0 {
			if err := r.ensureNBits(1); err != nil {
				return 0, err
			}
		}
		if r.bits.a&r.bits.m != 0 {
			code |= 1
		}
		r.bits.n--
		r.bits.m >>= 1
		if code <= h.maxCodes[i] {
			return h.vals[h.valsIndices[i]+code-h.minCodes[i]], nil
		}
		code <<= 1
	}
	return 0, FormatError("bad Huffman code")
}

func (r *refScanner) decodeBit() (bool, error) {
	if r.bits.n == 0 {
		if err := r.ensureNBits(1); err != nil {
			return false, err
		}
	}
	ret := r.bits.a&r.bits.m != 0
	r.bits.n--
	r.bits.m >>= 1
	return ret, nil
}

func (r *refScanner) decodeBits(n int32) (uint32, error) {
	if r.bits.n < n {
		if err := r.ensureNBits(n); err != nil {
			return 0, err
		}
	}
	ret := r.bits.a >> uint32(r.bits.n-n)
	ret &= (1 << uint32(n)) - 1
	r.bits.n -= n
	r.bits.m >>= uint32(n)
	return ret, nil
}

// scan is image/jpeg's processSOS from the bits on.
func (r *refScanner) scan(d *decoder, s *scanSpec) error {
	r.buf, r.i, r.nUnrd = d.bytes.buf[:d.bytes.j], d.bytes.i, 0
	r.bits.a, r.bits.m, r.bits.n = 0, 0, 0
	mxx, myy := s.mxx, s.myy
	nComp, scan := s.nComp, s.comp
	zigStart, zigEnd, ah, al := s.zigStart, s.zigEnd, s.ah, s.al
	if d.progressive {
		for i := 0; i < nComp; i++ {
			compIndex := scan[i].compIndex
			if r.coeffs[compIndex] == nil {
				r.coeffs[compIndex] = make([]block, mxx*myy*d.comp[compIndex].h*d.comp[compIndex].v)
			}
		}
	}
	mcu, expectedRST := 0, uint8(rst0Marker)
	var (
		b          block
		dc         [maxComponents]int32
		bx, by     int
		blockCount int
	)
	for my := 0; my < myy; my++ {
		for mx := 0; mx < mxx; mx++ {
			for i := 0; i < nComp; i++ {
				compIndex := scan[i].compIndex
				hi := d.comp[compIndex].h
				vi := d.comp[compIndex].v
				for j := 0; j < hi*vi; j++ {
					if nComp != 1 {
						bx = hi*mx + j%hi
						by = vi*my + j/hi
					} else {
						q := mxx * hi
						bx = blockCount % q
						by = blockCount / q
						blockCount++
						if bx*8 >= d.width || by*8 >= d.height {
							continue
						}
					}
					if d.progressive {
						b = r.coeffs[compIndex][by*mxx*hi+bx]
					} else {
						b = block{}
					}
					if ah != 0 {
						if err := r.refine(d, &b, &d.huff[acTable][scan[i].ta], zigStart, zigEnd, 1<<al); err != nil {
							return err
						}
					} else {
						zig := zigStart
						if zig == 0 {
							zig++
							value, err := r.decodeHuffman(&d.huff[dcTable][scan[i].td])
							if err != nil {
								return err
							}
							if value > 16 {
								return UnsupportedError("excessive DC component")
							}
							dcDelta, err := r.receiveExtend(value)
							if err != nil {
								return err
							}
							dc[compIndex] += dcDelta
							b[0] = dc[compIndex] << al
						}
						if zig <= zigEnd && d.eobRun > 0 {
							d.eobRun--
						} else {
							huff := &d.huff[acTable][scan[i].ta]
							for ; zig <= zigEnd; zig++ {
								value, err := r.decodeHuffman(huff)
								if err != nil {
									return err
								}
								val0 := value >> 4
								val1 := value & 0x0f
								if val1 != 0 {
									zig += int32(val0)
									if zig > zigEnd {
										break
									}
									ac, err := r.receiveExtend(val1)
									if err != nil {
										return err
									}
									b[unzig[zig]] = ac << al
								} else {
									if val0 != 0x0f {
										d.eobRun = uint16(1 << val0)
										if val0 != 0 {
											bits, err := r.decodeBits(int32(val0))
											if err != nil {
												return err
											}
											d.eobRun |= uint16(bits)
										}
										d.eobRun--
										break
									}
									zig += 0x0f
								}
							}
						}
					}
					if d.progressive {
						r.coeffs[compIndex][by*mxx*hi+bx] = b
						d.progDC[compIndex][by*mxx*hi+bx] = b[0]
						continue
					}
					if err := d.reconstructBlock(b[0], bx, by, int(compIndex)); err != nil {
						return err
					}
				}
			}
			mcu++
			if d.ri > 0 && mcu%d.ri == 0 && mcu < mxx*myy {
				r.unread()
				d.bytes.i = r.i
				if err := d.readFull(d.tmp[:2]); err != nil {
					return err
				} else if d.tmp[0] != 0xff || d.tmp[1] != expectedRST {
					if err := d.findRST(expectedRST); err != nil {
						return err
					}
				}
				r.i = d.bytes.i
				expectedRST++
				if expectedRST == rst7Marker+1 {
					expectedRST = rst0Marker
				}
				r.bits.a, r.bits.m, r.bits.n = 0, 0, 0
				dc = [maxComponents]int32{}
				d.eobRun = 0
			}
		}
	}
	r.unread()
	d.bytes.i = r.i
	return nil
}

func (r *refScanner) refine(d *decoder, b *block, h *huffman, zigStart, zigEnd, delta int32) error {
	if zigStart == 0 {
		if zigEnd != 0 {
			panic("unreachable")
		}
		bit, err := r.decodeBit()
		if err != nil {
			return err
		}
		if bit {
			b[0] |= delta
		}
		return nil
	}
	zig := zigStart
	if d.eobRun == 0 {
	loop:
		for ; zig <= zigEnd; zig++ {
			z := int32(0)
			value, err := r.decodeHuffman(h)
			if err != nil {
				return err
			}
			val0 := value >> 4
			val1 := value & 0x0f
			switch val1 {
			case 0:
				if val0 != 0x0f {
					d.eobRun = uint16(1 << val0)
					if val0 != 0 {
						bits, err := r.decodeBits(int32(val0))
						if err != nil {
							return err
						}
						d.eobRun |= uint16(bits)
					}
					break loop
				}
			case 1:
				z = delta
				bit, err := r.decodeBit()
				if err != nil {
					return err
				}
				if !bit {
					z = -z
				}
			default:
				return FormatError("unexpected Huffman code")
			}
			zig, err = r.refineNonZeroes(b, zig, zigEnd, int32(val0), delta)
			if err != nil {
				return err
			}
			if zig > zigEnd {
				return FormatError("too many coefficients")
			}
			if z != 0 {
				b[unzig[zig]] = z
			}
		}
	}
	if d.eobRun > 0 {
		d.eobRun--
		if _, err := r.refineNonZeroes(b, zig, zigEnd, -1, delta); err != nil {
			return err
		}
	}
	return nil
}

func (r *refScanner) refineNonZeroes(b *block, zig, zigEnd, nz, delta int32) (int32, error) {
	for ; zig <= zigEnd; zig++ {
		u := unzig[zig]
		if b[u] == 0 {
			if nz == 0 {
				break
			}
			nz--
			continue
		}
		bit, err := r.decodeBit()
		if err != nil {
			return 0, err
		}
		if !bit {
			continue
		}
		if b[u] >= 0 {
			b[u] += delta
		} else {
			b[u] -= delta
		}
	}
	return zig, nil
}
