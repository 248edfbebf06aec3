package service

import (
	"strings"

	"github.com/shopspring/decimal"

	"rueckgabe/inspection"
	"rueckgabe/money"
	"rueckgabe/store"
)

// GrossText is a listed protocol's gross total German style ("1.234,56 €");
// a handover protocol charges nothing and is named instead ("Übergabe").
func GrossText(s store.Summary) string {
	if s.Kind == inspection.KindDelivery {
		return "Übergabe"
	}
	// any size: the gross of a protocol stored before amounts were bounded
	// may have more digits than money.ParseJSON reads, and is shown alike
	if d, err := decimal.NewFromString(s.Gross); err == nil && strings.Trim(s.Gross, "-0123456789.") == "" {
		return money.Euro(d)
	}
	return s.Gross
}

// ReturnDateText is a listed protocol's return date German style ("03.04.2024").
func ReturnDateText(s store.Summary) string {
	if d, err := inspection.ParseDate(s.ReturnDate); err == nil {
		return d.German()
	}
	return s.ReturnDate
}
