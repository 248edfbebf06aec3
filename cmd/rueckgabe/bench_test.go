package main

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rueckgabe/catalog"
	"rueckgabe/internal/cputime"
	"rueckgabe/internal/progress"
	"rueckgabe/seal"
)

// BenchmarkVerifyDirectory: verify over a directory of 1,000 bundles in one
// process, as `rueckgabe verify DIR` does (the goal: 10,000 in < 2 s).
func BenchmarkVerifyDirectory(b *testing.B) {
	benchVerify(b, func() progress.Reporter { return progress.None }, 1000)
}

// BenchmarkVerifyDirectory10k: the goal's own size, 10,000 bundles (< 2 s
// wall on 2 cores); CPU time beside wall, the machine being shared.
func BenchmarkVerifyDirectory10k(b *testing.B) {
	benchVerify(b, func() progress.Reporter { return progress.None }, 10_000)
}

// BenchmarkVerifyDirectoryProgress is BenchmarkVerifyDirectory with the live
// line drawn (to a discarding writer, on the real clock): what progress costs.
func BenchmarkVerifyDirectoryProgress(b *testing.B) {
	benchVerify(b, func() progress.Reporter { return progress.NewTerm(discard{}, "verify", 80, time.Now) }, 1000)
}

func benchVerify(b *testing.B, prog func() progress.Reporter, n int) {
	dir := b.TempDir()
	device := b.TempDir()
	id := importComplete(b, device, true)
	bundle := filepath.Join(b.TempDir(), "b.json")
	if code := run([]string{"--data", device, "seal", id}, nil, discard{}, discard{}); code != 0 {
		b.Fatal("seal failed")
	}
	if code := run([]string{"--data", device, "export", id, "--format", "bundle", "-o", bundle}, nil, discard{}, discard{}); code != 0 {
		b.Fatal("export failed")
	}
	data, _ := os.ReadFile(bundle)
	for i := range n {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%05d.bundle.json", i)), data, 0o600)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.bundle.json"))
	key, err := seal.LoadKey(device)
	if err != nil || key == nil {
		b.Fatal(err)
	}
	pub := key.Public
	m := cputime.Start()
	for b.Loop() {
		p := prog()
		vs := verifyAll(files, []ed25519.PublicKey{pub}, nil, catalog.MustDefault(), p)
		p.Done()
		for _, v := range vs {
			if v.err != nil {
				b.Fatal(v.line)
			}
		}
	}
	_, cpu := m.Stop()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n)*1000/1000/1000, "ms/1000-bundles")
	b.ReportMetric(cpu.Seconds()/float64(b.N)/float64(n)*1000, "cpu-s/1000-bundles")
}
