package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func book(t *testing.T, rows [][]Cell) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := Write(&buf, []Sheet{
		{Name: "Protokolle", Rows: len(rows), Row: func(i int) ([]Cell, error) { return rows[i], nil }},
		{Name: "Summen & <Rest>", Rows: 1, Row: func(int) ([]Cell, error) {
			return []Cell{{Text: "gesamt"}, {Number: "1234.5", Style: Money}}, nil
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// What is written reads back with excelize as it was meant: text cells as
// text (markup and XML-illegal characters kept safe), numbers as number
// cells with their exact digits, money in #,##0.00, the header bold and
// frozen, columns past Z, both sheets by name; the same content gives the
// same bytes.
func TestWorkbookReadsBackWithExcelize(t *testing.T) {
	wide := make([]Cell, 30)
	for i := range wide {
		wide[i] = Cell{Text: "h" + strconv.Itoa(i), Style: Bold}
	}
	rows := [][]Cell{
		wide,
		{{Text: `<b>Müller & Söhne</b> "x"`}, {Number: "290.42", Style: Money}, {Number: "-5"}, {}, {Text: "  führend\tTab\nZeile"}, {Text: "bell\x07"}},
	}
	data := book(t, rows)
	if !bytes.Equal(data, book(t, rows)) {
		t.Error("the same workbook twice gives other bytes")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Protokolle" || got[1] != "Summen & <Rest>" {
		t.Fatalf("sheets %q", got)
	}
	get := func(cell string) string {
		v, err := f.GetCellValue("Protokolle", cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get("AD1"); v != "h29" {
		t.Errorf("AD1 = %q", v)
	}
	if v := get("A2"); v != `<b>Müller & Söhne</b> "x"` {
		t.Errorf("A2 = %q", v)
	}
	if v := get("B2"); v != "290.42" {
		t.Errorf("B2 = %q", v)
	}
	if typ, _ := f.GetCellType("Protokolle", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("B2 is %v, not a number", typ)
	}
	if v := get("E2"); v != "  führend\tTab\nZeile" {
		t.Errorf("E2 = %q", v)
	}
	if v := get("F2"); strings.ContainsRune(v, '\x07') {
		t.Errorf("F2 holds a control character XML cannot: %q", v)
	}
	style, _ := f.GetCellStyle("Protokolle", "B2")
	if st, err := f.GetStyle(style); err != nil || st.NumFmt != 4 {
		t.Errorf("money style: %+v %v", st, err)
	}
	style, _ = f.GetCellStyle("Protokolle", "A1")
	if st, err := f.GetStyle(style); err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style: %+v %v", st, err)
	}
	panes, err := f.GetPanes("Protokolle")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v", panes, err)
	}
	if v, _ := f.GetCellValue("Summen & <Rest>", "B1", excelize.Options{RawCellValue: true}); v != "1234.5" {
		t.Errorf("Summen B1 = %q", v)
	}
}

// A number cell takes only a plain decimal number.
func TestNumberCellsAreNumbers(t *testing.T) {
	for _, bad := range []string{"1e5", "12,5", "NaN", "-", "1.", ".5", "=1+1"} {
		err := Write(&bytes.Buffer{}, []Sheet{{Name: "x", Rows: 1, Row: func(int) ([]Cell, error) { return []Cell{{Number: bad}}, nil }}})
		if err == nil {
			t.Errorf("%q taken as a number", bad)
		}
	}
	if Column(1) != "A" || Column(26) != "Z" || Column(27) != "AA" || Column(702) != "ZZ" || Column(703) != "AAA" {
		t.Error("column letters")
	}
}

// A sheet of many rows — written and deflated in chunks on every core,
// the chunks joined — reads back with excelize cell for cell, every chunk
// boundary (and a last chunk of one row) included, and its part's CRC-32
// and sizes are those of the whole (excelize, archive/zip check them).
func TestManyRowsReadBackCellForCell(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	n := 3*sheetChunk + 1
	rows := make([][]Cell, n)
	for i := range rows {
		rows[i] = []Cell{{Text: fmt.Sprintf("R-%05d <&> %x", i, r.Int63())}, {Number: strconv.Itoa(r.Intn(1e6) - 5e5), Style: Money}, {}, {Text: strings.Repeat("ü", r.Intn(40))}}
	}
	data := book(t, rows)
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range z.File {
		rc, err := part.Open()
		if err != nil {
			t.Fatal(err)
		}
		if b, err := io.ReadAll(rc); err != nil || uint64(len(b)) != part.UncompressedSize64 {
			t.Fatalf("%s: %d bytes of %d: %v", part.Name, len(b), part.UncompressedSize64, err) // a wrong CRC-32: zip.ErrChecksum
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("Protokolle", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d rows, want %d", len(got), n)
	}
	for i, row := range rows {
		want := []string{row[0].Text, row[1].Number, "", row[3].Text}
		if row[3].Text == "" {
			want = want[:2]
		}
		if fmt.Sprint(got[i]) != fmt.Sprint(want) {
			t.Fatalf("row %d: %q, want %q", i+1, got[i], want)
		}
	}
}

// appendEscaped escapes as encoding/xml does: markup, quotes, line breaks
// and tabs as references, what XML cannot hold (controls, invalid UTF-8,
// U+FFFE) as U+FFFD.
func TestAppendEscapedIsEscapeText(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	pieces := []string{"a", "Ä", "<", ">", "&", "'", `"`, "\t", "\n", "\r", "\x00", "\x07", "\x7f", "\xff", "\xc3", "\ufffd", "\ufffe", "\U0001F600", "\u2028", " "}
	for range 5000 {
		var s strings.Builder
		for range r.Intn(12) {
			s.WriteString(pieces[r.Intn(len(pieces))])
		}
		var want bytes.Buffer
		_ = xml.EscapeText(&want, []byte(s.String()))
		if got := appendEscaped(nil, s.String()); string(got) != want.String() {
			t.Fatalf("%q: %q, want %q", s.String(), got, want.String())
		}
	}
}

func TestCRC32Combine(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for range 200 {
		a, b := make([]byte, r.Intn(3000)), make([]byte, r.Intn(3000))
		r.Read(a)
		r.Read(b)
		if got, want := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))), crc32.ChecksumIEEE(append(a, b...)); got != want {
			t.Fatalf("%d + %d bytes: %08x, want %08x", len(a), len(b), got, want)
		}
	}
}
