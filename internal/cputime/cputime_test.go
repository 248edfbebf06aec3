package cputime

import "testing"

// Work done shows as CPU time.
func TestUsedGrowsWithWork(t *testing.T) {
	m := Start()
	x := 0
	for i := range 200_000_000 {
		x ^= i * i
	}
	_, cpu := m.Stop()
	if cpu <= 0 {
		t.Fatalf("no CPU time after a busy loop (%d)", x)
	}
}
