package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/internal/fixture"
	"rueckgabe/store"
)

// sealMany imports and seals n complete protocols in dir.
func sealMany(t *testing.T, dir string, n int) []string {
	t.Helper()
	var ids []string
	for range n {
		id := importComplete(t, dir, true)
		if code, _, errOut := runCLI(t, "", "--data", dir, "seal", id); code != 0 {
			t.Fatalf("seal: %s", errOut)
		}
		ids = append(ids, id)
	}
	return ids
}

// damage changes a stored record behind the store's back, as a disk error would.
func damage(t *testing.T, dir, id string) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("protocols"))
		v := bytes.Replace(b.Get([]byte(id)), []byte(`"235.20"`), []byte(`"135.20"`), 1)
		return b.Put([]byte(id), v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestExportPendingGoesPastABadRecord(t *testing.T) {
	dir := t.TempDir()
	ids := sealMany(t, dir, 3)
	damage(t, dir, ids[1])
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "--data", dir, "export", "--pending", "-o", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	for _, id := range []string{ids[0], ids[2]} {
		if !strings.Contains(stdout, "exported "+id) {
			t.Errorf("%s not exported after the bad one: %s", id, stdout)
		}
	}
	if !strings.Contains(stderr, "not exported "+ids[1]) || strings.Contains(stdout, ids[1]) {
		t.Errorf("the bad record is not named: %s", stderr)
	}
	if _, err := os.Stat(filepath.Join(out, ids[1]+".bundle.json")); err == nil {
		t.Error("a bundle of the damaged record was written")
	}
}

func TestWrittenFilesAreOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	ids := sealMany(t, dir, 1)
	out := t.TempDir()
	files := []string{filepath.Join(out, "backup.db"), filepath.Join(out, "p.json"), filepath.Join(out, "p.pdf"), filepath.Join(out, "p.bundle.json")}
	for i, args := range [][]string{
		{"backup", files[0]},
		{"export", ids[0], "--format", "json", "-o", files[1]},
		{"export", ids[0], "--format", "pdf", "-o", files[2]},
		{"export", ids[0], "--format", "bundle", "-o", files[3]},
		{"export", "--pending", "-o", filepath.Join(out, "pending")},
	} {
		if code, _, errOut := runCLI(t, "", append([]string{"--data", dir}, args...)...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
		if i == 4 {
			matches, _ := filepath.Glob(filepath.Join(out, "pending", "*"))
			files = append(files, matches...)
		}
	}
	if len(files) < 6 {
		t.Fatalf("export --pending wrote nothing: %v", files)
	}
	for _, f := range files {
		fixture.CheckOwnerOnly(t, f)
	}
}

// On a read-only medium the reading commands work. Needs a real read-only
// mount, so it runs as root only (CI is root).
func TestReadOnlyMediaReadingCommandsWork(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root on Linux for a read-only bind mount")
	}
	dir := t.TempDir()
	ids := sealMany(t, dir, 1)
	ro := t.TempDir()
	if err := exec.Command("mount", "--bind", dir, ro).Run(); err != nil {
		t.Skipf("bind mount not possible here: %v", err)
	}
	t.Cleanup(func() { _ = exec.Command("umount", ro).Run() })
	if err := exec.Command("mount", "-o", "remount,ro,bind", ro).Run(); err != nil {
		t.Skipf("read-only remount not possible here: %v", err)
	}
	if err := os.WriteFile(filepath.Join(ro, "probe"), nil, 0o600); err == nil {
		t.Skip("the mount is writable after all")
	}
	out := t.TempDir()
	for _, args := range [][]string{
		{"list"}, {"list", "--json"}, {"check"},
		{"export", ids[0], "--format", "json", "-o", filepath.Join(out, "p.json")},
		{"export", ids[0], "--format", "pdf", "-o", filepath.Join(out, "p.pdf")},
		{"backup", filepath.Join(out, "b.db")},
	} {
		if code, _, errOut := runCLI(t, "", append([]string{"--data", ro}, args...)...); code != 0 {
			t.Errorf("%v on read-only media: %d %s", args, code, errOut)
		}
	}
	if code, _, errOut := runCLI(t, "", "--data", ro, "seal", ids[0]); code == 0 || !strings.Contains(errOut, "schreibgeschützt") {
		t.Errorf("a write on read-only media: %d %s", code, errOut)
	}
}
