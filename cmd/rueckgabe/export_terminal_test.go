package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestBinaryExportsRefuseTheTerminal: a PDF or an archive to standard
// output is refused when that is a terminal — 40 KB of PDF bytes, escape
// sequences among them, garbled the console (an outside tester) — and
// written when it is a pipe or a file.
func TestBinaryExportsRefuseTheTerminal(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, "", "--data", dir, "import", "../../testdata/full-example.json")
	if code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	id := strings.Fields(out)[1]
	for _, tc := range []struct {
		args     []string
		terminal bool
		code     int
	}{
		{[]string{"export", id, "--format", "pdf"}, true, exitInvalid},
		{[]string{"export", id, "--format", "pdf", "-o", "-"}, true, exitInvalid},
		{[]string{"export", id, "--format", "pdf"}, false, 0},
		{[]string{"export", id, "--format", "json"}, true, 0},
	} {
		var stdout, stderr bytes.Buffer
		a := newApp(strings.NewReader(""), &stdout, &stderr)
		a.terminal = func() bool { return tc.terminal }
		got := a.execute(append([]string{"--data", dir}, tc.args...))
		if got != tc.code {
			t.Errorf("%v on a terminal %v: exit %d, want %d; %s", tc.args, tc.terminal, got, tc.code, stderr.String())
		}
		if tc.code != 0 && (stdout.Len() > 0 || !strings.Contains(stderr.String(), "nicht ins Terminal")) {
			t.Errorf("%v: %d bytes on stdout, stderr %q", tc.args, stdout.Len(), stderr.String())
		}
		if tc.code == 0 && tc.args[3] == "pdf" && !bytes.HasPrefix(stdout.Bytes(), []byte("%PDF-")) {
			t.Errorf("%v into a pipe: not a PDF", tc.args)
		}
	}
}
