package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"rueckgabe/internal/parallel"
	"rueckgabe/internal/xlsx"
	"rueckgabe/money"
	"rueckgabe/service"
)

// renderReport writes the lines (or with summary only the totals per VAT
// rate) in a format: csv, excel-csv, xlsx or json.
// The file comes in parts, to be written one after the other.
func renderReport(format string, lines []*service.ReportLine, summary bool) ([][]byte, error) {
	totals := service.ReportTotals(lines)
	switch format {
	case "legacy-csv":
		return reportCSV(lines, totals, summary, csvLegacy)
	case "json":
		return reportJSON(lines, totals, summary)
	case "xlsx":
		return reportXLSX(lines, totals, summary)
	case "excel-csv":
		return reportCSV(lines, totals, summary, csvExcel)
	}
	return reportCSV(lines, totals, summary, csvRFC4180)
}

// Kinds of CSV.
const (
	csvRFC4180 = iota // every column, ',', dot decimals, CRLF
	csvExcel          // every column, BOM, ';', decimal commas, CRLF: German Excel opens it as it is
	csvLegacy         // report --csv: the 21 columns it always had, ',', dot decimals, LF
)

// totalColumns are the columns of the totals per VAT rate.
var totalColumns = []service.ReportColumn{
	{Name: "vat_percent", Kind: service.ColPercent},
	{Name: "countries", Kind: service.ColText},
	{Name: "lines", Kind: service.ColInt},
	{Name: "taxable_base", Kind: service.ColMoney},
	{Name: "non_taxable", Kind: service.ColMoney},
	{Name: "net", Kind: service.ColMoney},
	{Name: "vat", Kind: service.ColMoney},
	{Name: "gross", Kind: service.ColMoney},
}

func totalValues(t service.ReportTotal) []string {
	return []string{t.VATPercent.String(), t.Countries, strconv.Itoa(t.Lines), money.JSON(t.Taxable), money.JSON(t.NonTaxable),
		money.JSON(t.Net), money.JSON(t.VAT), money.JSON(t.Gross)}
}

func lineValues(l *service.ReportLine) []string {
	return lineValuesOf(service.ReportColumns, l)
}

func lineValuesOf(cols []service.ReportColumn, l *service.ReportLine) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Value(l)
	}
	return out
}

func columnNames(cols []service.ReportColumn) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// reportChunk is how many lines a core renders at a time: the chunks of a
// report are rendered on every core and joined in order.
const reportChunk = 256

