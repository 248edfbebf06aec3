package catalog

import (
	"strings"
	"testing"
)

func TestBuiltinFactorTableEveryRowAndBoundary(t *testing.T) {
	tab := MustDefault().Factors
	cases := []struct {
		months, km int64
		want       string
	}{
		{0, 0, "100"}, {12, 10000, "100"}, {12, 10001, "80"}, {12, 30000, "80"}, {12, 30001, "75"},
		{12, 50000, "75"}, {12, 50001, "70"}, {1, 900000, "70"},
		{13, 0, "70"}, {24, 50000, "70"}, {24, 50001, "60"}, {24, 100000, "60"}, {24, 100001, "50"},
		{24, 120000, "50"}, {24, 120001, "40"}, {24, 150000, "40"}, {24, 150001, "30"},
		{25, 0, "60"}, {25, 50000, "60"}, {25, 50001, "50"}, {36, 100000, "50"}, {36, 100001, "40"},
		{36, 120000, "40"}, {36, 120001, "30"}, {36, 150000, "30"}, {36, 150001, "20"}, {600, 10, "60"},
	}
	for _, c := range cases {
		row, ok := tab.Lookup(c.months, c.km)
		if !ok {
			t.Fatalf("no row for %d months, %d km", c.months, c.km)
		}
		if row.Percent.String() != c.want {
			t.Errorf("%d months, %d km: %s %%, want %s %%", c.months, c.km, row.Percent, c.want)
		}
	}
}

func TestFactorRowLabel(t *testing.T) {
	tab := MustDefault().Factors
	for _, c := range []struct {
		months, km int64
		want       string
	}{
		{36, 110000, "> 24 Monate, 100.001–120.000 km → 40 %"},
		{12, 5000, "≤ 12 Monate, ≤ 10.000 km → 100 %"},
		{20, 200000, "13–24 Monate, > 150.000 km → 30 %"},
	} {
		row, _ := tab.Lookup(c.months, c.km)
		if got := row.Label(); got != c.want {
			t.Errorf("Label = %q, want %q", got, c.want)
		}
	}
}

func TestFactorTableGapsOverlapsAndShares(t *testing.T) {
	cases := []struct{ name, rows, want string }{
		{"gap in km", `{"months":[0,null],"km":[0,1000],"percent":"50"},{"months":[0,null],"km":[2000,null],"percent":"40"}`,
			"km for age band alle Monate: gap from 1001 to 1999"},
		{"overlap in km", `{"months":[0,null],"km":[0,1000],"percent":"50"},{"months":[0,null],"km":[900,null],"percent":"40"}`,
			"overlap at 900"},
		{"overlap by exactly one km", `{"months":[0,null],"km":[0,1000],"percent":"50"},{"months":[0,null],"km":[1000,null],"percent":"40"}`,
			"overlap at 1000"},
		{"overlap by exactly one month", `{"months":[0,12],"km":[0,null],"percent":"50"},{"months":[12,null],"km":[0,null],"percent":"40"}`,
			"months: overlap at 12"},
		{"gap in months", `{"months":[0,12],"km":[0,null],"percent":"50"},{"months":[14,null],"km":[0,null],"percent":"40"}`,
			"months: gap from 13 to 13"},
		{"overlapping age bands", `{"months":[0,12],"km":[0,null],"percent":"50"},{"months":[10,null],"km":[0,null],"percent":"40"}`,
			"months: overlap at 10"},
		{"no open end", `{"months":[0,null],"km":[0,1000],"percent":"50"}`, "nothing covers 1001 and above"},
		{"share above 100", `{"months":[0,null],"km":[0,null],"percent":"100.5"}`, "rows[0].percent: share 100.5% is outside 0–100"},
		{"negative share", `{"months":[0,null],"km":[0,null],"percent":"-1"}`, "share -1% is outside 0–100"},
		{"inverted range", `{"months":[0,null],"km":[5,1],"percent":"1"}`, "upper bound 1 is below lower bound 5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := `{"format":"rueckgabe/factors@1","id":"t","version":"1","rows":[` + c.rows + `]}`
			_, err := ParseFactors("t.json", []byte(data))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestFeeSchedule(t *testing.T) {
	fees := MustDefault().Fees
	key, ok := fees.Fee("key_loss")
	if !ok || key.Label != "Schlüsselverlust" || key.Amount.Decimal.String() != "50" || !key.Taxable {
		t.Errorf("key_loss = %+v", key)
	}
	dun, _ := fees.Fee("dunning")
	if dun.Taxable {
		t.Error("Mahnkosten are marked * (not taxable) in the source")
	}
	if _, err := ParseFees("f.json", []byte(`{"format":"rueckgabe/fees@1","id":"f","version":"1","fees":[{"code":"a","label":"A","amount":"-1"},{"code":"a","label":""}]}`)); err == nil ||
		!strings.Contains(err.Error(), "is negative") || !strings.Contains(err.Error(), `duplicate id "a"`) || !strings.Contains(err.Error(), "label: is empty") {
		t.Errorf("fee problems: %v", err)
	}
}
