package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func book(t *testing.T, rows [][]Cell) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := Write(&buf, []Sheet{
		{Name: "Protokolle", Rows: func(row func([]Cell) error) error {
			for _, r := range rows {
				if err := row(r); err != nil {
					return err
				}
			}
			return nil
		}},
		{Name: "Summen & <Rest>", Rows: func(row func([]Cell) error) error {
			return row([]Cell{{Text: "gesamt"}, {Number: "1234.5", Style: Money}})
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
		err := Write(&bytes.Buffer{}, []Sheet{{Name: "x", Rows: func(row func([]Cell) error) error { return row([]Cell{{Number: bad}}) }}})
		if err == nil {
			t.Errorf("%q taken as a number", bad)
		}
	}
	if Column(1) != "A" || Column(26) != "Z" || Column(27) != "AA" || Column(702) != "ZZ" || Column(703) != "AAA" {
		t.Error("column letters")
	}
}
