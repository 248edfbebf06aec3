package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// rewriteRecord changes a stored record behind the store's back with bbolt,
// as someone with the file (or a disk error) would.
func rewriteRecord(t *testing.T, dir, id string, change func(rec *store.Record)) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("protocols"))
		var rec store.Record
		if err := json.Unmarshal(b.Get([]byte(id)), &rec); err != nil {
			return err
		}
		change(&rec)
		v, err := json.Marshal(&rec)
		if err != nil {
			return err
		}
		return b.Put([]byte(id), v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A sealed record whose cost was changed in the file — and one whose seal
// hash was changed along with it, so that only the signature tells — is
// named by check and refused by every output: report, every export format.
func TestTamperedSealedRecordIsNamedByCheckAndRefusedByEveryOutput(t *testing.T) {
	dir := t.TempDir()
	ids := sealMany(t, dir, 3)
	if code, out, errOut := runCLI(t, "", "--data", dir, "check"); code != 0 || !strings.Contains(out, "3 Siegel geprüft") {
		t.Fatalf("check of a sound store: %d %s%s", code, out, errOut)
	}
	damage(t, dir, ids[1]) // a cost: 235.20 → 135.20
	rewriteRecord(t, dir, ids[2], func(rec *store.Record) {
		doc := bytes.Replace(rec.Protocol, []byte(`"235.20"`), []byte(`"935.20"`), 1)
		p, probs := inspection.DecodeDraft(doc, catalog.MustDefault())
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		canon, err := seal.Canonical(p)
		if err != nil {
			t.Fatal(err)
		}
		var s seal.Seal
		if err := json.Unmarshal(rec.Seal, &s); err != nil {
			t.Fatal(err)
		}
		s.Hash = seal.Hash(canon) // the seal now covers the new content, but its signature does not
		rec.Protocol, rec.Seal = doc, []byte(mustJSON(s))
	})

	code, out, errOut := runCLI(t, "", "--data", dir, "check")
	if code != 1 || !strings.Contains(errOut, ids[1]+": does not match its seal") ||
		!strings.Contains(errOut, ids[2]+": does not match its seal: signature is not valid") || strings.Contains(errOut, ids[0]) {
		t.Errorf("check of a tampered store: exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(errOut, "gap") {
		t.Errorf("a changed record is no gap in the chain:\n%s", errOut)
	}

	code, out, errOut = runCLI(t, "", "--data", dir, "report", "--csv")
	if code != 1 || out != "" || !strings.Contains(errOut, ids[1]) || !strings.Contains(errOut, ids[2]) || strings.Contains(out, "135.20") {
		t.Errorf("report of a tampered store: exit %d\nstdout %q\n%s", code, out, errOut)
	}

	outDir := t.TempDir()
	for _, bad := range ids[1:] {
		for _, format := range []string{"pdf", "json", "bundle", "archive"} {
			file := filepath.Join(outDir, bad+"."+format)
			code, out, errOut := runCLI(t, "", "--data", dir, "export", bad, "--format", format, "-o", file)
			if code != 1 || !strings.Contains(errOut, bad+": passt nicht zu seinem Siegel") {
				t.Errorf("export %s --format %s: exit %d %s%s", bad, format, code, out, errOut)
			}
			if _, err := os.Stat(file); err == nil {
				t.Errorf("export %s --format %s wrote a file", bad, format)
			}
		}
	}
	if code, _, errOut := runCLI(t, "", "--data", dir, "export", ids[0], "--format", "pdf", "-o", filepath.Join(outDir, "good.pdf")); code != 0 {
		t.Errorf("the untouched protocol: %d %s", code, errOut)
	}
	code, out, errOut = runCLI(t, "", "--data", dir, "export", "--pending", "-o", outDir)
	if code != 1 || !strings.Contains(out, "exported "+ids[0]) || !strings.Contains(errOut, "not exported "+ids[1]) || !strings.Contains(errOut, "not exported "+ids[2]) {
		t.Errorf("export --pending: %d\n%s%s", code, out, errOut)
	}
}

// runBinary runs the command line in a child process (this test binary,
// TestCLIChild): a crash such as SIGBUS shows as the child's exit and
// stderr instead of killing the tests.
func runBinary(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	// a safety bound only: a child that waits for input it never gets (a
	// TUI started on a store it should have refused) must not hang the run
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	var err error
	for try := 0; ; try++ {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCLIChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "RUECKGABE_CLI_ARGS="+strings.Join(args, "\x1f"))
		out.Reset()
		errOut.Reset()
		cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(""), &out, &errOut
		err = cmd.Run()
		// a child that could not be started at all (Wine's CreateProcess
		// answers "Internal error" now and then on a busy machine) is started
		// again: not starting says nothing of the program under test
		if cmd.Process != nil || try == 4 {
			break
		}
	}
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// TestCLIChild is the child of runBinary.
func TestCLIChild(t *testing.T) {
	args, ok := os.LookupEnv("RUECKGABE_CLI_ARGS")
	if !ok {
		t.Skip("child process of runBinary")
	}
	os.Exit(run(strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
}

// A store file cut short — empty, a few bytes, one page, half, one page
// less than its header says — gives every command and the TUI's start one
// clear line and exit status 1: never SIGBUS, never a stack trace. Before,
// `head -c 150000 rueckgabe.db` made `check` die with "fatal error: fault
// [signal SIGBUS]", and other sizes with bbolt's assertion panics.
func TestTruncatedStoreGivesAClearMessage(t *testing.T) {
	good := t.TempDir()
	ids := sealMany(t, good, 40)
	data, err := os.ReadFile(filepath.Join(good, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	// the size the header calls for: what a backup holds
	backup := filepath.Join(t.TempDir(), "backup.db")
	if code, _, errOut := runCLI(t, "", "--data", good, "backup", backup); code != 0 {
		t.Fatal(errOut)
	}
	st, err := os.Stat(backup)
	if err != nil {
		t.Fatal(err)
	}
	need := int(st.Size())
	page := os.Getpagesize()
	if need < 8*page {
		t.Fatalf("the store is too small to cut (%d bytes)", need)
	}
	in := filepath.Join(t.TempDir(), "in.json")
	if code, out, _ := runCLI(t, "", "--data", good, "export", ids[0], "--format", "json"); code != 0 {
		t.Fatal("export")
	} else if err := os.WriteFile(in, []byte(strings.Replace(out, ids[0], "NEU-1", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	commands := [][]string{
		{}, // the TUI
		{"list"}, {"list", "--json"}, {"check"}, {"report", "--csv"},
		{"export", ids[0], "--format", "pdf", "-o", filepath.Join(out, "x.pdf")},
		{"export", "--pending", "-o", out},
		{"seal", ids[0]}, {"import", in}, {"backup", filepath.Join(out, "b.db")}, {"compact"},
	}
	for _, size := range []int{0, 5, page, need / 2, need - page, need - 1} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, store.FileName), data[:size], 0o600); err != nil {
			t.Fatal(err)
		}
		cmds := commands
		if size <= page {
			cmds = [][]string{{}, {"list"}, {"check"}, {"import", in}, {"compact"}} // each waits for a creator first (store.checkFileLocked)
		}
		for _, args := range cmds {
			code, stdout, stderr := runBinary(t, append([]string{"--data", dir}, args...)...)
			if code != 1 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "Datenspeicher beschädigt") ||
				strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "internal error") {
				t.Errorf("%d bytes, %q: exit %d\nstdout %q\nstderr %s", size, args, code, stdout, stderr)
			}
		}
		if got, _ := os.ReadFile(filepath.Join(dir, store.FileName)); !bytes.Equal(got, data[:size]) {
			t.Errorf("%d bytes: the damaged file was changed (now %d bytes)", size, len(got))
		}
	}
	// a file of exactly the size its header calls for is whole
	dir := t.TempDir()
	if err := copyFile(backup, filepath.Join(dir, store.FileName)); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := runBinary(t, "--data", dir, "list", "--json"); code != 0 || !strings.Contains(stdout, ids[0]) {
		t.Errorf("the backup as the store: %d %s", code, stderr)
	}
	if size := need - page; !strings.Contains(func() string {
		dir := t.TempDir()
		_ = os.WriteFile(filepath.Join(dir, store.FileName), data[:size], 0o600)
		_, _, stderr := runBinary(t, "--data", dir, "check")
		return stderr
	}(), fmt.Sprintf("rueckgabe.db ist %d Bytes, erwartet mindestens %d", size, need)) {
		t.Error("the message does not give the file's size and the size it needs")
	}
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
