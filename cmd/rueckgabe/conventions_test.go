package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	bolt "go.etcd.io/bbolt"
)

// every command's help is in German: cobra's own words (Usage, Flags,
// Global Flags, "help for …", "[flags]") are replaced everywhere.
func TestEveryHelpIsGerman(t *testing.T) {
	a := newApp(strings.NewReader(""), io.Discard, io.Discard)
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, s := range c.Commands() {
			walk(s, append(append([]string{}, path...), s.Name()))
		}
	}
	walk(a.root, nil)
	if len(paths) < 25 {
		t.Fatalf("only %d commands walked", len(paths))
	}
	for _, p := range paths {
		code, out, errOut := runCLI(t, "", append(p, "--help")...)
		if code != 0 {
			t.Fatalf("%v --help: exit %d %s", p, code, errOut)
		}
		for _, en := range []string{"Usage:", "Flags:", "Global Flags", "help for ", "[flags]", "Available Commands", "for more information", "Generate the autocompletion"} {
			if strings.Contains(out, en) {
				t.Errorf("%v --help has %q:\n%s", p, en, out)
			}
		}
		if !strings.Contains(out, "Aufruf:") || !strings.Contains(out, "Hilfe zu ") {
			t.Errorf("%v --help is not the German template:\n%s", p, out)
		}
	}
}

func TestCobraErrorsSayItInGerman(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"syn"}, []string{`unbekannter Befehl "syn"`, "Meinten Sie: sync?", "unknown command"}},
		{[]string{"hlep"}, []string{"Meinten Sie: help?"}},
		{[]string{"help", "hlep"}, []string{`unbekannter Befehl "hlep"`}},
		{[]string{"completion", "tcsh"}, []string{`unbekannter Befehl "tcsh" für "rueckgabe completion"`}},
		{[]string{"quote"}, []string{"erwartet 1 Argument(e), bekam 0", "accepts 1 arg"}},
		{[]string{"--frobnicate"}, []string{"unbekannte Option --frobnicate", "unknown flag"}},
		{[]string{"list", "--status"}, []string{"Option braucht einen Wert: --status"}},
		{[]string{"attach", "x"}, []string{"braucht mindestens 2 Argument(e), bekam 1"}},
	} {
		code, _, errOut := runCLI(t, "", c.args...)
		if code != exitInvalid {
			t.Errorf("%v: exit %d", c.args, code)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: %q lacks %q", c.args, errOut, w)
			}
		}
	}
}

// A flag's default is said in German too.
func TestFlagDefaultsInGerman(t *testing.T) {
	code, out, _ := runCLI(t, "", "export", "--help")
	if code != 0 || !strings.Contains(out, `(Standard: "json")`) || strings.Contains(out, "(default ") {
		t.Errorf("export --help: %d\n%s", code, out)
	}
}

