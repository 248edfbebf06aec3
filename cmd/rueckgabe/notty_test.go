package main

import (
	"os"
	"strings"
	"testing"
)

// Issue 23: without a terminal (rueckgabe </dev/null, in a pipe) the app
// says in words that it needs one and which commands work without, instead
// of Bubble Tea's "could not create cancelable reader: add reader to epoll
// interest list".
func TestTUIWithoutATerminalSaysSo(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	var out, errOut strings.Builder
	code := run([]string{"--data", t.TempDir()}, null, &out, &errOut)
	if code != exitInvalid {
		t.Errorf("exit %d, want %d", code, exitInvalid)
	}
	for _, want := range []string{"braucht ein Terminal", "needs a terminal", "rueckgabe list, quote", "rueckgabe --help"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
	if strings.Contains(errOut.String(), "epoll") || out.Len() > 0 {
		t.Errorf("stdout %q, stderr %q", out.String(), errOut.String())
	}
	code, _, stderr := runCLI(t, "", "--data", t.TempDir()) // a pipe, not a file: the same
	if code != exitInvalid || !strings.Contains(stderr, "braucht ein Terminal") {
		t.Errorf("from a pipe: exit %d, stderr %q", code, stderr)
	}
}
