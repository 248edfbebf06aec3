package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"rueckgabe/inspection"
	"rueckgabe/money"
)

// German input: "1.234,56" for money, "31.03.2024" for dates, "62.501" for km.
// Every parser says what it expected, so the message can name the fix.

func parseMoney(s string) (decimal.NullDecimal, error) {
	if s == "" {
		return decimal.NullDecimal{}, nil
	}
	d, err := money.ParseGerman(s)
	if err != nil {
		return decimal.NullDecimal{}, fmt.Errorf("%q ist kein Betrag (z. B. 1.234,56)", s)
	}
	if d.IsNegative() {
		return decimal.NullDecimal{}, errors.New("Betrag darf nicht negativ sein")
	}
	return decimal.NewNullDecimal(d), nil
}

func parseDecimal(s string, places int, example string) (decimal.NullDecimal, error) {
	if s == "" {
		return decimal.NullDecimal{}, nil
	}
	d, err := money.ParseGermanDecimal(s, places)
	if err != nil || d.IsNegative() {
		return decimal.NullDecimal{}, fmt.Errorf("%q ist keine gültige Zahl (z. B. %s)", s, example)
	}
	return decimal.NewNullDecimal(d), nil
}

func parseKm(s string) (*int64, error) {
	if s == "" {
		return nil, nil
	}
	t := strings.ReplaceAll(strings.TrimSuffix(strings.TrimSpace(s), "km"), ".", "")
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("%q ist kein km-Wert (ganze Zahl, z. B. 62.501)", s)
	}
	return &n, nil
}

func parseDate(s string) (inspection.Date, error) {
	if s == "" {
		return inspection.Date{}, nil
	}
	if d, err := inspection.ParseGermanDate(fullYear(s)); err == nil {
		return d, nil
	}
	if d, err := inspection.ParseDate(s); err == nil {
		return d, nil
	}
	return inspection.Date{}, fmt.Errorf("%q ist kein Datum (TT.MM.JJJJ, z. B. 31.03.2024)", s)
}

// fullYear writes a two-digit year at the end of a German date or month
// out in full: "3.12.26" → "3.12.2026", "02.26" → "02.2026". 00–68 are
// 2000–2068, 69–99 1969–1999 (as POSIX strptime's %y reads them).
func fullYear(s string) string {
	i := strings.LastIndex(s, ".")
	yy := s[i+1:]
	if i <= 0 || len(yy) != 2 || yy[0] < '0' || yy[0] > '9' || yy[1] < '0' || yy[1] > '9' {
		return s
	}
	century := "20"
	if yy >= "69" {
		century = "19"
	}
	return s[:i+1] + century + yy
}

// parseMonth reads an HU sticker's month, "02.2025" (also "2.2025", "2025-02").
func parseMonth(s string) (inspection.Month, error) {
	if s == "" {
		return inspection.Month{}, nil
	}
	if m, err := inspection.ParseGermanMonth(fullYear(s)); err == nil {
		return m, nil
	}
	if m, err := inspection.ParseMonth(s); err == nil {
		return m, nil
	}
	return inspection.Month{}, fmt.Errorf("%q ist kein Monat (MM.JJJJ wie auf der Plakette, z. B. 02.2025)", s)
}

func fmtMoney(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return money.German(d.Decimal)
}

func fmtDecimal(d decimal.NullDecimal, minPlaces int32) string {
	if !d.Valid {
		return ""
	}
	return money.GermanDecimal(d.Decimal, minPlaces)
}

func fmtKm(n *int64) string {
	if n == nil {
		return ""
	}
	return money.GermanInt(*n)
}

func fmtInt(n int64) string { return money.GermanInt(n) }

// decimalNull shortens field declarations.
type decimalNull = decimal.NullDecimal
