package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// releaseEvery is how many entries a walk over every entry of a bucket
// reads between two releases of the store file's mapped pages. Each page
// touched maps its neighbours too (the kernel's fault-around: 64 KB), so
// the index entries of 256 records spread over the file can hold 16 MB.
const releaseEvery = 256

// releaseMapped tells the operating system that the pages of the store file
// this process has mapped and read are not needed now. bbolt reads the file
// through one read-only mapping: a walk over every record of a large store
// (check, report) would otherwise keep every page it touched resident and
// counted in the process's memory (RSS: 500 MB for 50,000 protocols),
// although they are the operating system's file cache and stay there. A
// page touched again is mapped again from that cache. Only inside a read
// transaction, whose mapping does not move; where the platform has no way
// (release_other.go), nothing happens.
func releaseMapped(tx *bolt.Tx) {
	releasePages(tx.DB().Info().Data, uintptr(tx.Size()))
}

// walk is b.ForEach for a walk over every entry of a large bucket in a read
// transaction: the mapped pages are released every releaseEvery entries.
// fn must be done with the views it was given when it returns (as with
// ForEach, they are valid in tx; released pages are read again when
// touched, so a view kept longer still reads right, only slower).
func walk(tx *bolt.Tx, b *bolt.Bucket, fn func(k, v []byte) error) error {
	n := 0
	return b.ForEach(func(k, v []byte) error {
		if n++; n%releaseEvery == 0 {
			releaseMapped(tx)
		}
		return fn(k, v)
	})
}

// releaseWhile releases the mapped pages every releaseInterval until stop is
// called (and once more then): for a walk bbolt makes itself (tx.Check).
func releaseWhile(tx *bolt.Tx) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(releaseInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				releaseMapped(tx)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		releaseMapped(tx)
	}
}

// releaseInterval: bbolt's check maps in pages from the cache at several
// megabytes a millisecond.
const releaseInterval = 2 * time.Millisecond
