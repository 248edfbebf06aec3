package inspection

import (
	"os"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
)

var rules = catalog.MustDefault()

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal { return decimal.NullDecimal{Decimal: d(s), Valid: true} }

func i64(v int64) *int64 { return &v }

func date(s string) Date {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// baseProtocol is a valid km-contract protocol without findings: 60,000 km
// agreed, 60,000 driven, returned on the contract end date.
func baseProtocol() *Protocol {
	return &Protocol{
		Catalogue: rules.Catalogue.Ref(),
		Vehicle: Vehicle{VIN: "WBAUL91000VF71552", Plate: "M-AB 1234", Make: "BMW", Model: "125i",
			FirstRegistration: date("2021-03-19")},
		Customer: Customer{Name: "Erika Mustermann"},
		Contract: Contract{Number: "L-1", Type: ContractKm, EndDate: date("2024-03-31"), MonthlyRate: nd("349.93"),
			AgreedKm: i64(60000), KmRules: &KmRules{ExtraRate: d("0.0850"), ReducedRate: d("0.0425"), ToleranceMode: ToleranceThreshold}},
		Return: Return{Date: date("2024-03-31"), OdometerKm: 60000},
	}
}

func mustEqual(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(d(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// readFile reads a fixture for a test, fuzz target or benchmark.
func readFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
