package service

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"rueckgabe/bucket"
	"rueckgabe/internal/cputime"
	"rueckgabe/internal/s3test"
	"rueckgabe/store"
)

// BenchmarkSync1000: 1,000 sealed protocols (no photos) synced to a local
// Versity S3 Gateway — archive with PDF built, uploaded with its SHA-256,
// marked — and, in the same run, its baseline: the same 1,000 archives built
// one after the other into files, then sent by a plain minio-go uploader
// (PutObject, 4 side by side). It reports wall and CPU time (this process
// only: the gateway is another) of each and x-baseline = sync / (build +
// upload), goal ≤ 1.3; then a sync with nothing new (goal < 2 s).
func BenchmarkSync1000(b *testing.B) {
	srv := s3test.Start(b, "returns")
	b.Run("first", func(b *testing.B) {
		var syncWall, base, cpuSync, cpuBase time.Duration
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			st, keyID := sealed1000(b)
			c := benchClient(b, srv, fmt.Sprintf("first-%d", i))
			wall, cpu := plainUpload(b, st, srv, fmt.Sprintf("plain-%d", i))
			base, cpuBase = base+wall, cpuBase+cpu
			b.StartTimer()
			m := cputime.Start()
			res, err := Sync(context.Background(), st, rules, c, keyID, "bench", nil)
			wall, cpu = m.Stop()
			syncWall, cpuSync = syncWall+wall, cpuSync+cpu
			if err != nil || len(res.Uploaded) != 1000 {
				b.Fatalf("%v %d uploaded", err, len(res.Uploaded))
			}
		}
		n := float64(b.N)
		b.ReportMetric(syncWall.Seconds()/n, "sync-s")
		b.ReportMetric(cpuSync.Seconds()/n, "sync-cpu-s")
		b.ReportMetric(base.Seconds()/n, "baseline-s")
		b.ReportMetric(cpuBase.Seconds()/n, "baseline-cpu-s")
		b.ReportMetric(syncWall.Seconds()/base.Seconds(), "x-baseline")
	})
	st, keyID := sealed1000(b)
	c := benchClient(b, srv, "again")
	if _, err := Sync(context.Background(), st, rules, c, keyID, "bench", nil); err != nil {
		b.Fatal(err)
	}
	b.Run("nothing new", func(b *testing.B) {
		for b.Loop() {
			if res, err := Sync(context.Background(), st, rules, c, keyID, "bench", nil); err != nil || len(res.Uploaded) > 0 {
				b.Fatalf("%v %+v", err, res)
			}
		}
	})
}

// plainUpload is sync's baseline: every sealed record's archive built into a
// file, one after the other, then the files uploaded by minio-go alone (4
// side by side, as sync does). It returns wall and CPU time.
func plainUpload(b *testing.B, st *store.Store, srv *s3test.Server, prefix string) (time.Duration, time.Duration) {
	recs, err := st.Unsynced()
	if err != nil {
		b.Fatal(err)
	}
	u, _ := url.Parse(srv.Endpoint)
	mc, err := minio.New(u.Host, &minio.Options{Creds: credentials.NewStaticV4(s3test.AccessKey, s3test.SecretKey, ""), Region: "us-east-1", BucketLookup: minio.BucketLookupPath})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	m := cputime.Start()
	paths := make([]string, len(recs))
	for i, r := range recs {
		rec, _, err := st.Get(r.ID)
		if err != nil {
			b.Fatal(err)
		}
		paths[i] = filepath.Join(dir, r.ID+".zip")
		f, err := os.Create(paths[i])
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteArchive(f, st, rec, rules); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	next := make(chan string)
	var wg sync.WaitGroup
	for range syncWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				if _, err := mc.FPutObject(context.Background(), "returns", prefix+"/"+filepath.Base(p), p, minio.PutObjectOptions{DisableMultipart: true}); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	return m.Stop()
}

// sealed1000 is a store with 1,000 sealed protocols, and its device key id.
func sealed1000(b *testing.B) (*store.Store, string) {
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	key := testKey(b, st.Dir()) // unlocked once (scrypt): as a device seals a day's work
	for i := range 1000 {
		p := complete(b)
		p.ID = fmt.Sprintf("B-%04d", i)
		if _, _, err := st.Import(p, "bench"); err != nil {
			b.Fatal(err)
		}
		if _, _, err := SealProtocol(st, rules, key, p.ID, store.AnyRevision, "Max Prüfer", sealTime); err != nil {
			b.Fatal(err)
		}
	}
	return st, key.ID
}

func benchClient(b *testing.B, srv *s3test.Server, prefix string) *bucket.Client {
	c, err := bucket.Open(srv.Endpoint, bucket.Location{Bucket: "returns", Prefix: prefix})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkExportPending1000: `export --pending` of 1,000 sealed protocols
// (no photos): archive, bundle and PDF of each written durably, all marked
// exported (goal < 8 s); wall and CPU time.
func BenchmarkExportPending1000(b *testing.B) {
	var cpuAll time.Duration
	for b.Loop() {
		b.StopTimer()
		st, _ := sealed1000(b)
		out := filepath.Join(b.TempDir(), "out")
		b.StartTimer()
		m := cputime.Start()
		done, failed, err := ExportPending(st, rules, out, "bench", nil, nil)
		_, cpu := m.Stop()
		cpuAll += cpu
		if err != nil || len(failed) > 0 || len(done) != 1000 {
			b.Fatalf("%v %v: %d exported", err, failed, len(done))
		}
	}
	b.ReportMetric(cpuAll.Seconds()/float64(b.N), "cpu-s/op")
}
