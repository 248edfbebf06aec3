package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"rueckgabe/internal/xlsx"
	"rueckgabe/money"
	"rueckgabe/service"
)

// renderReport writes the lines (or with summary only the totals per VAT
// rate) in a format: csv, excel-csv, xlsx or json.
func renderReport(format string, lines []*service.ReportLine, summary bool) ([]byte, error) {
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

// reportCSV writes RFC 4180 CSV (CRLF, quotes where needed): with ',' and
// dot decimals; for a German Excel with a byte order mark, ';' and decimal
// commas; or report --csv's 21 columns with LF as always. Every text cell is
// guarded against formulas.
func reportCSV(lines []*service.ReportLine, totals []service.ReportTotal, summary bool, kind int) ([]byte, error) {
	var buf bytes.Buffer
	excel := kind == csvExcel
	if excel {
		buf.WriteString("\ufeff")
	}
	w := csv.NewWriter(&buf)
	w.UseCRLF = kind != csvLegacy
	if excel {
		w.Comma = ';'
	}
	cols := service.ReportColumns
	if kind == csvLegacy {
		cols = cols[:service.LegacyColumns]
	}
	row := func(cols []service.ReportColumn, vals []string) {
		for i, c := range cols {
			switch {
			case c.Kind == service.ColText:
				vals[i] = service.SpreadsheetText(vals[i])
			case excel && (c.Kind == service.ColMoney || c.Kind == service.ColPercent):
				vals[i] = strings.Replace(vals[i], ".", ",", 1)
			}
		}
		_ = w.Write(vals)
	}
	if summary {
		_ = w.Write(columnNames(totalColumns))
		for _, t := range totals {
			row(totalColumns, totalValues(t))
		}
	} else {
		_ = w.Write(columnNames(cols))
		for _, l := range lines {
			row(cols, lineValuesOf(cols, l))
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// reportJSON: {"lines": [{column: value}], "totals": [...]}; money as
// strings in the interchange notation (exact, as in the bundle), whole
// numbers as numbers, text as it is (JSON is no spreadsheet).
func reportJSON(lines []*service.ReportLine, totals []service.ReportTotal, summary bool) ([]byte, error) {
	obj := func(cols []service.ReportColumn, vals []string) json.RawMessage {
		var b bytes.Buffer
		b.WriteByte('{')
		for i, c := range cols {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(c.Name)
			b.Write(k)
			b.WriteByte(':')
			switch {
			case c.Kind == service.ColInt:
				b.WriteString(vals[i])
			case vals[i] == "" && c.Kind != service.ColText:
				b.WriteString("null")
			default:
				v, _ := json.Marshal(vals[i])
				b.Write(v)
			}
		}
		b.WriteByte('}')
		return b.Bytes()
	}
	// written as json.MarshalIndent(struct{Lines, Totals []json.RawMessage},
	// "", "  ") writes it (TestReportJSONIsMarshalIndent), but one line at a
	// time into one buffer: 10,000 lines held twice more took 50 MB
	var b bytes.Buffer
	b.Grow(256 + len(lines)*1200) // a line takes about 1.1 KB
	list := func(name string, n int, item func(int) json.RawMessage) error {
		b.WriteString("  \"" + name + "\": [")
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n    ")
			if err := json.Indent(&b, item(i), "    ", "  "); err != nil {
				return err
			}
		}
		if n > 0 {
			b.WriteString("\n  ")
		}
		b.WriteByte(']')
		return nil
	}
	b.WriteString("{\n")
	if !summary && len(lines) > 0 {
		if err := list("lines", len(lines), func(i int) json.RawMessage { return obj(service.ReportColumns, lineValues(lines[i])) }); err != nil {
			return nil, err
		}
		b.WriteString(",\n")
	}
	if err := list("totals", len(totals), func(i int) json.RawMessage { return obj(totalColumns, totalValues(totals[i])) }); err != nil {
		return nil, err
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

// reportXLSX writes a workbook: the sheet "Protokolle" (one row per line,
// money and rates as number cells, text as text cells) and "Summen" (the
// totals per VAT rate and overall). Streamed: 10,000 rows stay small.
func reportXLSX(lines []*service.ReportLine, totals []service.ReportTotal, summary bool) ([]byte, error) {
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
				d, err := decimal.NewFromString(v)
				if err != nil {
					return nil, fmt.Errorf("%s: %q is not a number", c.Name, v)
				}
				out[i] = xlsx.Cell{Number: d.String()} // the exact digits, no float rounding
				if c.Kind == service.ColMoney {
					out[i].Style = xlsx.Money
				}
			}
		}
		return out, nil
	}
	sheet := func(name string, cols []service.ReportColumn, rows func(yield func([]string) error) error) xlsx.Sheet {
		return xlsx.Sheet{Name: name, Rows: func(row func([]xlsx.Cell) error) error {
			header := make([]xlsx.Cell, len(cols))
			for i, c := range cols {
				header[i] = xlsx.Cell{Text: c.Name, Style: xlsx.Bold}
			}
			if err := row(header); err != nil {
				return err
			}
			return rows(func(vals []string) error {
				cs, err := cells(cols, vals)
				if err != nil {
					return err
				}
				return row(cs)
			})
		}}
	}
	var sheets []xlsx.Sheet
	if !summary {
		sheets = append(sheets, sheet("Protokolle", service.ReportColumns, func(yield func([]string) error) error {
			for _, l := range lines {
				if err := yield(lineValues(l)); err != nil {
					return err
				}
			}
			return nil
		}))
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
	sheets = append(sheets, sheet("Summen", totalColumns, func(yield func([]string) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}))
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, sheets); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
