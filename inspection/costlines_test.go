package inspection

import (
	"testing"

	"github.com/shopspring/decimal"
)

// every cost line of the table is a distinct field of Costs, and Sum adds
// exactly those: a line left out of the table (or of Sum) fails here.
func TestCostLinesCoverCostsOnce(t *testing.T) {
	var c Costs
	seen := map[*decimal.Decimal]bool{}
	for i, l := range CostLines {
		p := l.Of(&c)
		if seen[p] {
			t.Fatalf("%s: a field of another line", l.Key)
		}
		seen[p] = true
		*p = decimal.New(int64(1)<<i, -2) // 0.01, 0.02, 0.04 …: each line its own bit
	}
	if got, want := c.Sum(), decimal.New(1<<len(CostLines)-1, -2); !got.Equal(want) {
		t.Fatalf("Sum %s, lines %s", got, want)
	}
	if len(CostLines) != 5 {
		t.Fatalf("%d lines", len(CostLines))
	}
	for _, m := range RepairMethods {
		if !UsesCostLine(m, "flat") {
			t.Errorf("%s: no flat price", m)
		}
	}
	if UsesCostLine(RepairSmart, "paint_material") || !UsesCostLine(RepairReplace, "paint_material") {
		t.Error("repair method lines wrong")
	}
}
