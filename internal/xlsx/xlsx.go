// Package xlsx writes the one kind of workbook rueckgabe makes — sheets of
// rows of text and number cells, a bold header row frozen at the top, money
// formatted #,##0.00 — as Office Open XML (ECMA-376), written in chunks of rows on every core.
// It replaces excelize in the program: excelize's package initialisation
// took 2–2.7 ms of every start of rueckgabe, the TUI's included (issue 26),
// for a file the back office writes now and then. The tests read every
// workbook back with excelize (a test dependency only).
package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"rueckgabe/internal/parallel"
)

// Style is a cell's look.
type Style int

// Styles: the order of cellXfs in styles.xml.
const (
	Plain Style = iota
	Bold        // header
	Money       // #,##0.00 (built-in number format 4)
)

// Cell is a text, a number (its decimal digits, written as they are: no
// float rounding) or nothing.
type Cell struct {
	Text   string
	Number string // "290.42", "-5", "19": a number cell when set
	Style  Style
}

// Sheet is a name and its rows: Row(i) is row i, 0 … Rows-1 (the first is
// the header). Row is called on every core at once, once for each row;
// a sheet of 10,000 rows is written and compressed in chunks of rows
// (writeSheet), never held whole.
type Sheet struct {
	Name string
	Rows int
	Row  func(i int) ([]Cell, error)
}

// fixed is the time the parts of every workbook carry: the same content
// gives the same bytes.
var fixed = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes a workbook of the sheets to w.
func Write(w io.Writer, sheets []Sheet) error {
	z := zip.NewWriter(w)
	// the fastest deflate: a sheet of 10,000 rows took a third of a
	// second to compress at the default level, for a file 15 % smaller
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	part := func(name, content string) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: fixed})
		if err != nil {
			return err
		}
		_, err = io.WriteString(f, content)
		return err
	}
	var types, rels, list strings.Builder
	for i, s := range sheets {
		n := i + 1
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		fmt.Fprintf(&list, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, escape(s.Name), n, n)
	}
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	parts := []struct{ name, content string }{
		{"[Content_Types].xml", head + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			types.String() + `</Types>`},
		{"_rels/.rels", head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", head + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets>` + list.String() + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() +
			fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(sheets)+1) +
			`</Relationships>`},
		{"xl/styles.xml", head + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
			`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
			`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
			`<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
			`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`},
	}
	for _, p := range parts {
		if err := part(p.name, p.content); err != nil {
			return err
		}
	}
	for i, s := range sheets {
		if err := writeSheet(z, i+1, s); err != nil {
			return fmt.Errorf("sheet %s: %w", s.Name, err)
		}
	}
	return z.Close()
}

// sheetChunk is how many rows a core writes and compresses at a time.
const sheetChunk = 512

// sheetPart is a chunk of a sheet's rows, written and compressed.
type sheetPart struct {
	deflated []byte
	crc      uint32 // of the XML
	size     int64  // of the XML
	err      error
}

// compressors are flate writers at the fastest level, to use again (each
// holds a few hundred KB of tables); sheetBuffers the buffers a chunk's XML
// is written into (*[]byte), so that a sheet holds about one per core.
var compressors, sheetBuffers sync.Pool

// writeSheet writes sheet n's part: its rows in chunks of sheetChunk, each
// written as XML and deflated on its own on every core — all but the last
// ended by a flush, which leaves the stream at a byte boundary, so the
// chunks joined are one deflate stream — then stored as they are
// (zip.Writer.CreateRaw) with the size and CRC-32 of the whole.
func writeSheet(z *zip.Writer, n int, s Sheet) error {
	count := max(1, (s.Rows+sheetChunk-1)/sheetChunk)
	parts := make([]sheetPart, count)
	parallel.Each(count, func(c int) {
		p := &parts[c]
		lo, hi := c*sheetChunk, min((c+1)*sheetChunk, s.Rows)
		var buf []byte
		if b, _ := sheetBuffers.Get().(*[]byte); b != nil {
			buf = (*b)[:0]
		}
		defer func() { sheetBuffers.Put(&buf) }()
		if c == 0 {
			buf = append(buf, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
				`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`...)
			if n == 1 {
				buf = append(buf, `<sheetViews><sheetView tabSelected="1" workbookViewId="0">`...)
			} else {
				buf = append(buf, `<sheetViews><sheetView workbookViewId="0">`...)
			}
			buf = append(buf, `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>`...)
		}
		var refs []string // the columns' letters
		for i := lo; i < hi; i++ {
			cells, err := s.Row(i)
			if err != nil {
				p.err = err
				return
			}
			for len(refs) < len(cells) {
				refs = append(refs, Column(len(refs)+1))
			}
			if buf, err = appendRow(buf, i+1, cells, refs); err != nil {
				p.err = err
				return
			}
		}
		last := c == count-1
		if last {
			buf = append(buf, `</sheetData></worksheet>`...)
		}
		p.crc, p.size = crc32.ChecksumIEEE(buf), int64(len(buf))
		var out bytes.Buffer
		out.Grow(len(buf) / 4)
		f, _ := compressors.Get().(*flate.Writer)
		if f == nil {
			f, _ = flate.NewWriter(&out, flate.BestSpeed) // the level is valid: no error
		} else {
			f.Reset(&out)
		}
		_, p.err = f.Write(buf)
		if p.err == nil && last {
			p.err = f.Close()
		} else if p.err == nil {
			p.err = f.Flush()
		}
		compressors.Put(f)
		p.deflated = out.Bytes()
	})
	var crc uint32
	var size, deflated int64
	for _, p := range parts {
		if p.err != nil {
			return p.err
		}
		crc = crc32Combine(crc, p.crc, p.size)
		size += p.size
		deflated += int64(len(p.deflated))
	}
	// the header as CreateHeader writes it, the sizes and CRC known; the
	// MS-DOS time as CreateHeader sets it from Modified (CreateRaw writes
	// the header's fields as they are)
	h := &zip.FileHeader{Name: fmt.Sprintf("xl/worksheets/sheet%d.xml", n), Method: zip.Deflate,
		CRC32: crc, CompressedSize64: uint64(deflated), UncompressedSize64: uint64(size),
		CreatorVersion: 20, ReaderVersion: 20, Modified: fixed}
	//lint:ignore SA1019 CreateRaw does not set them from Modified: the other parts' headers have them
	h.ModifiedDate = uint16(fixed.Day() + int(fixed.Month())<<5 + (fixed.Year()-1980)<<9)
	//lint:ignore SA1019 as above
	h.ModifiedTime = uint16(fixed.Second()/2 + fixed.Minute()<<5 + fixed.Hour()<<11)
	h.Extra = binary.LittleEndian.AppendUint16(h.Extra, 0x5455) // extended timestamp: the time modified
	h.Extra = binary.LittleEndian.AppendUint16(h.Extra, 5)
	h.Extra = append(h.Extra, 1)
	h.Extra = binary.LittleEndian.AppendUint32(h.Extra, uint32(fixed.Unix()))
	w, err := z.CreateRaw(h)
	if err != nil {
		return err
	}
	for i := range parts {
		if _, err := w.Write(parts[i].deflated); err != nil {
			return err
		}
		parts[i].deflated = nil
	}
	return nil
}

// appendRow appends row r (1, 2, …) of cells; refs are the columns'
// letters, at least one per cell.
func appendRow(b []byte, r int, cells []Cell, refs []string) ([]byte, error) {
	var num [20]byte
	row := strconv.AppendInt(num[:0], int64(r), 10)
	b = append(b, `<row r="`...)
	b = append(b, row...)
	b = append(b, `">`...)
	for c, cell := range cells {
		if cell.Number == "" && cell.Text == "" {
			continue
		}
		b = append(b, `<c r="`...)
		b = append(b, refs[c]...)
		b = append(b, row...)
		b = append(b, '"')
		if cell.Style != Plain {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(cell.Style), 10)
			b = append(b, '"')
		}
		if cell.Number != "" {
			if !isNumber(cell.Number) {
				return b, fmt.Errorf("%s%s: %q is not a number", refs[c], row, cell.Number)
			}
			b = append(b, `><v>`...)
			b = append(b, cell.Number...)
			b = append(b, `</v></c>`...)
			continue
		}
		b = append(b, ` t="inlineStr"><is><t xml:space="preserve">`...)
		b = appendEscaped(b, cell.Text)
		b = append(b, `</t></is></c>`...)
	}
	return append(b, `</row>`...), nil
}

