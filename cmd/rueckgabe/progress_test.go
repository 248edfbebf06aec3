package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rueckgabe/internal/progress"
	"rueckgabe/internal/s3test"
)

// runTTY runs a command as on a terminal: every live line goes to stderr
// as the terminal Reporter draws it, on a clock that moves 150 ms per reading
// (so each item is drawn; nothing depends on the machine's speed).
func runTTY(t *testing.T, args ...string) (code int, stdout, stderr string, labels []string) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := newApp(strings.NewReader(""), &out, &errOut)
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a.progress = func(label string) progress.Reporter {
		labels = append(labels, label)
		return progress.NewTerm(&errOut, label, 80, func() time.Time { clock = clock.Add(150 * time.Millisecond); return clock })
	}
	code = a.execute(args)
	return code, out.String(), errOut.String(), labels
}

const clearLine = "\r\x1b[2K"

// afterLive is stderr as it reads once the live line is cleared: what a
// pipe gets. It fails when the live line was not cleared.
func afterLive(t *testing.T, stderr, label string) string {
	t.Helper()
	if !strings.HasPrefix(stderr, "\r"+label+" ") {
		t.Fatalf("no live line %q on the terminal: %q", label, stderr)
	}
	i := strings.LastIndex(stderr, clearLine)
	if i < 0 {
		t.Fatalf("the live line is not cleared: %q", stderr)
	}
	live := stderr[:i]
	if strings.Contains(live, "\n") {
		t.Errorf("the live line printed a newline: %q", live)
	}
	return stderr[i+len(clearLine):]
}

// sameOutput checks that the terminal run printed exactly what the piped
// one did, besides the cleared live line.
func sameOutput(t *testing.T, label string, code, ttyCode int, out, ttyOut, errOut, ttyErr string) {
	t.Helper()
	if code != ttyCode || out != ttyOut {
		t.Errorf("%s: stdout or exit differ with progress:\npipe %d %q\ntty  %d %q", label, code, out, ttyCode, ttyOut)
	}
	if rest := afterLive(t, ttyErr, label); rest != errOut {
		t.Errorf("%s: stderr after the live line %q, through a pipe %q", label, rest, errOut)
	}
	if strings.Contains(errOut, "\r") || strings.Contains(errOut, "\x1b") {
		t.Errorf("%s: a pipe got redraws: %q", label, errOut)
	}
}

func TestProgressOnTerminalOnlyAndOutputUnchanged(t *testing.T) {
	dir := t.TempDir()
	ids := sealWithPhotos(t, dir, 1, 3)
	damage(t, dir, ids[1]) // one failure: stderr has a line after the live one
	twin := t.TempDir()
	if err := os.CopyFS(twin, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}

	// export --pending
	outA, outB := t.TempDir(), t.TempDir()
	code, out, errOut := runCLI(t, "", "--data", dir, "export", "--pending", "-o", outA)
	ttyCode, ttyOut, ttyErr, labels := runTTY(t, "--data", twin, "export", "--pending", "-o", outB)
	if code != 1 || !strings.Contains(errOut, "not exported P-2") {
		t.Fatalf("export: %d %q %q", code, out, errOut)
	}
	sameOutput(t, "export", code, ttyCode, out, ttyOut, errOut, ttyErr)
	for _, want := range []string{"export 0/3", "export 1/3  6.7/s  ETA 0:00  P-1", "export 3/3  6.7/s  P-3"} {
		if !strings.Contains(ttyErr, "\r"+want+"\x1b[K") {
			t.Errorf("export: no frame %q in %q", want, ttyErr)
		}
	}
	if !slices.Equal(labels, []string{"export"}) {
		t.Errorf("reporters asked for: %v", labels)
	}

	// verify of a directory (two valid bundles)
	code, out, errOut = runCLI(t, "", "--data", dir, "verify", outA)
	ttyCode, ttyOut, ttyErr, _ = runTTY(t, "--data", dir, "verify", outA)
	if code != 0 || !strings.Contains(out, "2 valid, 0 not valid") {
		t.Fatalf("verify: %d %q %q", code, out, errOut)
	}
	sameOutput(t, "verify", code, ttyCode, out, strings.ReplaceAll(ttyOut, outB, outA), errOut, ttyErr)
	if !strings.Contains(ttyErr, "  P-1.bundle.json\x1b[K") {
		t.Errorf("verify: the current file is not shown: %q", ttyErr)
	}
	// one file: nothing to count
	if _, _, ttyErr, labels = runTTY(t, "--data", dir, "verify", filepath.Join(outA, "P-1.bundle.json")); ttyErr != "" || len(labels) > 0 {
		t.Errorf("verify of one file drew a live line: %q %v", ttyErr, labels)
	}

	// check (the damaged record is a problem on stderr)
	code, out, errOut = runCLI(t, "", "--data", dir, "check")
	ttyCode, ttyOut, ttyErr, _ = runTTY(t, "--data", twin, "check")
	if code != 1 {
		t.Fatalf("check: %d %q %q", code, out, errOut)
	}
	sameOutput(t, "check", code, ttyCode, out, ttyOut, errOut, ttyErr)
	if !strings.Contains(ttyErr, "\rcheck 3  ") {
		t.Errorf("check: no count of an unknown total: %q", ttyErr)
	}
}

