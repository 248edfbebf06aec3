package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"text/template"

	"github.com/spf13/cobra"
)

// usageTemplateDE is the usage template the program used until usageDE
// replaced it (issue 26: executing it was about 1 of the 8 ms CPU of `rueckgabe --help`):
// cobra's own template (command.go) in German. It stays here as the
// reference usageDE must write byte for byte.
const usageTemplateDE = `Aufruf:{{if .Runnable}}
  {{useLineDE .}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [Befehl]{{end}}{{if gt (len .Aliases) 0}}

Auch:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Beispiele:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Befehle:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Optionen:
{{.LocalFlags.FlagUsages | defaultDE | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Optionen für alle Befehle:
{{.InheritedFlags.FlagUsages | defaultDE | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

"{{.CommandPath}} [Befehl] --help" zeigt die Hilfe zu einem Befehl.{{end}}
`

// templateUsage is what usageTemplateDE writes for c, with cobra's template
// functions and the two of the program.
func templateUsage(t *testing.T, c *cobra.Command) string {
	t.Helper()
	tp := template.New("usage").Funcs(template.FuncMap{
		"useLineDE": func(c *cobra.Command) string { return strings.Replace(c.UseLine(), "[flags]", "[Optionen]", 1) },
		"defaultDE": func(s string) string { return strings.ReplaceAll(s, " (default ", " (Standard: ") },
		"rpad":      func(s string, n int) string { return (s + strings.Repeat(" ", max(n-len([]rune(s)), 0))) },
		"trimTrailingWhitespaces": func(s string) string {
			return strings.TrimRight(s, " \t\n\r\v\f\u0085\u00a0")
		},
	})
	template.Must(tp.Parse(usageTemplateDE))
	var b bytes.Buffer
	if err := tp.Execute(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestUsageDEIsTheTemplate: the usage every command prints (its --help, and
// after a wrong command line) is what the template wrote, byte for byte —
// for every command of the program and for one with aliases and examples,
// which no command has today.
func TestUsageDEIsTheTemplate(t *testing.T) {
	a := newApp(strings.NewReader(""), io.Discard, io.Discard)
	extra := &cobra.Command{Use: "probe ID", Aliases: []string{"p", "pr"}, Example: "  rueckgabe probe 1\n  rueckgabe probe 2",
		Short: "nur im Test", Run: func(*cobra.Command, []string) {}}
	extra.Flags().Int("anzahl", 3, "wie viele")
	extra.Flags().Bool("still", false, "leise")
	a.root.AddCommand(extra)
	extra.InitDefaultHelpFlag()
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		n++
		// each command's own help flag, given when it is run (as `rueckgabe
		// PATH …` does), German, marked as cobra's (completion)
		if c != extra {
			helpFlagFor(a.root, append(strings.Fields(c.CommandPath())[1:], "--data", "x", "--help"))
		}
		if h := c.Flags().Lookup("help"); c != extra && (h == nil || h.Shorthand != "h" || h.Usage != "Hilfe zu "+c.CommandPath() ||
			len(h.Annotations[cobra.FlagSetByCobraAnnotation]) != 1) {
			t.Errorf("%s: help flag %+v", c.CommandPath(), h)
		}
		want := templateUsage(t, c)
		if got := c.UsageString(); got != want {
			t.Errorf("%s: usage differs from the template\n got: %q\nwant: %q", c.CommandPath(), got, want)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(a.root)
	if n < 30 {
		t.Fatalf("only %d commands walked", n)
	}
	// and the whole help of the program as a user sees it
	var out bytes.Buffer
	b := newApp(strings.NewReader(""), &out, io.Discard)
	if code := b.execute([]string{"--help"}); code != exitOK {
		t.Fatalf("--help: exit %d", code)
	}
	if want := b.root.Long + "\n\n" + templateUsage(t, b.root); out.String() != want {
		t.Errorf("--help:\n got: %q\nwant: %q", out.String(), want)
	}
}

// The help flag is given to the command a run names, and only to it: in its
// usage (as --help and `help COMMAND` show it) and in completion, in German.
func TestHelpFlagOfTheCommandRun(t *testing.T) {
	for _, args := range [][]string{
		{"report", "--help"}, {"--data", "x", "report", "-h"}, {"help", "report"},
	} {
		var out bytes.Buffer
		a := newApp(strings.NewReader(""), &out, io.Discard)
		if code := a.execute(args); code != exitOK {
			t.Fatalf("%q: exit %d", args, code)
		}
		if !strings.Contains(out.String(), "-h, --help") || !strings.Contains(out.String(), "Hilfe zu rueckgabe report") {
			t.Errorf("%q: no German help flag in\n%s", args, out.String())
		}
		if h := a.root.Flags().Lookup("help"); h != nil && args[0] != "help" {
			t.Errorf("%q gave the root a help flag too", args)
		}
	}
	var out bytes.Buffer
	a := newApp(strings.NewReader(""), &out, io.Discard)
	if code := a.execute([]string{"__complete", "report", "--"}); code != exitOK {
		t.Fatalf("__complete: exit %d", code)
	}
	if !strings.Contains(out.String(), "--help\tHilfe zu rueckgabe report") {
		t.Errorf("completion of report's flags:\n%s", out.String())
	}
}