// Column is a column's letters: 1 → A, 27 → AA.
func Column(n int) string {
	var s []byte
	for ; n > 0; n = (n - 1) / 26 {
		s = append([]byte{byte('A' + (n-1)%26)}, s...)
	}
	return string(s)
}

// isNumber: a plain decimal number, as the cell's value may hold it.
func isNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "" || hasFrac && frac == "" {
		return false
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// escape is text as XML character data: markup escaped, and characters XML
// cannot hold (controls other than tab and line breaks) replaced by U+FFFD.
func escape(s string) string {
	return string(appendEscaped(nil, s))
}

// appendEscaped appends s escaped as xml.EscapeText escapes it
// (TestAppendEscapedIsEscapeText).
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		var esc string
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case '"':
				esc = "&#34;"
			case '\'':
				esc = "&#39;"
			case '&':
				esc = "&amp;"
			case '<':
				esc = "&lt;"
			case '>':
				esc = "&gt;"
			case '\t':
				esc = "&#x9;"
			case '\n':
				esc = "&#xA;"
			case '\r':
				esc = "&#xD;"
			default:
				if c >= 0x20 {
					continue
				}
				esc = "\uFFFD"
			}
			b = append(b, s[last:i-1]...)
			b = append(b, esc...)
			last = i
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		i += width
		if inCharacterRange(r) && (r != utf8.RuneError || width > 1) {
			continue
		}
		b = append(b, s[last:i-width]...)
		b = append(b, "\uFFFD"...)
		last = i
	}
	return append(b, s[last:]...)
}

// inCharacterRange: a character XML 1.0 allows (encoding/xml's
// isInCharacterRange).
func inCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// crc32Combine is the CRC-32 (IEEE) of a‖b from crcA = CRC(a), crcB =
// CRC(b) and b's length (zlib's crc32_combine): a's register shifted over
// lenB zero bytes by squaring an operator matrix over GF(2), then b's
// added.
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	var even, odd [32]uint32
	odd[0] = crc32.IEEE // the operator for one zero bit
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four
	for {
		gf2Square(&even, &odd) // one zero byte, then 4, 16, …
		if lenB&1 != 0 {
			crcA = gf2Times(&even, crcA)
		}
		if lenB >>= 1; lenB == 0 {
			break
		}
		gf2Square(&odd, &even)
		if lenB&1 != 0 {
			crcA = gf2Times(&odd, crcA)
		}
		if lenB >>= 1; lenB == 0 {
			break
		}
	}
	return crcA ^ crcB
}

func gf2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[32]uint32) {
	for n := range 32 {
		square[n] = gf2Times(mat, mat[n])
	}
}