// renderChunks renders n lines in chunks of reportChunk on every core —
// render(dst, lo, hi) appends lines lo … hi-1 — and gives them in order
// between head and tail: the parts of the file, written one after the
// other (writeParts), never joined into one more copy.
func renderChunks(head []byte, n int, render func(dst []byte, lo, hi int) ([]byte, error), tail []byte) ([][]byte, error) {
	parts := make([][]byte, 1, (n+reportChunk-1)/reportChunk+2)
	parts[0] = head
	chunks := parts[1 : 1+(n+reportChunk-1)/reportChunk]
	errs := make([]error, len(chunks))
	parallel.Each(len(chunks), func(c int) {
		lo := c * reportChunk
		chunks[c], errs[c] = render(nil, lo, min(lo+reportChunk, n))
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return append(parts[:1+len(chunks)], tail), nil
}

// reportCSV writes RFC 4180 CSV (CRLF, quotes where needed): with ',' and
// dot decimals; for a German Excel with a byte order mark, ';' and decimal
// commas; or report --csv's 21 columns with LF as always. Every text cell is
// guarded against formulas. The lines are written by encoding/csv, in
// chunks on every core (a record is written the same wherever it stands).
func reportCSV(lines []*service.ReportLine, totals []service.ReportTotal, summary bool, kind int) ([][]byte, error) {
	excel := kind == csvExcel
	cols := service.ReportColumns
	if kind == csvLegacy {
		cols = cols[:service.LegacyColumns]
	}
	writer := func(buf *bytes.Buffer) *csv.Writer {
		w := csv.NewWriter(buf)
		w.UseCRLF = kind != csvLegacy
		if excel {
			w.Comma = ';'
		}
		return w
	}
	row := func(w *csv.Writer, cols []service.ReportColumn, vals []string) {
		_ = w.Write(csvCells(cols, vals, excel))
	}
	var head bytes.Buffer
	if excel {
		head.WriteString("\ufeff")
	}
	w := writer(&head)
	if summary {
		_ = w.Write(columnNames(totalColumns))
		for _, t := range totals {
			row(w, totalColumns, totalValues(t))
		}
		w.Flush()
		return [][]byte{head.Bytes()}, w.Error()
	}
	_ = w.Write(columnNames(cols))
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return renderChunks(head.Bytes(), len(lines), func(dst []byte, lo, hi int) ([]byte, error) {
		buf := bytes.NewBuffer(slices.Grow(dst, (hi-lo)*400)) // a line takes about 350 bytes
		w := writer(buf)
		vals := make([]string, len(cols))
		for _, l := range lines[lo:hi] {
			for i, c := range cols {
				vals[i] = c.Value(l)
			}
			row(w, cols, vals)
		}
		w.Flush()
		return buf.Bytes(), w.Error()
	}, nil)
}

// reportJSON: {"lines": [{column: value}], "totals": [...]}; money as
// strings in the interchange notation (exact, as in the bundle), whole
// numbers as numbers, text as it is (JSON is no spreadsheet).
//
// Written as json.MarshalIndent(struct{Lines, Totals []json.RawMessage},
// "", "  ") writes it (TestReportJSONIsMarshalIndent), but directly, one
// line at a time, the lines in chunks on every core.
func reportJSON(lines []*service.ReportLine, totals []service.ReportTotal, summary bool) ([][]byte, error) {
	lineKeys, totalKeys := jsonKeys(service.ReportColumns), jsonKeys(totalColumns)
	// the totals, after the lines
	var tail []byte
	tail = append(tail, "  \"totals\": ["...)
	for i, t := range totals {
		if i > 0 {
			tail = append(tail, ',')
		}
		tail = append(tail, "\n    "...)
		tail = appendJSONObject(tail, totalColumns, totalKeys, totalValues(t))
	}
	if len(totals) > 0 {
		tail = append(tail, "\n  "...)
	}
	tail = append(tail, "]\n}\n"...)
	if summary || len(lines) == 0 {
		return [][]byte{[]byte("{\n"), tail}, nil
	}
	return renderChunks([]byte("{\n  \"lines\": ["), len(lines), func(dst []byte, lo, hi int) ([]byte, error) {
		dst = slices.Grow(dst, (hi-lo)*1200) // a line takes about 1.1 KB
		vals := make([]string, len(service.ReportColumns))
		for i, l := range lines[lo:hi] {
			if lo+i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, "\n    "...)
			for j, c := range service.ReportColumns {
				vals[j] = c.Value(l)
			}
			dst = appendJSONObject(dst, service.ReportColumns, lineKeys, vals)
		}
		return dst, nil
	}, append([]byte("\n  ],\n"), tail...))
}

// jsonKeys are the columns' names as an object's members start in the
// report: a new line, the indent, the name quoted, ": ".
func jsonKeys(cols []service.ReportColumn) [][]byte {
	out := make([][]byte, len(cols))
	for i, c := range cols {
		out[i] = appendJSONString([]byte("\n      "), c.Name)
		out[i] = append(out[i], ": "...)
	}
	return out
}

// appendJSONObject appends one object of the report as json.Indent(…,
// "    ", "  ") lays out {column: value, …}: whole numbers as they are, an
// empty figure null, anything else a string.
func appendJSONObject(dst []byte, cols []service.ReportColumn, keys [][]byte, vals []string) []byte {
	dst = append(dst, '{')
	for i, c := range cols {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, keys[i]...)
		switch {
		case c.Kind == service.ColInt:
			dst = append(dst, vals[i]...)
		case vals[i] == "" && c.Kind != service.ColText:
			dst = append(dst, "null"...)
		default:
			dst = appendJSONString(dst, vals[i])
		}
	}
	if len(cols) > 0 {
		dst = append(dst, "\n    "...)
	}
	return append(dst, '}')
}

