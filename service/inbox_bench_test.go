package service

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rueckgabe/internal/s3test"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// BenchmarkInbox: the back office's inbox against a local Versity S3
// Gateway (docs/performance.md). "1000 new": 1,000 archives a device synced
// (no photos) verified and imported into an empty store (goal < 60 s).
// "10000 known": a listing of 10,000 archives all in the store already
// (goal < 5 s, nothing downloaded: the objects are one byte each, a download
// would refuse them).
func BenchmarkInbox(b *testing.B) {
	srv := s3test.Start(b, "returns")
	ctx := context.Background()
	b.Run("1000 new", func(b *testing.B) {
		device, keyID := sealed1000(b)
		up := benchClient(b, srv, "nord")
		if _, err := Sync(ctx, device, rules, up, keyID, "bench", nil); err != nil {
			b.Fatal(err)
		}
		pub := testKey(b, device.Dir()).Public
		for b.Loop() {
			b.StopTimer()
			office, err := store.Open(b.TempDir(), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			res, err := Inbox(ctx, office, rules, benchClient(b, srv, "nord"), keys(pub), "bench", nil, InboxOptions{})
			if err != nil || len(res.Imported) != 1000 || len(res.Rejected) > 0 {
				b.Fatalf("%v: %d imported, %v", err, len(res.Imported), res.Rejected)
			}
			b.StopTimer()
			office.Close()
			b.StartTimer()
		}
	})
	b.Run("10000 known", func(b *testing.B) {
		office, keyID := sealedN(b, 10_000)
		recs, err := office.ListSummaries(store.Query{Status: store.StatusSealed})
		if err != nil || len(recs) != 10_000 {
			b.Fatal(err, len(recs))
		}
		for _, r := range recs {
			s, _ := sealOf(r)
			path := filepath.Join(srv.Root, "returns", "known", keyID, r.ID, s.Hash+".zip")
			os.MkdirAll(filepath.Dir(path), 0o700)
			if err := os.WriteFile(path, []byte{0}, 0o600); err != nil {
				b.Fatal(err)
			}
		}
		c := benchClient(b, srv, "known")
		for b.Loop() {
			res, err := Inbox(ctx, office, rules, c, keys(nil), "bench", nil, InboxOptions{})
			if err != nil || res.Known != 10_000 || len(res.Rejected) > 0 {
				b.Fatalf("%v: %d known, %v", err, res.Known, res.Rejected)
			}
		}
	})
}

func keys(pub ed25519.PublicKey) func(time.Time) []ed25519.PublicKey {
	return func(time.Time) []ed25519.PublicKey {
		if pub == nil {
			return nil
		}
		return []ed25519.PublicKey{pub}
	}
}

// sealedN is a store with n sealed protocols, and its device key id.
func sealedN(b *testing.B, n int) (*store.Store, string) {
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	key := testKey(b, st.Dir())
	for i := range n {
		p := complete(b)
		p.ID = fmt.Sprintf("K-%05d", i)
		if _, _, err := st.Import(p, "bench"); err != nil {
			b.Fatal(err)
		}
		if _, _, err := SealProtocol(st, rules, key, p.ID, store.AnyRevision, "Max Prüfer", sealTime); err != nil {
			b.Fatal(err)
		}
	}
	k, err := seal.LoadOrCreateKey(st.Dir())
	if err != nil {
		b.Fatal(err)
	}
	return st, k.ID
}
