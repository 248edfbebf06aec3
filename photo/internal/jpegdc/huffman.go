// Copyright 2009 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package jpegdc

// maxCodeLength is the maximum (inclusive) number of bits in a Huffman code.
const maxCodeLength = 16

// maxNCodes is the maximum (inclusive) number of codes in a Huffman tree.
const maxNCodes = 256

// lutBits is the log-2 size of the Huffman decoder's look-up table
// (rueckgabe: 10 instead of image/jpeg's 8, so nearly every code of a
// photo's AC table is one look-up).
const lutBits = 10

// huffman is a Huffman decoder, specified in section C.
type huffman struct {
	// length is the number of codes in the tree.
	nCodes int32
	// lut is the look-up table for the next lutBits bits in the bit-stream.
	// The high 8 bits of the uint16 are the encoded value. The low 8 bits
	// are the code length, or 0 if the code is longer than lutBits.
	lut [1 << lutBits]uint16
	// vals are the decoded values, sorted by their encoding.
	vals [maxNCodes]uint8
	// minCodes[i] is the minimum code of length i+1, or -1 if there are no
	// codes of that length.
	minCodes [maxCodeLength]int32
	// maxCodes[i] is the maximum code of length i+1, or -1 if there are no
	// codes of that length.
	maxCodes [maxCodeLength]int32
	// valsIndices[i] is the index into vals of minCodes[i].
	valsIndices [maxCodeLength]int32
	// skip is, for an AC table, what the next skipBits bits of the stream
	// hold: as many whole AC symbols (code and value bits) as fit, skipped
	// together (rueckgabe, fastScan). Bits 0–3 are the bits they take (0:
	// not even one fits), bits 4–9 how far they move along the zig-zag
	// order, bit 10 is set when the last is the end of the block (EOB).
	skip [1 << skipBits]uint16
}

// skipBits is the log-2 size of huffman.skip: fastScan looks it up twice
// after making sure of 31 bits, and the length must fit in skipLenMask.
const skipBits = 13

var (
	_ [31 - 2*skipBits]struct{}
	_ [skipLenMask - skipBits]struct{}
)

const (
	skipLenMask  = 0x0f
	skipAdvShift = 4
	skipAdvMask  = 0x3f
	skipEOB      = 1 << 10
)

// errShortHuffmanData means that an unexpected EOF occurred while decoding
// Huffman data.
var errShortHuffmanData = FormatError("short Huffman data")

// processDHT processes a Define Huffman Table marker, and initializes a huffman
// struct from its contents. Specified in section B.2.4.2.
func (d *decoder) processDHT(n int) error {
	for n > 0 {
		if n < 17 {
			return FormatError("DHT has wrong length")
		}
		if err := d.readFull(d.tmp[:17]); err != nil {
			return err
		}
		tc := d.tmp[0] >> 4
		if tc > maxTc {
			return FormatError("bad Tc value")
		}
		th := d.tmp[0] & 0x0f
		// The baseline th <= 1 restriction is specified in table B.5.
		if th > maxTh || (d.baseline && th > 1) {
			return FormatError("bad Th value")
		}
		h := &d.huff[tc][th]

		// Read nCodes and h.vals (and derive h.nCodes).
		// nCodes[i] is the number of codes with code length i.
		// h.nCodes is the total number of codes.
		h.nCodes = 0
		var nCodes [maxCodeLength]int32
		for i := range nCodes {
			nCodes[i] = int32(d.tmp[i+1])
			h.nCodes += nCodes[i]
		}
		if h.nCodes == 0 {
			return FormatError("Huffman table has zero length")
		}
		if h.nCodes > maxNCodes {
			return FormatError("Huffman table has excessive length")
		}
		n -= int(h.nCodes) + 17
		if n < 0 {
			return FormatError("DHT has wrong length")
		}
		if err := d.readFull(h.vals[:h.nCodes]); err != nil {
			return err
		}

		// Derive minCodes, maxCodes, and valsIndices. rueckgabe: a table
		// with more codes of a length than that length has room for is
		// refused (image/jpeg decodes it to garbage).
		var c, index int32
		for i, n := range nCodes {
			if c+n > 1<<(i+1) {
				h.nCodes = 0
				return FormatError("Huffman table has too many codes")
			}
			if n == 0 {
				h.minCodes[i] = -1
				h.maxCodes[i] = -1
				h.valsIndices[i] = -1
			} else {
				h.minCodes[i] = c
				h.maxCodes[i] = c + n - 1
				h.valsIndices[i] = index
				c += n
				index += n
			}
			c <<= 1
		}

		// Derive the look-up table: every lutBits-bit sequence that starts
		// with a code of up to lutBits bits gives its value and length.
		clear(h.lut[:])
		for i := range lutBits {
			if nCodes[i] == 0 {
				continue
			}
			l := uint32(i + 1)
			for j := range nCodes[i] {
				code := uint32(h.minCodes[i] + j)
				v := uint16(h.vals[h.valsIndices[i]+j])<<8 | uint16(l)
				base := code << (lutBits - l)
				for k := range uint32(1) << (lutBits - l) {
					h.lut[base|k] = v
				}
			}
		}
		if tc == acTable {
			h.makeSkip()
		}
	}
	return nil
}

// makeSkip derives h.skip from the codes.
func (h *huffman) makeSkip() {
	for w := range uint64(1) << skipBits {
		acc := w << (64 - skipBits)
		var used, adv uint
		var eob uint16
		for {
			v, l := h.decode(acc)
			if l == 0 {
				break
			}
			r, size := uint(v>>4), uint(v&0x0f)
			switch {
			case size != 0:
				l += size
				r++
			case r == 0x0f: // sixteen zeros
				r = 16
			case r == 0: // end of block
				eob = skipEOB
			default: // a run of ends of blocks: left to the one-symbol path
				l = skipBits + 1
			}
			if used+l > skipBits || adv+r > skipAdvMask {
				eob = 0
				break
			}
			used += l
			adv += r
			acc <<= l
			if eob != 0 {
				break
			}
		}
		h.skip[w] = uint16(used) | uint16(adv)<<skipAdvShift | eob
	}
}

// decode decodes the code at the top of acc: its value and length, or
// length 0 for a bad code.
func (h *huffman) decode(acc uint64) (uint8, uint) {
	if e := h.lut[acc>>(64-lutBits)]; e != 0 {
		return uint8(e >> 8), uint(e & 0xff)
	}
	return h.decodeLong(acc)
}

// decodeLong decodes a code longer than lutBits from the top of acc (the
// next 64 bits of the stream, most significant first): its value and length,
// or length 0 for a bad code.
func (h *huffman) decodeLong(acc uint64) (uint8, uint) {
	for i := lutBits; i < maxCodeLength; i++ {
		code := int32(acc >> (63 - i))
		if code <= h.maxCodes[i] && h.maxCodes[i] >= 0 {
			return h.vals[h.valsIndices[i]+code-h.minCodes[i]], uint(i + 1)
		}
	}
	return 0, 0
}
