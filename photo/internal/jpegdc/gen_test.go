package jpegdc

import (
	"encoding/binary"
	"math/bits"
	"math/rand"
)

// A generator of JPEGs with random coefficients, to compare fastScan with
// image/jpeg's loop (refScanner) on what Go's encoder never writes:
// progressive scans, restart intervals, every subsampling, one scan per
// component, long Huffman codes, and the oddities image/jpeg reads in its
// own way (runs of ends of blocks in a sequential scan, a run past the end
// of the block). It writes the coefficients, not pixels: the DC values are
// known, so the test can check them too.

type genSpec struct {
	name        string
	w, h        int
	hv          []byte // sampling factors per component (0x22: 2×2)
	progressive bool
	ri          int  // restart interval in MCUs, 0 for none
	separate    bool // one scan per component
	quirks      bool // EOB runs, runs past the block's end
	seed        int64
}

type genJPEG struct {
	data []byte
	// dc[c][by*stride+bx] is the DC coefficient written for each block
	dc     [][]int32
	stride []int
	q0     int32
}

// bitWriter writes bits most significant first, stuffing 0xff with 0x00.
type bitWriter struct {
	out []byte
	acc uint32
	n   uint
}

func (w *bitWriter) put(v uint32, n uint) {
	for i := n; i > 0; i-- {
		w.acc = w.acc<<1 | (v>>(i-1))&1
		if w.n++; w.n == 8 {
			w.out = append(w.out, byte(w.acc))
			if byte(w.acc) == 0xff {
				w.out = append(w.out, 0)
			}
			w.acc, w.n = 0, 0
		}
	}
}

// flush pads the last byte with ones.
func (w *bitWriter) flush() {
	for w.n != 0 {
		w.put(1, 1)
	}
}

type genCode struct {
	code uint32
	n    uint
}

// genTable is a canonical Huffman table of the symbols syms (in the order
// given) with counts[i] codes of length i+1; it returns the DHT payload and
// the codes.
func genTable(class byte, syms []byte, counts [16]int) ([]byte, map[byte]genCode) {
	p := []byte{class << 4}
	for _, c := range counts {
		p = append(p, byte(c))
	}
	p = append(p, syms...)
	codes := map[byte]genCode{}
	code, k := uint32(0), 0
	for l, c := range counts {
		for range c {
			codes[syms[k]] = genCode{code, uint(l + 1)}
			code++
			k++
		}
		code <<= 1
	}
	return p, codes
}

func segment(out []byte, marker byte, payload []byte) []byte {
	out = append(out, 0xff, marker)
	out = binary.BigEndian.AppendUint16(out, uint16(len(payload)+2))
	return append(out, payload...)
}

// genBlocks calls fn for each block of a scan of the components comps in
// the order image/jpeg's processSOS visits them, and restart after every
// ri MCUs as it counts them.
func genBlocks(s genSpec, comps []int, fn func(c, bx, by int), restart func()) {
	h0, v0 := int(s.hv[0]>>4), int(s.hv[0]&15)
	if len(s.hv) == 1 {
		h0, v0 = 1, 1
	}
	mxx, myy := (s.w+8*h0-1)/(8*h0), (s.h+8*v0-1)/(8*v0)
	blockCount, mcu := 0, 0
	for my := range myy {
		for mx := range mxx {
			for _, c := range comps {
				hi, vi := int(s.hv[c]>>4), int(s.hv[c]&15)
				if len(s.hv) == 1 {
					hi, vi = 1, 1
				}
				for j := range hi * vi {
					var bx, by int
					if len(comps) != 1 {
						bx, by = hi*mx+j%hi, vi*my+j/hi
					} else {
						q := mxx * hi
						bx, by = blockCount%q, blockCount/q
						blockCount++
						if bx*8 >= s.w || by*8 >= s.h {
							continue
						}
					}
					fn(c, bx, by)
				}
			}
			mcu++
			if s.ri > 0 && mcu%s.ri == 0 && mcu < mxx*myy {
				restart()
			}
		}
	}
}

