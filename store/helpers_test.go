package store

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"rueckgabe/inspection"
)

// clock is a fake time source that advances a second per call.
type clock struct{ t time.Time }

func (c *clock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

func openTest(t testing.TB, dir string) *Store {
	t.Helper()
	c := &clock{t: time.Date(2024, 4, 3, 9, 0, 0, 0, time.UTC)}
	s, err := Open(dir, Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustDate(s string) inspection.Date {
	d, err := inspection.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func sample(plate, customer string) *inspection.Protocol {
	agreed := int64(60000)
	return &inspection.Protocol{
		Vehicle: inspection.Vehicle{VIN: "WBAUL91000VF71552", Plate: plate, Make: "BMW", Model: "125i",
			FirstRegistration: mustDate("2021-03-19")},
		Customer: inspection.Customer{Name: customer, Address: "Musterweg 1"},
		Contract: inspection.Contract{Number: "L-1", Type: inspection.ContractKm, EndDate: mustDate("2024-03-31"),
			MonthlyRate: decimal.NewNullDecimal(decimal.RequireFromString("349.93")), AgreedKm: &agreed,
			KmRules: &inspection.KmRules{ExtraRate: decimal.RequireFromString("0.085"), ReducedRate: decimal.RequireFromString("0.0425"), ToleranceMode: inspection.ToleranceThreshold}},
		Return: inspection.Return{Date: mustDate("2024-04-03"), OdometerKm: 62501, Place: "Halle 2"},
	}
}

func finding(note string) inspection.Finding {
	return inspection.Finding{Category: "lackierung", Part: "Tür vorn links", Repair: inspection.RepairPaint,
		Cost: decimal.NewNullDecimal(decimal.RequireFromString("100.00")), Note: note}
}

func mustCheck(t testing.TB, s *Store) {
	t.Helper()
	rep, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("store check: %v", rep.Problems)
	}
}

func mkTemp() (string, error) { return os.MkdirTemp("", "rueckgabe-model-*") }

func removeAll(dir string) { _ = os.RemoveAll(dir) }

// sealWith seals a draft through the chain with a given seal document.
func sealWith(s *Store, id string, rev int, seal json.RawMessage, by string) (*Record, error) {
	return s.SealChained(id, rev, by, func(*inspection.Protocol, string) (json.RawMessage, string, error) {
		return seal, sealHash(seal), nil
	})
}
