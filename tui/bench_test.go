package tui

import (
	"fmt"
	"os"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/internal/cputime"
	"rueckgabe/store"
)

// benchDriver opens the demo protocol with 100 findings spread over the categories.
func benchDriver(b *testing.B) *driver { return benchDriverN(b, 100) }

// benchDriverN opens the demo protocol with n findings.
func benchDriverN(b *testing.B, n int) *driver {
	d := newDriver(b, b.TempDir(), 80, 24)
	d.press("d")
	cats := testRules.Catalogue.Categories
	for i := range n - 1 {
		c := cats[i%len(cats)]
		d.m.sess.p.Findings = append(d.m.sess.p.Findings, inspection.Finding{Category: c.ID, Rule: c.Criteria[len(c.Criteria)-1].ID,
			Part: c.Parts[i%len(c.Parts)], Repair: inspection.RepairSmart, Cost: decimalNull{Decimal: dec(fmt.Sprintf("%d.50", 50+i)), Valid: true}})
	}
	d.m.sess.recompute()
	return d
}

func benchKeys(b *testing.B, d *driver, keys ...string) {
	msgs := make([]tea.KeyPressMsg, len(keys))
	for i, k := range keys {
		msgs[i] = keyMsg(k)
	}
	b.ReportAllocs()
	i := 0
	m := cputime.Start()
	for b.Loop() {
		_, _ = d.m.Update(msgs[i%len(msgs)]) // commands (saves) are not run: this is the UI's own cost
		_ = d.m.View()
		i++
	}
	_, cpu := m.Stop()
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op") // the machine is shared: CPU time beside wall
}

// BenchmarkKeystroke100Findings: Update + View for one keystroke, protocol with 100 findings.
func BenchmarkKeystroke100Findings(b *testing.B) {
	b.Run("walkthrough down", func(b *testing.B) {
		d := benchDriver(b)
		d.press("f4")
		benchKeys(b, d, "down", "down", "up", "up")
	})
	b.Run("walkthrough next category", func(b *testing.B) {
		d := benchDriver(b)
		d.press("f4")
		benchKeys(b, d, "right")
	})
	b.Run("finding editor typing cost", func(b *testing.B) {
		d := benchDriver(b)
		d.press("f4", "a", "enter", "1", "1", "enter")
		benchKeys(b, d, "1", "backspace")
	})
	b.Run("summary scroll", func(b *testing.B) {
		d := benchDriver(b)
		d.press("f6")
		benchKeys(b, d, "down", "up")
	})
	b.Run("form field apply (revalue)", func(b *testing.B) {
		d := benchDriver(b)
		benchKeys(b, d, "tab", "shift+tab")
	})
}

// BenchmarkSummaryScroll1000Findings: a scroll key on the summary of a
// protocol with 1,000 findings (goal ≤ 2 ms: only what is visible is drawn).
func BenchmarkSummaryScroll1000Findings(b *testing.B) {
	d := benchDriverN(b, 1000)
	d.press("f6")
	benchKeys(b, d, "down", "up")
}

var (
	bigOnce sync.Once
	bigDir  string
)

// BenchmarkFirstFrame10k: from New to the first rendered start screen with
// 10,000 protocols in the store (Init's list command included).
func BenchmarkFirstFrame10k(b *testing.B) {
	bigOnce.Do(func() {
		dir, err := os.MkdirTemp("", "rueckgabe-tui-bench-*")
		if err != nil {
			b.Fatal(err)
		}
		s, err := store.Open(dir, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		c := &Common{Rules: testRules}
		var ps []*inspection.Protocol
		for i := range 10000 {
			p := demoProtocol(c)
			p.Vehicle.Plate = fmt.Sprintf("M-B %d", i)
			ps = append(ps, p)
		}
		if err := s.ImportBatch(ps, "bench"); err != nil {
			b.Fatal(err)
		}
		s.Close()
		bigDir = dir
	})
	for b.Loop() {
		d := newDriver(b, bigDir, 80, 24)
		if len(d.m.start.recs) == 0 {
			b.Fatal("no protocols listed")
		}
		_ = d.m.View()
	}
}

// BenchmarkWalkthroughManyFindings: a walkthrough key (next finding, and
// back) on a protocol with 1,000 and 5,000 findings (goal ≤ 1 ms at 1,000,
// ≤ 2 ms at 5,000).
func BenchmarkWalkthroughManyFindings(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			d := benchDriverN(b, n)
			d.press("f4")
			benchKeys(b, d, "down", "down", "up", "up")
		})
	}
}