func generate(s genSpec) genJPEG {
	r := rand.New(rand.NewSource(s.seed))
	nc := len(s.hv)
	g := genJPEG{q0: int32(4 + r.Intn(13))}
	h0, v0 := int(s.hv[0]>>4), int(s.hv[0]&15)
	if nc == 1 {
		h0, v0 = 1, 1
	}
	mxx, myy := (s.w+8*h0-1)/(8*h0), (s.h+8*v0-1)/(8*v0)
	for c := range nc {
		hi, vi := int(s.hv[c]>>4), int(s.hv[c]&15)
		if nc == 1 {
			hi, vi = 1, 1
		}
		g.stride = append(g.stride, mxx*hi)
		dcs := make([]int32, mxx*hi*myy*vi)
		lim := int32(128*8)/g.q0 + 12 // a few beyond 0 and 255, clipped
		for i := range dcs {
			dcs[i] = r.Int31n(2*lim+1) - lim
		}
		g.dc = append(g.dc, dcs)
	}

	// Huffman tables with codes of 2 to 16 bits, the symbols in a random order
	dcSyms := []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	r.Shuffle(len(dcSyms), func(i, j int) { dcSyms[i], dcSyms[j] = dcSyms[j], dcSyms[i] })
	dht, dcCodes := genTable(0, dcSyms, [16]int{0, 1, 3, 3, 2, 1, 1, 0, 1})
	var acSyms []byte
	for run := range 16 {
		for size := 1; size <= 10; size++ {
			acSyms = append(acSyms, byte(run<<4|size))
		}
	}
	acSyms = append(acSyms, 0x00, 0xf0, 0x10, 0x20, 0x30)
	r.Shuffle(len(acSyms), func(i, j int) { acSyms[i], acSyms[j] = acSyms[j], acSyms[i] })
	acDHT, acCodes := genTable(1, acSyms, [16]int{0, 1, 1, 2, 4, 6, 8, 10, 14, 20, 24, 24, 16, 12, 10, 13})
	dht = append(dht, acDHT...)

	out := []byte{0xff, soiMarker}
	dqt := []byte{0}
	for i := range 64 {
		if i == 0 {
			dqt = append(dqt, byte(g.q0))
		} else {
			dqt = append(dqt, byte(1+r.Intn(255)))
		}
	}
	out = segment(out, dqtMarker, dqt)
	sof := []byte{8, byte(s.h >> 8), byte(s.h), byte(s.w >> 8), byte(s.w), byte(nc)}
	for c := range nc {
		sof = append(sof, byte(c+1), s.hv[c], 0)
	}
	if s.progressive {
		out = segment(out, sof2Marker, sof)
	} else {
		out = segment(out, sof0Marker, sof)
	}
	out = segment(out, dhtMarker, dht)
	if s.ri > 0 {
		out = segment(out, driMarker, []byte{byte(s.ri >> 8), byte(s.ri)})
	}

	var w bitWriter
	eobSkip := 0 // image/jpeg's eobRun: blocks whose AC coefficients are not coded
	sym := func(m map[byte]genCode, v byte) {
		c, ok := m[v]
		if !ok {
			panic("no code")
		}
		w.put(c.code, c.n)
	}
	// value writes v in t bits as receiveExtend reads it
	value := func(v int32) {
		a := v
		if a < 0 {
			a = -a
		}
		t := uint(bits.Len32(uint32(a)))
		sym(dcCodes, byte(t))
		if v < 0 {
			v += 1<<t - 1
		}
		w.put(uint32(v), t)
	}
	acBlock := func(ss, se int) {
		if eobSkip > 0 {
			eobSkip--
			return
		}
		for zig := ss; zig <= se; {
			switch x := r.Intn(100); {
			case x < 6:
				if s.quirks && r.Intn(3) == 0 {
					run := 1 + r.Intn(3)
					b := r.Intn(1 << run)
					sym(acCodes, byte(run<<4))
					w.put(uint32(b), uint(run))
					eobSkip = (1<<run | b) - 1
				} else {
					sym(acCodes, 0x00)
				}
				return
			case x < 9:
				sym(acCodes, 0xf0)
				zig += 16
			default:
				run, size := r.Intn(4), 1+r.Intn(10)
				if r.Intn(10) == 0 {
					run = r.Intn(16)
				}
				if zig+run > se {
					if s.quirks {
						sym(acCodes, byte(run<<4|size)) // image/jpeg ends the block here
						return
					}
					run = se - zig
				}
				sym(acCodes, byte(run<<4|size))
				w.put(uint32(r.Intn(1<<size)), uint(size))
				zig += run + 1
			}
		}
	}
	scan := func(comps []int, ss, se, ah, al int, block func(c, bx, by int, pred *[4]int32)) {
		p := []byte{byte(len(comps))}
		for _, c := range comps {
			p = append(p, byte(c+1), 0x00)
		}
		p = append(p, byte(ss), byte(se), byte(ah<<4|al))
		out = segment(out, sosMarker, p)
		w = bitWriter{}
		var pred [4]int32
		rst := 0
		genBlocks(s, comps, func(c, bx, by int) { block(c, bx, by, &pred) }, func() {
			w.flush()
			out = append(out, w.out...)
			out = append(out, 0xff, byte(rst0Marker+rst%8))
			rst++
			w = bitWriter{}
			pred = [4]int32{}
			eobSkip = 0
		})
		w.flush()
		out = append(out, w.out...)
	}
	var all []int
	for c := range nc {
		all = append(all, c)
	}
	groups := [][]int{all}
	if s.separate {
		groups = nil
		for c := range nc {
			groups = append(groups, []int{c})
		}
	}
	if !s.progressive {
		for _, comps := range groups {
			scan(comps, 0, 63, 0, 0, func(c, bx, by int, pred *[4]int32) {
				dc := g.dc[c][by*g.stride[c]+bx]
				value(dc - pred[c])
				pred[c] = dc
				acBlock(1, 63)
			})
		}
	} else {
		for _, comps := range groups { // DC first, the low bit left for later
			scan(comps, 0, 0, 0, 1, func(c, bx, by int, pred *[4]int32) {
				dc := g.dc[c][by*g.stride[c]+bx] >> 1
				value(dc - pred[c])
				pred[c] = dc
			})
		}
		acScans := func(c int) {
			scan([]int{c}, 1, 5, 0, 0, func(_, _, _ int, _ *[4]int32) { acBlock(1, 5) })
			scan([]int{c}, 6, 63, 0, 0, func(_, _, _ int, _ *[4]int32) { acBlock(6, 63) })
		}
		acScans(0)
		for _, comps := range groups { // DC refinement: the low bit
			scan(comps, 0, 0, 1, 0, func(c, bx, by int, _ *[4]int32) {
				w.put(uint32(g.dc[c][by*g.stride[c]+bx]&1), 1)
			})
		}
		for c := 1; c < nc; c++ {
			acScans(c)
		}
	}
	g.data = append(out, 0xff, eoiMarker)
	return g
}
