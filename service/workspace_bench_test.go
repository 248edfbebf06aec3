package service

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/store"
)

// BenchmarkSaveFindingAfterPause is a finding taken after a pause at the
// car: the workspace released the store (Idle), so each save opens it
// again, saves the finding named (SaveEditChecked, as the TUI does) and
// releases it. "kept" carries what the store kept of its last save across
// the opens (store.Kept, the workspace's default); "not kept" opens with
// nothing carried, as before, and encodes the whole protocol once per open.
func BenchmarkSaveFindingAfterPause(b *testing.B) {
	for _, n := range []int{100, 500} {
		for _, carry := range []bool{true, false} {
			name := "kept"
			if !carry {
				name = "not kept"
			}
			b.Run(fmt.Sprintf("%d findings/%s", n, name), func(b *testing.B) {
				w := &Workspace{Dir: b.TempDir(), Rules: rules, Inspector: "bench"}
				defer w.Release()
				p := complete(b)
				p.Signatures = nil // an inspection under way: nothing signed yet
				for len(p.Findings) < n {
					f := p.Findings[0]
					f.Note = fmt.Sprint("Befund ", len(p.Findings))
					p.Findings = append(p.Findings, f)
				}
				rec, err := w.Save(p, store.AnyRevision)
				if err != nil {
					b.Fatal(err)
				}
				at := n - 1
				i := 0
				for b.Loop() {
					i++
					if !carry {
						w.Options.Kept = &store.Kept{}
					}
					p.Findings[at].Cost = decimal.NewNullDecimal(decimal.New(int64(10000+i), -2))
					if rec, _, err = w.SaveEditChecked(p, rec.Revision, []int{at}); err != nil {
						b.Fatal(err)
					}
					w.Release() // the pause
				}
			})
		}
	}
}
