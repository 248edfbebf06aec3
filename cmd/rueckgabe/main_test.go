package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// runCLI runs the binary's entry point in-process.
func runCLI(t testing.TB, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestQuoteSpecExample(t *testing.T) {
	code, out, errOut := runCLI(t, "", "quote", "../../testdata/spec-example.json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var q struct {
		AgeMonths int `json:"age_months"`
		Findings  []struct {
			Cost, Percent, Charged, Deduction, Basis string
		}
		Km struct {
			BillableKm int64  `json:"billable_km"`
			Rate       string `json:"rate"`
			Amount     string `json:"amount"`
		}
		Late struct {
			Days   int64
			Amount string
		}
		Net, VAT, Gross string
	}
	if err := json.Unmarshal([]byte(out), &q); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if q.AgeMonths != 36 || q.Findings[0].Charged != "130.69" || q.Findings[0].Basis != "override" ||
		q.Km.BillableKm != 2501 || q.Km.Amount != "212.59" || q.Late.Days != 3 || q.Late.Amount != "34.99" ||
		q.Net != "428.27" || q.VAT != "56.54" || q.Gross != "484.81" { // damages not taxable (RULES.md §6)
		t.Errorf("quote = %+v", q)
	}
}

func TestQuoteFromStdin(t *testing.T) {
	data, err := os.ReadFile("../../testdata/spec-example.json")
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, string(data), "quote", "-")
	if code != 0 || !strings.Contains(out, `"gross": "484.81"`) {
		t.Errorf("exit %d: %s", code, out)
	}
}

func TestQuoteInvalidInput(t *testing.T) {
	code, out, errOut := runCLI(t, "", "quote", "testdata/invalid.json")
	if code != 2 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	want := []string{
		`findings[2].costs.parts: "12,5x" is not an amount (use "12.50")`,
		`vehicle.vin: has 16 characters, a VIN has 17`,
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != len(want) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(lines), len(want), errOut)
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d = %q, want %q", i, lines[i], w)
		}
	}
}

func TestQuoteHostileInputNeverPanics(t *testing.T) {
	for _, in := range []string{"", "null", "\x00\x01", `{"findings": [null, 1, "x", {"costs": []}]}`, strings.Repeat("[", 100000)} {
		code, out, errOut := runCLI(t, in, "quote", "-")
		if code != 2 || out != "" || strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "internal error") {
			t.Errorf("input %.20q: exit %d, stdout %q, stderr %q", in, code, out, errOut)
		}
	}
}

func TestQuoteMissingFile(t *testing.T) {
	code, _, errOut := runCLI(t, "", "quote", "does-not-exist.json")
	_, notThere := os.Stat("does-not-exist.json") // the system's words for it
	if code != 2 || errOut != "does-not-exist.json: cannot read: "+unwrapPath(notThere).Error()+"\n" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestHelpVersionAndUsageErrors(t *testing.T) {
	if code, out, _ := runCLI(t, "", "--version"); code != 0 || !strings.HasPrefix(out, "rueckgabe "+readBuildInfo().Version+"\n") {
		t.Errorf("--version: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, "", "--help"); code != 0 || !strings.Contains(out, "quote") || !strings.Contains(out, "--data") {
		t.Errorf("--help: %d %q", code, out)
	}
	if code, _, errOut := runCLI(t, "", "quote"); code != 2 || !strings.Contains(errOut, "accepts 1 arg") {
		t.Errorf("quote without file: %d %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "--frobnicate"); code != 2 || !strings.Contains(errOut, "unknown flag") {
		t.Errorf("unknown flag: %d %q", code, errOut)
	}
}

// The README shows quote's output for the spec example as it is.
func TestREADMEShowsQuoteAsItIs(t *testing.T) {
	code, out, _ := runCLI(t, "", "quote", "../../testdata/spec-example.json")
	readme, err := os.ReadFile("../../README.md")
	if err != nil || code != 0 {
		t.Fatal(err, code)
	}
	if !strings.Contains(string(readme), "```json\n"+out+"```") {
		t.Error("README.md's quote example differs from what quote prints (copy it from go run ./cmd/rueckgabe quote testdata/spec-example.json)")
	}
}

// Started from Explorer (a double-click, a shortcut) the program must open
// its TUI, not print cobra's "This is a command line tool" and exit: cobra
// skips its mousetrap only when the help text is empty.
func TestMousetrapIsDisabled(t *testing.T) {
	if cobra.MousetrapHelpText != "" {
		t.Errorf("cobra.MousetrapHelpText = %q, want empty so a double-click opens the TUI", cobra.MousetrapHelpText)
	}
}

// --help names the data directory as resolved on this computer.
func TestHelpShowsTheDataDirectory(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	want := filepath.Join(xdg, "rueckgabe")
	if code, out, _ := runCLI(t, "", "--help"); code != 0 || !strings.Contains(out, "(Standard: "+want+")") {
		t.Errorf("--help does not name %s: %d\n%s", want, code, out)
	}
}
