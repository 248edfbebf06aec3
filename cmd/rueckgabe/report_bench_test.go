package main

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/internal/fixture"
	"rueckgabe/internal/testkey"
	"rueckgabe/service"
	"rueckgabe/store"
)

// BenchmarkReport10k: report over 10,000 sealed protocols (both profiles,
// random figures) in each format, in one process as the binary runs it
// (goal < 2 s). RUECKGABE_BENCH_KEEP=DIR keeps the data directory there, to
// measure the binary's time and peak memory on it, and
// RUECKGABE_BENCH_PROTOCOLS=N makes it hold N protocols instead
// (scripts/bench-backoffice, docs/performance.md).
func BenchmarkReport10k(b *testing.B) {
	dir := benchOffice(b)
	out := filepath.Join(b.TempDir(), "report")
	for _, f := range reportFormats {
		b.Run(f, func(b *testing.B) {
			for b.Loop() {
				if code := run([]string{"--data", dir, "report", "--format", f, "-o", out}, nil, discard{}, discard{}); code != 0 {
					b.Fatalf("report --format %s: exit %d", f, code)
				}
			}
		})
	}
}

// BenchmarkCheck10k: check over the same data directory as
// BenchmarkReport10k (RUECKGABE_BENCH_KEEP, RUECKGABE_BENCH_PROTOCOLS: the
// goal is for 50,000, < 10 s).
func BenchmarkCheck10k(b *testing.B) {
	dir := benchOffice(b)
	for b.Loop() {
		if code := run([]string{"--data", dir, "check"}, nil, discard{}, discard{}); code != 0 {
			b.Fatalf("check: exit %d", code)
		}
	}
}

// benchOffice is the data directory of the back-office benchmarks, filled
// with 10,000 sealed protocols (or RUECKGABE_BENCH_PROTOCOLS) unless
// RUECKGABE_BENCH_KEEP names one that has its store already.
func benchOffice(b *testing.B) string {
	dir := os.Getenv("RUECKGABE_BENCH_KEEP")
	if dir == "" {
		dir = b.TempDir()
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		n := 10_000
		if v := os.Getenv("RUECKGABE_BENCH_PROTOCOLS"); v != "" {
			if _, err := fmt.Sscan(v, &n); err != nil {
				b.Fatal(err)
			}
		}
		makeOffice(b, dir, n)
	}
	return dir
}

// makeOffice fills dir with n sealed protocols, half under each profile.
func makeOffice(b *testing.B, dir string, n int) {
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	reg, err := catalog.LoadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	key := testkey.Key(b, dir)
	r := rand.New(rand.NewSource(10_000))
	for i := range n {
		p := randomProtocol(b, r, i)
		p.ID = fmt.Sprintf("X-%05d", i)
		if _, _, err := st.Import(p, "bench"); err != nil {
			b.Fatal(err)
		}
		if _, _, err := service.SealProtocol(st, reg.Default(), key, p.ID, store.AnyRevision, "Max Prüfer", fixture.SealedAt); err != nil {
			b.Fatal(err)
		}
	}
}
