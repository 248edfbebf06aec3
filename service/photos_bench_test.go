package service

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"rueckgabe/internal/cputime"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// cameraJPEG is a 12-megapixel JPEG of about 5 MB — what a phone or a
// compact camera writes — made once per test process (~1 s).
var cameraJPEG = sync.OnceValue(func() []byte {
	const w, h = 4000, 3000
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewSource(1))
	for y := range h {
		for x := range w {
			n := uint8(r.Intn(60))
			c := color.RGBA{uint8(x/16) + n, uint8(y/12) + n, uint8((x + y) / 28), 255}
			yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
			m.Y[m.YOffset(x, y)] = yy
			m.Cb[m.COffset(x, y)], m.Cr[m.COffset(x, y)] = cb, cr
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 80}); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// variant makes photo i of a set: the same picture with a JPEG comment
// segment naming i, so each has its own hash (as each shot on a card does).
func variant(jpg []byte, i int) []byte {
	com := []byte(fmt.Sprintf("shot %04d", i))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xFE, 0, byte(len(com)+2))
	out = append(out, com...)
	return append(out, jpg[2:]...)
}

// writeCard writes n camera photos into a folder, as a camera card holds them.
func writeCard(tb testing.TB, n int) []string {
	tb.Helper()
	dir := tb.TempDir()
	var paths []string
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("IMG_%04d.JPG", i))
		if err := os.WriteFile(p, variant(cameraJPEG(), i), 0o600); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// photoStore is a store with a draft that may be sealed, and its id.
func photoStore(tb testing.TB) (*store.Store, string) {
	st, err := store.Open(tb.TempDir(), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	p := complete(tb)
	if _, err := st.Save(p, store.AnyRevision, "test"); err != nil {
		tb.Fatal(err)
	}
	return st, p.ID
}

// BenchmarkAttach40Photos: check 40 photos of ~5 MB, copy each durably into
// the store's photo folder while hashing it, and save the protocol naming
// them; beside it in the same loop, its baseline: the same files copied
// with SHA-256 and fsync each, nothing else (goal: attach <= 1.5 x the
// baseline). It reports wall and CPU time of both and x-copy, their ratio.
func BenchmarkAttach40Photos(b *testing.B) {
	paths := writeCard(b, 40)
	b.SetBytes(int64(40 * len(cameraJPEG())))
	var attach, base, cpuAttach, cpuBase time.Duration
	for b.Loop() {
		b.StopTimer()
		st, id := photoStore(b)
		dst := b.TempDir()
		b.StartTimer()
		m := cputime.Start()
		files, errs := ReadPhotoFiles(paths, nil)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		if _, _, err := Attach(st, id, 0, files, "bench"); err != nil {
			b.Fatal(err)
		}
		wall, cpu := m.Stop()
		attach, cpuAttach = attach+wall, cpuAttach+cpu
		m = cputime.Start()
		for _, p := range paths {
			copyHashSync(b, p, filepath.Join(dst, filepath.Base(p)))
		}
		wall, cpu = m.Stop()
		base, cpuBase = base+wall, cpuBase+cpu
	}
	n := float64(b.N)
	b.ReportMetric(attach.Seconds()/n, "attach-s")
	b.ReportMetric(cpuAttach.Seconds()/n, "attach-cpu-s")
	b.ReportMetric(base.Seconds()/n, "copy-s")
	b.ReportMetric(cpuBase.Seconds()/n, "copy-cpu-s")
	b.ReportMetric(attach.Seconds()/base.Seconds(), "x-copy")
}

// copyHashSync is attach's baseline for one file: copy with SHA-256, fsync.
func copyHashSync(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(h, out), in); err != nil {
		b.Fatal(err)
	}
	if err := out.Sync(); err != nil {
		b.Fatal(err)
	}
	out.Close()
	_ = h.Sum(nil)
}

// sealedWithPhotos is a sealed protocol with 40 photos on its first finding.
func sealedWithPhotos(b *testing.B) (*store.Store, *store.Record) {
	st, id := photoStore(b)
	files, errs := ReadPhotoFiles(writeCard(b, 40), nil)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	if _, _, err := Attach(st, id, 0, files, "bench"); err != nil {
		b.Fatal(err)
	}
	// attaching voided the signatures: the parties sign what the photos show
	_, p, err := st.Get(id)
	if err != nil {
		b.Fatal(err)
	}
	p.Signatures = complete(b).Signatures
	if _, err := st.Save(p, store.AnyRevision, "bench"); err != nil {
		b.Fatal(err)
	}
	if _, _, err := SealProtocol(st, rules, testKey(b, st.Dir()), id, store.AnyRevision, "Max Prüfer", sealTime); err != nil {
		b.Fatal(err)
	}
	rec, _, err := st.Get(id)
	if err != nil {
		b.Fatal(err)
	}
	return st, rec
}

// BenchmarkPDF40Thumbnails: the customer's PDF of a protocol with 40 photos.
// "cached": the thumbnails were made before (the TUI makes them as photos are
// attached; goal < 1 s); "cold": each is made from its 12-megapixel photo.
func BenchmarkPDF40Thumbnails(b *testing.B) {
	st, rec := sealedWithPhotos(b)
	p, err := rec.Decode(rules)
	if err != nil {
		b.Fatal(err)
	}
	pdf := RecordPDF(rules, st.Dir())
	b.Run("cached", func(b *testing.B) {
		if _, err := pdf(rec, p); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := pdf(rec, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cold", func(b *testing.B) {
		var cpuAll time.Duration
		for b.Loop() {
			b.StopTimer()
			os.RemoveAll(filepath.Join(st.Dir(), ThumbDir))
			b.StartTimer()
			m := cputime.Start()
			if _, err := pdf(rec, p); err != nil {
				b.Fatal(err)
			}
			_, cpu := m.Stop()
			cpuAll += cpu
		}
		b.ReportMetric(cpuAll.Seconds()/float64(b.N), "cpu-s/op")
	})
}

// BenchmarkArchive40Photos: the archive of a sealed protocol with 40 photos
// of ~5 MB — bundle, PDF (thumbnails cached), every photo read and checked
// against its hash (goal < 1 s).
func BenchmarkArchive40Photos(b *testing.B) {
	st, rec := sealedWithPhotos(b)
	if err := WriteArchive(io.Discard, st, rec, rules); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := WriteArchive(io.Discard, st, rec, rules); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyArchive40Photos: verify an archive of 40 photos of ~5 MB —
// the seal, the valuation and every photo's bytes streamed through SHA-256.
func BenchmarkVerifyArchive40Photos(b *testing.B) {
	st, rec := sealedWithPhotos(b)
	path := filepath.Join(b.TempDir(), "a.zip")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := WriteArchive(f, st, rec, rules); err != nil {
		b.Fatal(err)
	}
	f.Close()
	key, err := seal.LoadOrCreateKey(st.Dir())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		a, err := OpenArchiveFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := a.Verify([]ed25519.PublicKey{key.Public}, rules); err != nil {
			b.Fatal(err)
		}
		a.Close()
	}
}
