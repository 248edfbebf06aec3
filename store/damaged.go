package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DamagedError: the store file is not a whole bbolt file — cut short (a
// copy that stopped, a full disk while copying), overwritten, or no store at
// all. bbolt maps the file into memory and would read pages past its end,
// which the system answers with SIGBUS: such a file is refused before it is
// opened.
type DamagedError struct {
	Path  string
	Size  int64  // the file's size
	Want  int64  // the size its header calls for; 0 when no header is readable
	Empty bool   // the file has 0 bytes
	Why   string // what is wrong, in English
}

func (e *DamagedError) Error() string {
	if e.Want > 0 {
		return fmt.Sprintf("store file %s is damaged or incomplete: %d bytes, its header calls for at least %d", e.Path, e.Size, e.Want)
	}
	return fmt.Sprintf("store file %s is damaged: %s", e.Path, e.Why)
}

// bbolt's file layout (go.etcd.io/bbolt internal/common: page.go, meta.go,
// types.go), version 2: pages 0 and 1 each hold a meta — after the 16-byte
// page header (id u64, flags u16, count u16, overflow u32): magic u32,
// version u32, page size u32, flags u32, root bucket (root pgid u64,
// sequence u64), freelist pgid u64, high-water mark pgid u64, txid u64,
// checksum u64 = FNV-1a 64 of the meta's bytes before it. Native byte order.
// The meta with the higher txid that is valid is the current one; every
// page below its high-water mark is in the file, so the file holds at least
// high-water mark × page size bytes (a backup holds exactly that).
const (
	boltPageHeader = 16
	boltMetaSize   = 64
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
)

type boltMeta struct {
	pageSize uint32
	pgid     uint64
	txid     uint64
}

// readMeta reads the meta at off; ok is false when there is none valid.
func readMeta(f io.ReaderAt, off int64) (m boltMeta, ok bool) {
	var buf [boltPageHeader + boltMetaSize]byte
	if n, _ := f.ReadAt(buf[:], off); n < len(buf) {
		return m, false
	}
	b := buf[boltPageHeader:]
	le := binary.NativeEndian
	if le.Uint32(b[0:]) != boltMagic || le.Uint32(b[4:]) != boltVersion {
		return m, false
	}
	h := fnv.New64a()
	h.Write(b[:56])
	if h.Sum64() != le.Uint64(b[56:]) {
		return m, false
	}
	m = boltMeta{pageSize: le.Uint32(b[8:]), pgid: le.Uint64(b[40:]), txid: le.Uint64(b[48:])}
	return m, m.pageSize >= 512
}

// checkFile refuses a store file that is shorter than its own header says
// or has no valid header at all. A missing file is fine (a new store).
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return nil // bbolt's open says what is wrong (permissions, …)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil
	}
	size := st.Size()
	damaged := &DamagedError{Path: path, Size: size}
	if size == 0 {
		damaged.Empty, damaged.Why = true, "the file is empty (0 bytes)"
		return damaged
	}
	// the current meta, found as bbolt finds it: page 0 gives the page size;
	// without a valid page 0, page 1 is looked for at 1 KiB … 16 MiB
	m0, ok0 := readMeta(f, 0)
	var m1 boltMeta
	ok1 := false
	if ok0 {
		m1, ok1 = readMeta(f, int64(m0.pageSize))
	} else {
		for i := 0; i <= 14 && !ok1; i++ {
			m1, ok1 = readMeta(f, 1024<<i)
		}
	}
	cur := m0
	switch {
	case ok1 && (!ok0 || m1.txid > m0.txid):
		cur = m1
	case !ok0:
		damaged.Why = fmt.Sprintf("no valid header in its %d bytes", size)
		return damaged
	}
	ps := int64(cur.pageSize)
	want := max(int64(2), int64(min(cur.pgid, uint64(1)<<40))) * ps
	if size < want {
		damaged.Want = want
		return damaged
	}
	return nil
}

// checkFileLocked is checkFile, and when the file fails it, checkFile again
// after waiting for whoever holds the store: a store being created by
// another process is an empty file for a moment — from its creation until
// it has taken its lock and written its first pages. Waiting may fall into
// that moment before the creator has its lock (bbolt tries for a lock every
// 50 ms), so the wait is repeated with a pause longer than that; only a
// file that fails the check waits (about 0.35 s). It returns bbolt's timeout
// when the other process does not let go in time.
func checkFileLocked(path string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	err := checkFile(path)
	// Also a valid header with pages missing waits once for the lock: a
	// writer of another process may be growing or replacing the file at
	// this moment (seen under Wine while a compaction swaps the file in); a
	// file that is short while nobody writes is damaged.
	for try := 0; err != nil && try < 5; try++ {
		// a read-only bbolt open waits for a writer's lock; it reads no page
		// past the two metas, and on an empty file fails without writing.
		// Each wait is short, the file closed in between (on Windows an
		// open file would keep a compaction from putting its copy in place).
		wait := min(max(time.Until(deadline), 10*time.Millisecond), 250*time.Millisecond)
		db, oerr := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: wait})
		if errors.Is(oerr, berrors.ErrTimeout) && time.Now().After(deadline) {
			return oerr
		}
		if oerr == nil {
			db.Close()
		}
		if err = checkFile(path); err != nil {
			time.Sleep(70 * time.Millisecond) // let a creator take its lock
		}
	}
	return err
}

// guard runs fn, which reads the mapped store file, so that damage the
// header check cannot see (a page pointing past the file, a page that is
// not what it should be) becomes a DamagedError, not a crash: a memory
// fault panics instead of killing the process (debug.SetPanicOnFault), and
// bbolt's own panics about a page are recovered.
func guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &DamagedError{Path: path, Why: fmt.Sprintf("reading it failed: %v", r)}
		}
	}()
	return fn()
}

// bbolt's open can meet a damaged page after it has locked and mapped the
// file; guard turns the panic into a DamagedError, but the mapping bbolt
// made is lost to us and keeps the file locked until the process ends. A
// later open of the same file in this process (the TUI trying again) would
// wait for that lock and then blame "another window": it gets the same
// DamagedError at once instead. A file put in its place (a restored backup)
// is opened as usual.
var failedOpens sync.Map // path → failedOpen

type failedOpen struct {
	file os.FileInfo
	err  error
}

func rememberFailed(path string, info os.FileInfo, err error) {
	var d *DamagedError
	if info != nil && errors.As(err, &d) {
		failedOpens.Store(path, failedOpen{info, err})
	}
}

func failedBefore(path string, info os.FileInfo) error {
	v, ok := failedOpens.Load(path)
	if !ok {
		return nil
	}
	if f := v.(failedOpen); info != nil && os.SameFile(f.file, info) && f.file.Size() == info.Size() && f.file.ModTime().Equal(info.ModTime()) {
		return f.err
	}
	failedOpens.Delete(path)
	return nil
}

// path is the store file.
func (s *Store) path() string { return s.file }
