package inspection

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"rueckgabe/money"
)

// fullWith is testdata/full-example.json with edit applied to its object.
func fullWith(t *testing.T, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readFile(t, "../testdata/full-example.json"), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sub(m map[string]any, key string) map[string]any { return m[key].(map[string]any) }

// problemAt is the one problem Decode reports at path, or fails.
func problemAt(t *testing.T, probs Problems, path string) string {
	t.Helper()
	got := probs.At(path)
	if len(got) == 0 {
		t.Fatalf("no problem at %s; problems: %v", path, probs)
	}
	return got[0].Msg
}

// An absurd date is refused as implausible, the zero date "0001-01-01"
// included (it was taken as absent, "is missing" or no late return at all),
// and the late days never saturate (time.Duration stops at 106,751 days).
func TestImplausibleDatesAreRefused(t *testing.T) {
	if _, probs := Decode(readFile(t, "../testdata/full-example.json"), rules); len(probs) > 0 {
		t.Fatalf("the example has problems: %v", probs)
	}
	cases := []struct {
		path, value string
		set         func(m map[string]any, v string)
	}{
		{"contract.end_date", "0001-01-02", func(m map[string]any, v string) { sub(m, "contract")["end_date"] = v }},
		{"contract.end_date", "0001-01-01", func(m map[string]any, v string) { sub(m, "contract")["end_date"] = v }},
		{"contract.end_date", "1899-12-31", func(m map[string]any, v string) { sub(m, "contract")["end_date"] = v }},
		{"vehicle.first_registration", "0001-01-01", func(m map[string]any, v string) { sub(m, "vehicle")["first_registration"] = v }},
		{"return.date", "0001-01-01", func(m map[string]any, v string) { sub(m, "return")["date"] = v }},
		{"return.date", "2200-01-01", func(m map[string]any, v string) { sub(m, "return")["date"] = v }},
		{"service.hu_due_month", "0001-01", func(m map[string]any, v string) { m["service"] = map[string]any{"hu_due_month": v} }},
	}
	for _, c := range cases {
		_, probs := Decode(fullWith(t, func(m map[string]any) { c.set(m, c.value) }), rules)
		if msg := problemAt(t, probs, c.path); msg != fmt.Sprintf("%q is not a plausible date (1900–2199)", c.value) {
			t.Errorf("%s %s: %q", c.path, c.value, msg)
		}
	}
	for _, ok := range []string{"1900-01-01", "2199-12-31"} {
		if _, probs := Decode(fullWith(t, func(m map[string]any) { sub(m, "contract")["end_date"] = ok }), rules); len(probs.At("contract.end_date")) > 0 {
			t.Errorf("%s: %v", ok, probs)
		}
	}
	if n := date("0001-01-02").DaysUntil(date("2024-04-03")); n != 738977 {
		t.Errorf("days from 0001-01-02 to 2024-04-03 = %d, want 738977", n)
	}
	if n := date("2199-12-31").DaysUntil(date("1900-01-01")); n != -109572 {
		t.Errorf("days back over three centuries = %d, want -109572", n)
	}
}

// More findings than MaxFindings are refused with one problem, before any
// is read.
func TestTooManyFindingsOneProblem(t *testing.T) {
	data := []byte(`{"findings": [` + strings.Repeat("{},", MaxFindings) + `{}]}`)
	_, probs := Decode(data, rules)
	if got := probs.At("findings"); len(got) != 1 || got[0].Msg != fmt.Sprintf("has %d findings; a protocol has at most %d", MaxFindings+1, MaxFindings) {
		t.Fatalf("%d problems at findings, first %v", len(got), got[:min(len(got), 1)])
	}
	data = []byte(`{"findings": [` + strings.Repeat("{},", MaxFindings-1) + `{}]}`)
	if _, probs := Decode(data, rules); len(probs.At("findings")) < MaxFindings {
		t.Fatalf("at the bound every finding is read: %d problems", len(probs.At("findings")))
	}
}

// Fee quantity and amounts are bounded for drafts and imports, not for a
// protocol already sealed.
func TestFeeAndAmountCaps(t *testing.T) {
	huge := fullWith(t, func(m map[string]any) {
		m["fees"] = []any{map[string]any{"label": "Sonstiges", "amount": "999999999999999.99", "quantity": json.Number("9223372036854775807")}}
		f := m["findings"].([]any)[0].(map[string]any)
		delete(f, "costs")
		f["cost"] = "1000000.01"
		sub(m, "vehicle")["list_price"] = "10000000.00"
	})
	_, probs := Decode(huge, rules)
	for path, want := range map[string]string{
		"fees[0].quantity":   "9223372036854775807 is more than 10000, the most a fee line counts",
		"fees[0].amount":     "999999999999999.99 is more than 1000000.00, the most this amount may be",
		"findings[0].cost":   "1000000.01 is more than 1000000.00, the most this amount may be",
		"vehicle.list_price": "",
	} {
		if want == "" {
			if got := probs.At(path); len(got) > 0 {
				t.Errorf("%s: %v", path, got)
			}
			continue
		}
		if msg := problemAt(t, probs, path); msg != want {
			t.Errorf("%s: %q, want %q", path, msg, want)
		}
	}
	if _, probs := DecodeSealed(huge, rules); len(probs) > 0 {
		t.Errorf("a sealed protocol is read as sealed, without the new bounds: %v", probs)
	}
	at := fullWith(t, func(m map[string]any) {
		m["fees"] = []any{map[string]any{"label": "Standgeld", "amount": "1000000.00", "quantity": 10000}}
	})
	if _, probs := Decode(at, rules); len(probs) > 0 {
		t.Errorf("at the bounds: %v", probs)
	}
}

// An amount with more digits than any is says it is too large, and how
// large one may be; a negative odometer is not "missing".
func TestTooLargeAmountAndNegativeOdometerSaySo(t *testing.T) {
	_, probs := Decode(fullWith(t, func(m map[string]any) {
		sub(m, "vehicle")["value"] = "9999999999999999.99"
		sub(m, "return")["odometer_km"] = -5
	}), rules)
	if msg := problemAt(t, probs, "vehicle.value"); msg != `"9999999999999999.99" is too large (an amount is at most "10000000.00", a charge at most "1000000.00")` {
		t.Errorf("vehicle.value: %q", msg)
	}
	if msg := problemAt(t, probs, "return.odometer_km"); !strings.Contains(msg, "must be a positive number of km") {
		t.Errorf("return.odometer_km: %q", msg)
	}
	if _, err := money.ParseJSON("12,5x"); err == nil || !strings.Contains(err.Error(), "is not an amount") {
		t.Errorf("a malformed amount: %v", err)
	}
}

// A file over the bound is not said to have the size it was cut to.
func TestOversizeFileSaysLargerThan(t *testing.T) {
	_, probs := Decode(make([]byte, MaxProtocolBytes+2), rules)
	if msg := problemAt(t, probs, "(file)"); msg != "is larger than 8388608 bytes (a protocol file is at most 8 MiB)" {
		t.Errorf("%q", msg)
	}
}
