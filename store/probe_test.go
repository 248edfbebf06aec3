package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/catalog"
)

// countRules counts how often a store asks for the built-in rules.
func countRules(t *testing.T) *int {
	n := new(int)
	was := defaultRules
	defaultRules = func() (*catalog.Rules, error) { *n++; return was() }
	t.Cleanup(func() { defaultRules = was })
	return n
}

// Issue 26: the TUI checks its store with Probe while the profile data are
// parsed beside; Probe must not wait for them. It creates, migrates and
// refuses like Open; only a migration that values a sealed protocol asks
// for the rules.
func TestProbeOpensLikeOpenWithoutTheRules(t *testing.T) {
	asked := countRules(t)
	dir := t.TempDir()
	if err := Probe(dir); err != nil {
		t.Fatal(err)
	}
	if *asked != 0 {
		t.Fatalf("Probe of a new store asked for the rules %d times", *asked)
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("the store Probe created does not open: %v", err)
	}
	if *asked != 1 {
		t.Fatalf("Open asked for the rules %d times", *asked)
	}
	var schema int
	s.db.View(func(tx *bolt.Tx) error { schema = schemaOf(tx); return nil })
	if schema != SchemaVersion {
		t.Fatalf("Probe left schema %d", schema)
	}
	// a draft and a sealed protocol, the latter not yet pinned: schema 4,
	// whose migration decodes the sealed one with the rules
	p := sample("M-AB 1234", "Erika Mustermann")
	rec, err := s.Save(p, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sealWith(s, p.ID, rec.Revision, []byte(`{"hash":"h"}`), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(sample("K-XY 9", "Jörg Müller"), 0, ""); err != nil {
		t.Fatal(err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProtocols)
		sealed, err := decodeRecord(b.Get([]byte(p.ID)))
		if err != nil {
			return err
		}
		sealed.PinnedProfile = ""
		if err := putRecordOnly(tx, sealed); err != nil {
			return err
		}
		return setSchema(tx, 4)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	*asked = 0
	if err := Probe(dir); err != nil {
		t.Fatal(err)
	}
	if *asked != 1 {
		t.Fatalf("the migration that pins a sealed protocol asked for the rules %d times", *asked)
	}
	s = openTest(t, dir)
	var schema2 int
	s.db.View(func(tx *bolt.Tx) error { schema2 = schemaOf(tx); return nil })
	if _, _, err := s.Get(p.ID); err != nil || schema2 != SchemaVersion {
		t.Fatalf("after Probe migrated: schema %d, %v", schema2, err)
	}
	s.Close()

	// Probe holds the lock for a moment: it writes no holder file and
	// leaves another process's alone
	holder := filepath.Join(dir, HolderFile)
	if err := os.WriteFile(holder, []byte("999999\nrueckgabe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(holder)
	if err := Probe(dir); err != nil {
		t.Fatal(err)
	}
	if after, err := os.Stat(holder); err != nil || !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Fatalf("Probe touched the holder file: %v", err)
	}
	os.Remove(holder)
	if err := Probe(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(holder); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Probe left a holder file: %v", err)
	}

	// a newer store is refused as Open refuses it
	s = openTest(t, dir)
	s.db.Update(func(tx *bolt.Tx) error { return setSchema(tx, SchemaVersion+1) })
	s.Close()
	var newer *NewerSchemaError
	if err := Probe(dir); !errors.As(err, &newer) {
		t.Fatalf("Probe of a newer store: %v", err)
	}
	// and what is no store at all
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, FileName), []byte("not a store"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, openErr := Open(bad, Options{})
	if err := Probe(bad); err == nil || openErr == nil || err.Error() != openErr.Error() {
		t.Fatalf("Probe %v, Open %v", err, openErr)
	}
}
