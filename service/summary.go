package service

import (
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
	if d, err := money.ParseJSON(s.Gross); err == nil {
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
