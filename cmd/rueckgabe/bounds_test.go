package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file with thousands of problems prints the first hundred and how many
// more there are, in quote and in import alike.
func TestProblemLinesAreBounded(t *testing.T) {
	in := `{"findings": [` + strings.Repeat("{},", 499) + `{}]}`
	file := filepath.Join(t.TempDir(), "viele.json")
	if err := os.WriteFile(file, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, in, "quote", "-")
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if code != 2 || out != "" || len(lines) != maxProblemLines+1 || !strings.HasPrefix(lines[maxProblemLines], "… und ") || !strings.Contains(lines[maxProblemLines], " more problems") {
		t.Fatalf("quote: exit %d, %d lines, last %q", code, len(lines), lines[len(lines)-1])
	}
	code, _, errOut = runCLI(t, "", "--data", t.TempDir(), "import", file)
	lines = strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if last := lines[len(lines)-1]; code != 2 || len(lines) != maxProblemLines+1 || !strings.HasPrefix(last, file+": … und ") {
		t.Fatalf("import: exit %d, %d lines, last %q", code, len(lines), last)
	}
	// with --json every problem is listed, one item each
	code, out, _ = runCLI(t, "", "--data", t.TempDir(), "import", "--json", file)
	if code != 2 || strings.Count(out, `"path"`) <= maxProblemLines {
		t.Fatalf("import --json: exit %d, %d problems", code, strings.Count(out, `"path"`))
	}
	// a few problems: all of them, and no "more" line
	code, _, errOut = runCLI(t, `{"findings": [{}]}`, "quote", "-")
	if code != 2 || strings.Contains(errOut, "more problems") {
		t.Fatalf("quote of a few: exit %d, %q", code, errOut)
	}
}

// A stream longer than a protocol may be says so without a size it never
// learnt (it read 16 MiB and 2 bytes of it).
func TestQuoteOversizeStreamSaysLargerThan(t *testing.T) {
	code, _, errOut := runCLI(t, strings.Repeat(" ", 20<<20), "quote", "-")
	if want := "(file): is larger than 8388608 bytes (a protocol file is at most 8 MiB)\n"; code != 2 || errOut != want {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}