func TestShellCompletionOffersIDsAndValues(t *testing.T) {
	dir := t.TempDir()
	id := importComplete(t, dir, false)
	complete := func(args ...string) []string {
		t.Helper()
		code, out, errOut := runCLI(t, "", append([]string{"--data", dir, "__complete"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d %s", args, code, errOut)
		}
		var vals []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if !strings.HasPrefix(l, ":") {
				vals = append(vals, strings.SplitN(l, "\t", 2)[0])
			}
		}
		return vals
	}
	for _, cmd := range []string{"seal", "export", "amend", "attach", "detach"} {
		if got := complete(cmd, ""); len(got) != 1 || got[0] != id {
			t.Errorf("%s: %v, want [%s]", cmd, got, id)
		}
	}
	if got := complete("seal", "zzz"); len(got) != 0 {
		t.Errorf("prefix not applied: %v", got)
	}
	if got := strings.Join(complete("export", "--format", ""), ","); got != "json,bundle,pdf,archive" {
		t.Errorf("export --format: %s", got)
	}
	if got := strings.Join(complete("list", "--status", ""), ","); got != "draft,sealed,exported" {
		t.Errorf("list --status: %s", got)
	}
	if got := strings.Join(complete("trust", "add", "--role", ""), ","); got != "device,publisher" {
		t.Errorf("trust add --role: %s", got)
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		code, out, _ := runCLI(t, "", "completion", sh)
		if code != 0 || !strings.Contains(out, "rueckgabe") || len(out) < 1000 {
			t.Errorf("completion %s: exit %d, %d bytes", sh, code, len(out))
		}
	}
}

// "-" is standard output for backup and the archive, standard input for a
// trusted key — into a pipe; a terminal is refused (binaryStdout).
func TestDashMeansStdinAndStdout(t *testing.T) {
	dir := t.TempDir()
	importComplete(t, dir, false)
	code, out, errOut := runCLI(t, "", "--data", dir, "backup", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("backup -: exit %d %s", code, errOut)
	}
	file := filepath.Join(t.TempDir(), "b.db")
	if code, _, errOut := runCLI(t, "", "--data", dir, "backup", file); code != 0 {
		t.Fatal(errOut)
	}
	if want, _ := os.ReadFile(file); !bytes.Equal([]byte(out), want) {
		t.Fatalf("backup - gave %d bytes, backup FILE %d", len(out), len(want))
	}
	if _, err := os.Stat(filepath.Join(".", "-")); err == nil {
		t.Fatal(`backup - created a file named "-"`)
	}
	piped := filepath.Join(t.TempDir(), "piped.db")
	os.WriteFile(piped, []byte(out), 0o600)
	db, err := bolt.Open(piped, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the streamed backup is no store: %v", err)
	}
	db.Close()

	_, keyFile, _ := sealedBundle(t)
	pem, _ := os.ReadFile(keyFile) // rueckgabe key | rueckgabe trust add -
	other := t.TempDir()
	if code, out, errOut := runCLI(t, string(pem), "--data", other, "trust", "add", "-", "--name", "Gerät 3"); code != 0 {
		t.Fatalf("trust add -: exit %d %s %s", code, out, errOut)
	}
	_, list, _ := runCLI(t, "", "--data", other, "trust", "list", "--json")
	var keys []trustItem
	if err := json.Unmarshal([]byte(list), &keys); err != nil || len(keys) != 1 || keys[0].Name != "Gerät 3" || keys[0].Role != "device" {
		t.Fatalf("trust list --json: %v %s", err, list)
	}
}

func TestArchiveToAPipe(t *testing.T) {
	dir := t.TempDir()
	id := importComplete(t, dir, true)
	if code, _, errOut := runCLI(t, "", "--data", dir, "seal", id); code != 0 {
		t.Fatal(errOut)
	}
	file := filepath.Join(t.TempDir(), "a.zip")
	if code, _, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "archive", "-o", file); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "archive", "-o", "-")
	if code != 0 {
		t.Fatalf("-o -: exit %d %s", code, errOut)
	}
	if want, _ := os.ReadFile(file); !bytes.Equal([]byte(out), want) {
		t.Fatalf("archive to the pipe differs from the file (%d vs %d bytes)", len(out), len(want))
	}
}

func TestBinaryOutputIsRefusedOnATerminal(t *testing.T) {
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no terminal here")
	}
	defer tty.Close()
	a := newApp(strings.NewReader(""), tty, io.Discard)
	if _, err := a.binaryStdout("backup -"); err == nil {
		t.Fatal("a store backup would be written to the terminal")
	}
}

