package service

import (
	"context"
	"fmt"
	"testing"

	"rueckgabe/bucket"
	"rueckgabe/internal/s3test"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// BenchmarkSync1000: 1,000 sealed protocols (no photos) synced to a local
// Versity S3 Gateway — archive with PDF built, uploaded with its SHA-256,
// marked — (goal < 60 s), and a sync with nothing new (goal < 2 s).
func BenchmarkSync1000(b *testing.B) {
	srv := s3test.Start(b, "returns")
	b.Run("first", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			st, keyID := sealed1000(b)
			c := benchClient(b, srv, fmt.Sprintf("first-%d", i))
			b.StartTimer()
			res, err := Sync(context.Background(), st, rules, c, keyID, "bench", nil)
			if err != nil || len(res.Uploaded) != 1000 {
				b.Fatalf("%v %d uploaded", err, len(res.Uploaded))
			}
		}
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

// sealed1000 is a store with 1,000 sealed protocols, and its device key id.
func sealed1000(b *testing.B) (*store.Store, string) {
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	for i := range 1000 {
		p := complete(b)
		p.ID = fmt.Sprintf("B-%04d", i)
		if _, _, err := st.Import(p, "bench"); err != nil {
			b.Fatal(err)
		}
		if _, _, err := SealProtocol(st, rules, testKey(b, st.Dir()), p.ID, store.AnyRevision, "Max Prüfer", sealTime); err != nil {
			b.Fatal(err)
		}
	}
	key, err := seal.LoadOrCreateKey(st.Dir())
	if err != nil {
		b.Fatal(err)
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
