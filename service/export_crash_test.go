package service

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"rueckgabe/seal"
	"rueckgabe/store"
)

// TestExportChild exports the pending protocols of RUECKGABE_EXPORT_DIR.
func TestExportChild(t *testing.T) {
	dir := os.Getenv("RUECKGABE_EXPORT_DIR")
	if dir == "" {
		t.Skip("child process of TestExportUnderKill9")
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		os.Exit(3)
	}
	if _, failed, err := ExportPending(st, rules, filepath.Join(dir, "out"), "child", RecordPDF(rules, dir), nil); err != nil || len(failed) > 0 {
		os.Exit(4)
	}
	st.Close()
}

// TestExportUnderKill9: kill -9 during `export --pending` never leaves a
// half-written file, and a protocol is marked exported only with both files.
func TestExportUnderKill9(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range 12 {
		p := complete(t)
		if _, err := st.Save(p, store.AnyRevision, "t"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := SealProtocol(st, rules, testKey(t, st.Dir()), p.ID, store.AnyRevision, "t", sealTime); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	out := filepath.Join(dir, "out")
	for round := 0; round < 15; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestExportChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "RUECKGABE_EXPORT_DIR="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(5+rand.IntN(60)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		checkExports(t, dir, out)
	}
	// finally let it finish: everything exported, every file intact
	st, _ = store.Open(dir, store.Options{})
	if _, failed, err := ExportPending(st, rules, out, "t", RecordPDF(rules, dir), nil); err != nil || len(failed) > 0 {
		t.Fatal(err, failed)
	}
	if n, _ := st.Count(); n[store.StatusExported] != 12 {
		t.Errorf("exported: %v", n)
	}
	st.Close()
	checkExports(t, dir, out)
}

func checkExports(t *testing.T, dir, out string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(out, "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.Contains(filepath.Base(f), ".tmp-"):
			// an abandoned temp file is not a result; it is never renamed into place
		case strings.HasSuffix(f, ".bundle.json"):
			if _, _, err := seal.Check(data); err != nil {
				t.Fatalf("%s is not a complete bundle: %v", f, err)
			}
		case strings.HasSuffix(f, ".pdf"):
			if !strings.HasSuffix(strings.TrimSpace(string(data)), "%%EOF") {
				t.Fatalf("%s is not a complete PDF", f)
			}
		}
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs, _ := st.List(store.Query{Status: store.StatusExported})
	for _, r := range recs {
		for _, ext := range []string{".bundle.json", ".pdf"} {
			if _, err := os.Stat(filepath.Join(out, r.ID+ext)); err != nil {
				t.Fatalf("%s marked exported without %s", r.ID, ext)
			}
		}
	}
}
