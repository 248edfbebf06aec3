package inspection_test

import (
	"crypto/sha256"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/canon"
	"rueckgabe/internal/cputime"
	"rueckgabe/internal/fixture"
)

// BenchmarkSealedProtocol is the per-protocol work of report, check and
// verify on a sealed protocol as the store holds it (fixture.Complete,
// compact): decode, value under its pinned profile, render the quote and
// hash its canonical form as seal.ValuationHash does ("all"); beside it the
// canonical form of the protocol itself (seal.Canonical, not in "all").
func BenchmarkSealedProtocol(b *testing.B) {
	rules := catalog.MustDefault()
	doc, err := inspection.EncodeCompact(fixture.Complete(b, rules))
	if err != nil {
		b.Fatal(err)
	}
	decode := func(b *testing.B) (*inspection.Protocol, *catalog.Rules) {
		p, probs := inspection.DecodeDraft(doc, rules)
		if len(probs) > 0 {
			b.Fatal(probs)
		}
		prof, err := inspection.PinnedProfile(p, rules)
		if err != nil {
			b.Fatal(err)
		}
		return p, prof
	}
	p, prof := decode(b)
	v := inspection.Value(p, prof)
	quote, err := inspection.QuoteJSON(p, &v)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode", func(b *testing.B) {
		loop(b, func() { decode(b) })
	})
	b.Run("value", func(b *testing.B) {
		loop(b, func() { _ = inspection.Value(p, prof) })
	})
	b.Run("quote", func(b *testing.B) {
		loop(b, func() {
			if _, err := inspection.QuoteJSON(p, &v); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("hash", func(b *testing.B) {
		loop(b, func() {
			c, err := canon.Transform(quote)
			if err != nil {
				b.Fatal(err)
			}
			_ = sha256.Sum256(c)
		})
	})
	b.Run("canonical", func(b *testing.B) { // seal.Canonical: what the seal's hash covers
		loop(b, func() {
			doc, err := inspection.EncodeCompact(p)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := canon.Transform(doc); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("all", func(b *testing.B) {
		loop(b, func() {
			p, prof := decode(b)
			v := inspection.Value(p, prof)
			q, err := inspection.QuoteJSON(p, &v)
			if err != nil {
				b.Fatal(err)
			}
			c, err := canon.Transform(q)
			if err != nil {
				b.Fatal(err)
			}
			_ = sha256.Sum256(c)
		})
	})
}

// loop runs f as the benchmark and reports its CPU time beside the wall
// time: the machine is shared.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	m := cputime.Start()
	for b.Loop() {
		f()
	}
	_, cpu := m.Stop()
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}
