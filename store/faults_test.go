package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestSecondOpenAnswersWithinTimeoutWhenLocked(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	start := time.Now()
	_, err := Open(dir, Options{LockTimeout: 500 * time.Millisecond})
	elapsed := time.Since(start)
	var locked *LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("second open: %v", err)
	}
	if elapsed > 2*time.Second {
		t.Errorf("second open took %v", elapsed)
	}
	msg := err.Error()
	if !strings.Contains(msg, "open in another process") {
		t.Errorf("message = %q", msg)
	}
	// once the first lets go, the second works
	s.Close()
	s2, err := Open(dir, Options{LockTimeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
}

func TestDiskFullKeepsStoreSoundAndEditRetryable(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	p := sample("M-AB 1234", "Erika Mustermann")
	rec, err := s.Save(p, AnyRevision, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	size := fileSize(t, dir)

	limited, err := Open(dir, Options{MaxSize: int(size)})
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("Lackschaden ", 20000) // forces the file to grow
	p.Findings = append(p.Findings, finding(big))
	_, err = limited.Save(p, rec.Revision, "")
	var full *FullError
	if !errors.As(err, &full) || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("save past MaxSize: %v", err)
	}
	mustCheck(t, limited)
	_, stored, _ := limited.Get(p.ID)
	if len(stored.Findings) != 0 {
		t.Fatal("the failed edit was half-written")
	}
	limited.Close()

	// the caller still has the edit: once there is room, the retry lands
	roomy := openTest(t, dir)
	if _, err := roomy.Save(p, rec.Revision, ""); err != nil {
		t.Fatalf("retry: %v", err)
	}
	_, stored, _ = roomy.Get(p.ID)
	if len(stored.Findings) != 1 {
		t.Fatal("retry did not store the edit")
	}
	mustCheck(t, roomy)
}

func fileSize(t *testing.T, dir string) int64 {
	st, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func TestReadOnlyMediaGivesAClearError(t *testing.T) {
	dir := t.TempDir()
	readOnly := func(name string, flag int, mode os.FileMode) (*os.File, error) {
		if flag&(os.O_RDWR|os.O_WRONLY|os.O_CREATE) != 0 {
			return nil, &os.PathError{Op: "open", Path: name, Err: syscall.EROFS}
		}
		return os.OpenFile(name, flag, mode)
	}
	_, err := Open(dir, Options{OpenFile: readOnly})
	if !errors.Is(err, ErrReadOnly) || !errors.Is(err, syscall.EROFS) {
		t.Errorf("read-only open: %v", err)
	}
}

func TestReadOnlyDirectory(t *testing.T) {
	if why := noReadOnlyDirs(); why != "" {
		t.Skip(why)
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	s, err := Open(dir, Options{})
	if err == nil {
		s.Close()
	}
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("open in read-only directory: %v", err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	if err := s.db.Update(func(tx *bolt.Tx) error { return setSchema(tx, SchemaVersion+1) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(dir, Options{})
	var newer *NewerSchemaError
	if !errors.As(err, &newer) || newer.Found != SchemaVersion+1 || newer.Supported != SchemaVersion {
		t.Fatalf("open of newer store: %v", err)
	}
}

// TestMigrationFromSchema1 opens a store written with the first layout (records
// and audit only, no indexes), kept in testdata, and checks it is upgraded.
func TestMigrationFromSchema1(t *testing.T) {
	fixture, err := os.ReadFile("testdata/schema1.db")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openTest(t, dir)
	mustCheck(t, s)
	recs, err := s.List(Query{Search: "mustermann"})
	if err != nil || len(recs) != 1 || recs[0].Summary.Plate != "M-AB 1234" {
		t.Fatalf("search after migration: %v %v", err, recIDs(recs))
	}
	all, _ := s.List(Query{})
	if len(all) != 2 {
		t.Errorf("records after migration: %d", len(all))
	}
}

// TestWriteSchema1Fixture regenerates testdata/schema1.db when asked to.
func TestWriteSchema1Fixture(t *testing.T) {
	if os.Getenv("RUECKGABE_WRITE_FIXTURE") == "" {
		t.Skip("set RUECKGABE_WRITE_FIXTURE=1 to regenerate testdata/schema1.db")
	}
	dir := t.TempDir()
	s := openTest(t, dir)
	for _, p := range [][2]string{{"M-AB 1234", "Erika Mustermann"}, {"HH-XY 77", "Hans Müller"}} {
		if _, err := s.Save(sample(p[0], p[1]), AnyRevision, "fixture"); err != nil {
			t.Fatal(err)
		}
	}
	// strip back to the schema-1 layout
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, ix := range indexes {
			if err := tx.DeleteBucket(ix.bucket); err != nil {
				return err
			}
		}
		return setSchema(tx, 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("testdata/schema1.db", data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLockedErrorNamesTheHolder(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the lock's holder is read from /proc/locks")
	}
	dir := t.TempDir()
	openTest(t, dir)
	_, err := Open(dir, Options{LockTimeout: 100 * time.Millisecond})
	var locked *LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("second open: %v", err)
	}
	if locked.PID != os.Getpid() || !strings.Contains(err.Error(), "PID "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("holder not named: pid %d, %q", locked.PID, err)
	}
}

// readOnlyMedia refuses every open for writing, as a mounted read-only
// medium does (root ignores file permissions, so tests cannot use chmod).
func readOnlyMedia(name string, flag int, perm os.FileMode) (*os.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE) != 0 {
		return nil, &os.PathError{Op: "open", Path: name, Err: syscall.EROFS}
	}
	return os.OpenFile(name, flag, perm)
}

func TestReadOnlyMediaCanBeReadNotWritten(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	rec, err := s.Save(sample("M-RO 1", "Lesen Nur"), AnyRevision, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	if _, err := Open(dir, Options{OpenFile: readOnlyMedia}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("writable open on read-only media: %v", err)
	}
	ro, err := Open(dir, Options{OpenFile: readOnlyMedia, ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	defer ro.Close()
	recs, err := ro.List(Query{})
	if err != nil || len(recs) != 1 || recs[0].ID != rec.ID {
		t.Fatalf("list read-only: %v %v", recs, err)
	}
	if _, _, err := ro.Get(rec.ID); err != nil {
		t.Fatal(err)
	}
	if rep, err := ro.Check(); err != nil || !rep.OK() {
		t.Fatalf("check read-only: %v %v", rep, err)
	}
	_, p, _ := ro.Get(rec.ID)
	p.Customer.Name = "geändert"
	if _, err := ro.Save(p, rec.Revision, ""); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("save on a read-only store: %v", err)
	}
}