func TestProgressOfSyncAndInbox(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir := t.TempDir()
	sealWithPhotos(t, dir, 1, 3)
	twin := t.TempDir()
	if err := os.CopyFS(twin, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/a", "--endpoint", srv.Endpoint)
	ttyCode, ttyOut, ttyErr, _ := runTTY(t, "--data", twin, "sync", "--to", "s3://returns/b", "--endpoint", srv.Endpoint)
	if code != 0 || strings.Count(out, "uploaded ") != 3 {
		t.Fatalf("sync: %d %q %q", code, out, errOut)
	}
	// four uploads side by side finish in any order: compare the lines as a set
	sortLines := func(s string) string { l := strings.Split(s, "\n"); slices.Sort(l); return strings.Join(l, "\n") }
	sameOutput(t, "sync", code, ttyCode, sortLines(out), sortLines(ttyOut), errOut, ttyErr)
	if !strings.Contains(ttyErr, "\rsync 3/3") {
		t.Errorf("sync: no last frame: %q", ttyErr)
	}

	pem := devicePEM(t, dir)
	officeA, officeB := t.TempDir(), t.TempDir()
	for _, o := range []string{officeA, officeB} {
		runCLI(t, "", "--data", o, "trust", "add", pem, "--name", "Nord 1")
	}
	code, out, errOut = runCLI(t, "", "--data", officeA, "inbox", "--from", "s3://returns/a", "--endpoint", srv.Endpoint)
	ttyCode, ttyOut, ttyErr, _ = runTTY(t, "--data", officeB, "inbox", "--from", "s3://returns/b", "--endpoint", srv.Endpoint)
	if code != 0 || !strings.Contains(out, "3 imported") {
		t.Fatalf("inbox: %d %q %q", code, out, errOut)
	}
	sameOutput(t, "inbox", code, ttyCode, out, ttyOut, errOut, ttyErr)
	if !strings.Contains(ttyErr, "\rinbox 3/3") {
		t.Errorf("inbox: no last frame: %q", ttyErr)
	}
}

func TestProgressOfReportAttachPublish(t *testing.T) {
	dir := t.TempDir()
	sealWithPhotos(t, dir, 1, 3)
	draft := importComplete(t, dir, true)
	twin := t.TempDir()
	if err := os.CopyFS(twin, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCLI(t, "", "--data", dir, "report", "--csv")
	ttyCode, ttyOut, ttyErr, _ := runTTY(t, "--data", dir, "report", "--csv")
	if code != 0 || strings.Count(out, "\n") != 4 {
		t.Fatalf("report: %d %q %q", code, out, errOut)
	}
	sameOutput(t, "report", code, ttyCode, out, ttyOut, errOut, ttyErr)
	if !strings.Contains(ttyErr, "\rreport 3/3") {
		t.Errorf("report: no last frame: %q", ttyErr)
	}

	cam := writePhotos(t)
	photos := []string{filepath.Join(cam, "IMG_0001.JPG"), filepath.Join(cam, "tacho.png")}
	code, out, errOut = runCLI(t, "", append([]string{"--data", dir, "attach", draft, "--finding", "1"}, photos...)...)
	ttyCode, ttyOut, ttyErr, _ = runTTY(t, append([]string{"--data", twin, "attach", draft, "--finding", "1"}, photos...)...)
	if code != 0 || strings.Count(out, "attached ") != 2 {
		t.Fatalf("attach: %d %q %q", code, out, errOut)
	}
	sameOutput(t, "attach", code, ttyCode, out, ttyOut, errOut, ttyErr)
	if !strings.Contains(ttyErr, "\rattach 2/2") || !strings.Contains(ttyErr, "  tacho.png\x1b[K") {
		t.Errorf("attach: no last frame: %q", ttyErr)
	}

	srv := s3test.Start(t, "returns")
	for _, d := range []string{dir, twin} { // the same device key in both
		os.MkdirAll(filepath.Join(d, "profiles"), 0o700)
		os.WriteFile(filepath.Join(d, "profiles", "nord.json"), []byte(leasingNord), 0o600)
	}
	code, out, errOut = runCLI(t, "", "--data", dir, "publish", "--to", "s3://returns/a", "--endpoint", srv.Endpoint)
	ttyCode, ttyOut, ttyErr, _ = runTTY(t, "--data", twin, "publish", "--to", "s3://returns/b", "--endpoint", srv.Endpoint)
	if code != 0 || !strings.HasPrefix(out, "published leasing-nord@1") {
		t.Fatalf("publish: %d %q %q", code, out, errOut)
	}
	sameOutput(t, "publish", code, ttyCode, out, ttyOut, errOut, ttyErr)
	if !strings.Contains(ttyErr, "\rpublish 1/1") {
		t.Errorf("publish: no last frame: %q", ttyErr)
	}
}

func TestInterruptibleOnlyWithALiveLine(t *testing.T) {
	if interruptible(progress.None) != progress.None {
		t.Error("without a live line ctrl+c must stay as it was")
	}
	var buf bytes.Buffer
	r := interruptible(progress.NewTerm(&buf, "check", 80, time.Now))
	if _, ok := r.(*watched); !ok {
		t.Fatalf("a live line is not watched for ctrl+c: %T", r)
	}
	r.Start(1)
	r.Done()
	r.Done() // stops listening once
}
