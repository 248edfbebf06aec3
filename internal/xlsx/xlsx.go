// Package xlsx writes the one kind of workbook rueckgabe makes — sheets of
// rows of text and number cells, a bold header row frozen at the top, money
// formatted #,##0.00 — as Office Open XML (ECMA-376), streamed row by row.
// It replaces excelize in the program: excelize's package initialisation
// took 2–2.7 ms of every start of rueckgabe, the TUI's included (issue 26),
// for a file the back office writes now and then. The tests read every
// workbook back with excelize (a test dependency only).
package xlsx

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
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

// Sheet is a name and its rows; Rows is called with a function that
// writes one row, so a sheet of 10,000 rows is never held twice.
type Sheet struct {
	Name string
	Rows func(row func([]Cell) error) error
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

func writeSheet(z *zip.Writer, n int, s Sheet) error {
	f, err := z.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("xl/worksheets/sheet%d.xml", n), Method: zip.Deflate, Modified: fixed})
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(f, 64<<10)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if n == 1 {
		b.WriteString(`<sheetViews><sheetView tabSelected="1" workbookViewId="0">`)
	} else {
		b.WriteString(`<sheetViews><sheetView workbookViewId="0">`)
	}
	b.WriteString(`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>`)
	r := 0
	err = s.Rows(func(cells []Cell) error {
		r++
		row := strconv.Itoa(r)
		b.WriteString(`<row r="` + row + `">`)
		for c, cell := range cells {
			ref := Column(c+1) + row
			style := ""
			if cell.Style != Plain {
				style = ` s="` + strconv.Itoa(int(cell.Style)) + `"`
			}
			switch {
			case cell.Number != "":
				if !isNumber(cell.Number) {
					return fmt.Errorf("%s: %q is not a number", ref, cell.Number)
				}
				b.WriteString(`<c r="` + ref + `"` + style + `><v>` + cell.Number + `</v></c>`)
			case cell.Text != "":
				b.WriteString(`<c r="` + ref + `"` + style + ` t="inlineStr"><is><t xml:space="preserve">` + escape(cell.Text) + `</t></is></c>`)
			}
		}
		_, err := b.WriteString(`</row>`)
		return err
	})
	if err != nil {
		return err
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.Flush()
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
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
