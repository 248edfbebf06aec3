package photo

import (
	"bytes"
	"encoding/binary"
	"time"
)

// EXIF is the little the app reads from a photo's metadata. Everything else
// (GPS, camera serial numbers) is left where it is: in the stored original,
// never in the PDF.
type EXIF struct {
	// TakenAt is DateTimeOriginal as "2006-01-02T15:04:05", with the offset
	// ("+02:00") when OffsetTimeOriginal records one; "" when absent or invalid.
	TakenAt string
	// Orientation is the EXIF orientation 1–8 (1 when absent or invalid).
	Orientation int
}

// EXIF tags read.
const (
	tagOrientation        = 0x0112
	tagExifIFD            = 0x8769
	tagDateTimeOriginal   = 0x9003
	tagOffsetTimeOriginal = 0x9011
)

// ReadEXIF reads orientation and time taken from a JPEG's APP1 segment or a
// PNG's eXIf chunk. Damaged or hostile metadata yields what could be read.
func ReadEXIF(data []byte) EXIF {
	out := EXIF{Orientation: 1}
	var tiff []byte
	switch {
	case bytes.HasPrefix(data, magicJPEG):
		tiff = jpegEXIF(data)
	case bytes.HasPrefix(data, magicPNG):
		tiff = pngEXIF(data)
	}
	if tiff == nil {
		return out
	}
	t, ok := newTIFF(tiff)
	if !ok {
		return out
	}
	ifd0, _ := t.u32(4)
	var exifIFD uint32
	t.entries(ifd0, func(tag, typ uint16, count, value uint32, at int) {
		switch tag {
		case tagOrientation:
			if typ == 3 && count == 1 { // SHORT, in the entry itself
				if o, _ := t.u16(at + 8); o >= 1 && o <= 8 {
					out.Orientation = int(o)
				}
			}
		case tagExifIFD:
			exifIFD = value
		}
	})
	if exifIFD == 0 {
		return out
	}
	var taken, offset string
	t.entries(exifIFD, func(tag, typ uint16, count, value uint32, at int) {
		switch tag {
		case tagDateTimeOriginal:
			taken = t.ascii(typ, count, value, at)
		case tagOffsetTimeOriginal:
			offset = t.ascii(typ, count, value, at)
		}
	})
	out.TakenAt = takenAt(taken, offset)
	return out
}

// takenAt turns EXIF's "2024:04:03 10:12:05" and "+02:00" into one time.
func takenAt(taken, offset string) string {
	at, err := time.Parse("2006:01:02 15:04:05", taken)
	if err != nil || at.Year() < 1990 {
		return ""
	}
	s := at.Format("2006-01-02T15:04:05")
	if _, err := time.Parse("-07:00", offset); err == nil && len(offset) == 6 {
		return s + offset
	}
	return s
}

// jpegEXIF finds the TIFF data of the Exif APP1 segment before the image data.
func jpegEXIF(data []byte) []byte {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return nil
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:]
		}
		i += 2 + n
	}
	return nil
}

// pngEXIF finds the eXIf chunk before the image data.
func pngEXIF(data []byte) []byte {
	for i := len(magicPNG); i+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n < 0 || n > len(data)-i-12 {
			return nil
		}
		switch typ {
		case "eXIf":
			return data[i+8 : i+8+n]
		case "IDAT", "IEND":
			return nil
		}
		i += 12 + n
	}
	return nil
}

// tiff reads a TIFF structure of either byte order, bounds-checked.
type tiff struct {
	b  []byte
	bo binary.ByteOrder
}

func newTIFF(b []byte) (tiff, bool) {
	switch {
	case bytes.HasPrefix(b, []byte("II*\x00")):
		return tiff{b, binary.LittleEndian}, true
	case bytes.HasPrefix(b, []byte("MM\x00*")):
		return tiff{b, binary.BigEndian}, true
	}
	return tiff{}, false
}

func (t tiff) u16(at int) (uint16, bool) {
	if at < 0 || at+2 > len(t.b) {
		return 0, false
	}
	return t.bo.Uint16(t.b[at:]), true
}

func (t tiff) u32(at int) (uint32, bool) {
	if at < 0 || at+4 > len(t.b) {
		return 0, false
	}
	return t.bo.Uint32(t.b[at:]), true
}

// entries calls each for every entry of the IFD at off that lies inside the
// data; at is the entry's own offset.
func (t tiff) entries(off uint32, each func(tag, typ uint16, count, value uint32, at int)) {
	if off > uint32(len(t.b)) {
		return
	}
	n, ok := t.u16(int(off))
	if !ok {
		return
	}
	for i := range int(n) {
		at := int(off) + 2 + 12*i
		if at+12 > len(t.b) {
			return
		}
		tag, _ := t.u16(at)
		typ, _ := t.u16(at + 2)
		count, _ := t.u32(at + 4)
		value, _ := t.u32(at + 8)
		each(tag, typ, count, value, at)
	}
}

// ascii reads an ASCII value: in the entry when it fits in four bytes,
// otherwise at its offset; cut at the first NUL.
func (t tiff) ascii(typ uint16, count, value uint32, at int) string {
	if typ != 2 || count == 0 || count > 64 {
		return ""
	}
	start := at + 8
	if count > 4 {
		if value > uint32(len(t.b)) {
			return ""
		}
		start = int(value)
	}
	if start+int(count) > len(t.b) {
		return ""
	}
	s := t.b[start : start+int(count)]
	if i := bytes.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return string(s)
}