// appendJSONString appends s quoted as json.Marshal quotes a string: <, >
// and & escaped as for HTML, control characters, invalid UTF-8 as U+FFFD,
// U+2028 and U+2029 escaped (TestAppendJSONStringIsMarshal).
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= ' ' && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// reportXLSX writes a workbook: the sheet "Protokolle" (one row per line,
// money and rates as number cells, text as text cells) and "Summen" (the
// totals per VAT rate and overall). Its rows are made and compressed on
// every core (xlsx.Write).
func reportXLSX(lines []*service.ReportLine, totals []service.ReportTotal, summary bool) ([][]byte, error) {
	cells := func(cols []service.ReportColumn, vals []string) ([]xlsx.Cell, error) {
		out := make([]xlsx.Cell, len(cols))
		for i, c := range cols {
			v := vals[i]
			switch {
			case c.Kind == service.ColText:
				out[i] = xlsx.Cell{Text: service.SpreadsheetText(v)}
			case v == "":
			case c.Kind == service.ColInt:
				if _, err := strconv.ParseInt(v, 10, 64); err != nil {
					return nil, fmt.Errorf("%s: %q is not a whole number", c.Name, v)
				}
				out[i] = xlsx.Cell{Number: v}
			default:
				n, err := cellNumber(v)
				if err != nil {
					return nil, fmt.Errorf("%s: %q is not a number", c.Name, v)
				}
				out[i] = xlsx.Cell{Number: n} // the exact digits, no float rounding
				if c.Kind == service.ColMoney {
					out[i].Style = xlsx.Money
				}
			}
		}
		return out, nil
	}
	// a sheet's rows: the header, then n rows of values; Row is called on
	// every core at once (xlsx.Write)
	sheet := func(name string, cols []service.ReportColumn, n int, vals func(i int) []string) xlsx.Sheet {
		header := make([]xlsx.Cell, len(cols))
		for i, c := range cols {
			header[i] = xlsx.Cell{Text: c.Name, Style: xlsx.Bold}
		}
		return xlsx.Sheet{Name: name, Rows: n + 1, Row: func(i int) ([]xlsx.Cell, error) {
			if i == 0 {
				return header, nil
			}
			return cells(cols, vals(i-1))
		}}
	}
	var sheets []xlsx.Sheet
	if !summary {
		sheets = append(sheets, sheet("Protokolle", service.ReportColumns, len(lines), func(i int) []string { return lineValues(lines[i]) }))
	}
	var rows [][]string
	var all service.ReportTotal
	for _, t := range totals {
		rows = append(rows, totalValues(t))
		all.Lines += t.Lines
		all.Taxable, all.NonTaxable = all.Taxable.Add(t.Taxable), all.NonTaxable.Add(t.NonTaxable)
		all.Net, all.VAT, all.Gross = all.Net.Add(t.Net), all.VAT.Add(t.VAT), all.Gross.Add(t.Gross)
	}
	overall := totalValues(all)
	overall[0], overall[1] = "", "gesamt / total"
	rows = append(rows, overall)
	sheets = append(sheets, sheet("Summen", totalColumns, len(rows), func(i int) []string { return rows[i] }))
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, sheets); err != nil {
		return nil, err
	}
	return [][]byte{buf.Bytes()}, nil
}

// cellNumber is decimal.NewFromString(v).String(): the number's exact
// digits without trailing zeros after the point — for a plain decimal
// ("-290.40" → "-290.4", "0.00" → "0") by trimming v itself, anything else
// through the decimal package (TestCellNumberIsDecimalString).
func cellNumber(v string) (string, error) {
	digits := func(s string) bool {
		for i := range len(s) {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	body := strings.TrimPrefix(v, "-")
	whole, frac, point := strings.Cut(body, ".")
	if whole == "" || len(whole) > 1 && whole[0] == '0' || point && frac == "" || !digits(whole) || !digits(frac) {
		d, err := decimal.NewFromString(v)
		if err != nil {
			return "", err
		}
		return d.String(), nil
	}
	n := strings.TrimRight(v, "0")
	switch {
	case !point:
		n = v // a whole number: its zeros stay
	case n[len(n)-1] == '.':
		n = n[:len(n)-1]
	}
	if n == "0" || n == "-0" {
		return "0", nil
	}
	return n, nil
}

// csvCells makes a report line's values cells of a CSV file: texts guarded
// against formulas, and for Excel's German CSV a decimal comma in amounts
// and percentages. It changes vals in place.
func csvCells(cols []service.ReportColumn, vals []string, excel bool) []string {
	for i, c := range cols {
		switch {
		case c.Kind == service.ColText:
			vals[i] = service.SpreadsheetText(vals[i])
		case excel && (c.Kind == service.ColMoney || c.Kind == service.ColPercent):
			vals[i] = strings.Replace(vals[i], ".", ",", 1)
		}
	}
	return vals
}
