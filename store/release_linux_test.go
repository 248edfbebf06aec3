package store

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// rssFileKB is this process's resident file-backed memory.
func rssFileKB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "RssFile:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	t.Skip("no RssFile")
	return 0
}

// A walk over a large store does not keep the file's pages it read
// resident: releaseMapped gives them back (they stay in the page cache).
func TestReleaseMappedGivesThePagesBack(t *testing.T) {
	s := openTest(t, t.TempDir())
	val := bytes.Repeat([]byte("x"), 4000)
	if err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("release-test"))
		if err != nil {
			return err
		}
		for i := range 8000 { // 32 MB
			if err := b.Put(fmt.Appendf(nil, "%06d", i), val); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	err := s.view(func(tx *bolt.Tx) error {
		sum := 0
		_ = tx.Bucket([]byte("release-test")).ForEach(func(_, v []byte) error { sum += int(v[100]); return nil })
		read := rssFileKB(t)
		releaseMapped(tx)
		after := rssFileKB(t)
		if read-after < 20_000 {
			t.Errorf("resident file pages %d kB after reading 32 MB, %d kB after releasing them", read, after)
		}
		// and they read as before
		n := 0
		_ = tx.Bucket([]byte("release-test")).ForEach(func(_, v []byte) error {
			if bytes.Equal(v, val) {
				n++
			}
			return nil
		})
		if n != 8000 {
			t.Errorf("%d values read back after the release", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