func TestReportingCommandsSpeakJSON(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", "--data", dir, "device", "--inspector", "Max Prüfer", "--dealership", "Autohaus\u202e Nord"); code != 0 {
		t.Fatal(errOut)
	}
	_, out, _ := runCLI(t, "", "--data", dir, "device", "--json")
	var dev struct{ Inspector, Dealership string }
	if err := json.Unmarshal([]byte(out), &dev); err != nil || dev.Inspector != "Max Prüfer" || dev.Dealership != "Autohaus\u202e Nord" {
		t.Fatalf("device --json: %v %s", err, out)
	}
	if strings.Contains(out, "\u202e") {
		t.Fatal("a bidi override reached the terminal raw")
	}
	id := importComplete(t, dir, false) // unsigned: seal says what is missing
	code, out, _ := runCLI(t, "", "--data", dir, "seal", id, "--json")
	var res sealResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitInvalid || res.Sealed || len(res.Missing) == 0 {
		t.Fatalf("seal --json incomplete: exit %d %v %s", code, err, out)
	}
	id = importComplete(t, dir, true)
	code, out, _ = runCLI(t, "", "--data", dir, "seal", id, "--json")
	res = sealResult{}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || !res.Sealed || res.Seal == nil || len(res.Seal.Hash) != 64 {
		t.Fatalf("seal --json: exit %d %v %s", code, err, out)
	}
}

// -o never names one of the data directory's own files (the key, the
// store, the settings; in any case of letters), and export --pending -o -
// makes no folder named "-" nor marks anything exported: each is refused
// with exit 2 and the file left as it was. Another name in the same folder
// is written.
func TestOutputNeverReplacesTheDataDirectorysOwnFiles(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "", "--data", dir, "import", "../../testdata/full-example.json"); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	own := map[string][]byte{}
	for _, name := range []string{"device.json", "rueckgabe.db"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil && name != "device.json" {
			t.Fatal(err)
		}
		own[name] = b
	}
	_ = os.WriteFile(filepath.Join(dir, "device-key.pem"), []byte("KEY"), 0o600)
	own["device-key.pem"] = []byte("KEY")
	_, list, _ := runCLI(t, "", "--data", dir, "list", "--json")
	m := regexp.MustCompile(`"id": "([^"]+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatalf("no id in %s", list)
	}
	for _, args := range [][]string{
		{"backup", filepath.Join(dir, "device-key.pem")},
		{"backup", filepath.Join(dir, "rueckgabe.db")},
		{"report", "-o", filepath.Join(dir, "rueckgabe.db")},
		{"report", "-o", filepath.Join(dir, "device.json")},
		{"export", m[1], "--format", "pdf", "-o", filepath.Join(dir, "DEVICE-KEY.PEM")},
		{"report", "-o", filepath.Join(dir, "device.json. ")}, // Windows drops trailing dots and spaces
		{"report", "-o", filepath.Join(dir, "profiles", "evil.json")},
		{"report", "-o", filepath.Join(dir, "Photos", "ab", "x")},
		{"export", "--pending", "-o", dir},
		{"export", "--pending", "-o", filepath.Join(dir, "profiles")},
	} {
		_ = os.MkdirAll(filepath.Join(dir, "profiles"), 0o700)
		_ = os.MkdirAll(filepath.Join(dir, "Photos", "ab"), 0o700)
		code, _, errOut := runCLI(t, "", append([]string{"--data", dir}, args...)...)
		if code != 2 || !strings.Contains(errOut, "nicht überschreibbar") && !strings.Contains(errOut, "nicht ins Datenverzeichnis") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	for name, want := range own {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != string(want) {
			t.Errorf("%s was changed", name)
		}
	}
	if code, _, errOut := runCLI(t, "", "--data", dir, "report", "-o", filepath.Join(dir, "report.csv")); code != 0 {
		t.Errorf("a report beside the store: %d %s", code, errOut)
	}
	wd := t.TempDir()
	t.Chdir(wd)
	code, _, errOut := runCLI(t, "", "--data", dir, "export", "--pending", "-o", "-")
	if code != 2 {
		t.Errorf("export --pending -o -: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(wd, "-")); err == nil {
		t.Error("a folder named - was made")
	}
}
