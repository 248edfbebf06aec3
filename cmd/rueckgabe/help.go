package main

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/spf13/cobra"
)

// usageDE writes cobra's usage in German, with the same structure as its own
// (command.go defaultUsageFunc). It is Go, not a template: cobra parses and
// executes a usage template on every --help, which was about 1 of the 8 ms CPU
// `rueckgabe --help` took (issue 26). TestUsageDEIsTheTemplate checks it
// against the template it replaces, for every command.
func usageDE(c *cobra.Command) error {
	var b strings.Builder
	b.WriteString("Aufruf:")
	if c.Runnable() {
		b.WriteString("\n  " + strings.Replace(c.UseLine(), "[flags]", "[Optionen]", 1))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n  " + c.CommandPath() + " [Befehl]")
	}
	if len(c.Aliases) > 0 {
		b.WriteString("\n\nAuch:\n  " + c.NameAndAliases())
	}
	if c.HasExample() {
		b.WriteString("\n\nBeispiele:\n" + c.Example)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\nBefehle:")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\n\nOptionen:\n" + flagUsagesDE(c.LocalFlags().FlagUsages()))
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString("\n\nOptionen für alle Befehle:\n" + flagUsagesDE(c.InheritedFlags().FlagUsages()))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n\"" + c.CommandPath() + " [Befehl] --help\" zeigt die Hilfe zu einem Befehl.")
	}
	b.WriteString("\n")
	_, err := io.WriteString(c.OutOrStderr(), b.String())
	return err
}

// flagUsagesDE is pflag's list of flags with its words for a default in
// German, without the trailing white space.
func flagUsagesDE(s string) string {
	s = strings.ReplaceAll(s, " (default ", " (Standard: ")
	return strings.TrimRightFunc(s, unicode.IsSpace)
}

// german puts cobra's own words into German like the rest of the program:
// the usage template, the help and version flags of every command, the help
// command and the completion command with its shells. Called once the
// command tree is built.
func german(root *cobra.Command) {
	root.SetUsageFunc(usageDE)
	root.SuggestionsMinimumDistance = 2
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.InitDefaultVersionFlag()
	if f := root.Flags().Lookup("version"); f != nil {
		f.Usage = "Version, Commit und Datum dieses Programms"
	}
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Use = "help [Befehl]"
			c.Short = "Hilfe zu einem Befehl"
			c.Long = `help zeigt die Hilfe zu jedem Befehl: rueckgabe help [Befehl …].`
			// an unknown topic is an error (exit 2, "Meinten Sie …?"), not
			// the main help with exit 0 as cobra's help command does
			c.Run = nil
			c.RunE = func(_ *cobra.Command, args []string) error {
				target, rest, err := root.Find(args)
				if err != nil {
					return err
				}
				if target == nil || len(rest) > 0 {
					return fmt.Errorf("unknown command %q for %q", strings.Join(rest, " "), target.CommandPath())
				}
				helpFlag(target)
				return target.Help()
			}
		case "completion":
			germanCompletion(c)
		}
	}
}

// helpFlag gives c the help flag with German words, as cobra's
// InitDefaultHelpFlag would give it English ones (and marked as cobra's, so
// completion treats it as cobra's own), without its merge of every parent's
// persistent flags (no parent has a help flag).
func helpFlag(c *cobra.Command) {
	if c.Flags().Lookup("help") == nil {
		c.Flags().BoolP("help", "h", false, "Hilfe zu "+c.CommandPath())
		_ = c.Flags().SetAnnotation("help", cobra.FlagSetByCobraAnnotation, []string{"true"})
	}
}

// helpFlagFor gives its help flag to the command args run — and, for a
// completion request, to the command it completes: cobra adds one to these
// alone, at its execution, and so do we, before it (giving every command of
// the tree one at every start was a tenth of `rueckgabe --help`, issue 26).
// `help COMMAND` gives COMMAND its own.
func helpFlagFor(root *cobra.Command, args []string) {
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		args = args[1:]
	}
	if c, _, err := root.Find(args); err == nil && c != nil {
		helpFlag(c)
	}
}

// germanCompletion words the completion command and its shells in German;
// what each shell's script is made of stays cobra's.
func germanCompletion(c *cobra.Command) {
	c.Short = "Skript für die Tab-Vervollständigung der Shell (bash, zsh, fish, powershell)"
	c.Long = `completion gibt das Skript aus, mit dem die Shell Befehle, Optionen, Protokoll-IDs und
die Werte von --format und --status per Tab vervollständigt. Die Hilfe jeder Shell sagt, wie
es geladen wird.`
	load := map[string]string{
		"bash":       "  source <(rueckgabe completion bash)\n\nDauerhaft (Linux):\n  rueckgabe completion bash > /etc/bash_completion.d/rueckgabe\n\nBraucht das Paket bash-completion.",
		"zsh":        "  source <(rueckgabe completion zsh)\n\nDauerhaft:\n  rueckgabe completion zsh > \"${fpath[1]}/_rueckgabe\"\n\nBraucht \"autoload -U compinit; compinit\" in ~/.zshrc.",
		"fish":       "  rueckgabe completion fish | source\n\nDauerhaft:\n  rueckgabe completion fish > ~/.config/fish/completions/rueckgabe.fish",
		"powershell": "  rueckgabe completion powershell | Out-String | Invoke-Expression\n\nDauerhaft: dieselbe Zeile in das PowerShell-Profil ($PROFILE) schreiben.",
	}
	// a shell it has no script for is an error (exit 2), not its help
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath())
		}
		return cmd.Help()
	}
	for _, sh := range c.Commands() {
		sh.Short = "Vervollständigung für " + sh.Name()
		sh.Long = fmt.Sprintf("Skript für die Tab-Vervollständigung in %s.\n\nIn der laufenden Sitzung laden:\n%s\n\nNeue Sitzungen nach dem Einrichten öffnen.", sh.Name(), load[sh.Name()])
		if f := sh.Flags().Lookup("no-descriptions"); f != nil {
			f.Usage = "ohne Beschreibungen"
		}
	}
}

// cobraWord is one of cobra's own error messages with its German words.
type cobraWord struct {
	re *regexp.Regexp
	de string
}

// cobraWords are cobra's own error messages, each with its German words; the
// English stays after a slash like in the program's other messages. Compiled
// when an error needs them, not at every start (issue 26).
var cobraWords = sync.OnceValue(func() []cobraWord {
	return []cobraWord{
		{regexp.MustCompile(`^unknown command "(.*)" for "(.*)"`), `unbekannter Befehl "$1" für "$2"`},
		{regexp.MustCompile(`^unknown flag: (.*)`), `unbekannte Option $1`},
		{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (.*)`), `unbekannte Option -$1 in $2`},
		{regexp.MustCompile(`^flag needs an argument: (.*)`), `Option braucht einen Wert: $1`},
		{regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)`), `ungültiger Wert "$1" für $2: $3`},
		{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)`), `erwartet $1 Argument(e), bekam $2`},
		{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)`), `erwartet höchstens $1 Argument(e), bekam $2`},
		{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)`), `erwartet $1 bis $2 Argumente, bekam $3`},
		{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)`), `braucht mindestens $1 Argument(e), bekam $2`},
		{regexp.MustCompile(`^required flag\(s\) (.*) not set`), `Pflichtoption(en) fehlen: $1`},
		{regexp.MustCompile(`^if any flags in the group \[(.*)\] are set none of the others can be; (.*)`), `nur eine der Optionen [$1] zugleich`},
	}
})

var unknownCommand = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^unknown command "(.*)" for "`) })

// cobraError words one of cobra's errors (unknown command or flag, wrong
// argument count) "deutsch / english"; a command close to an unknown one
// ("syn") is suggested: "Meinten Sie: sync?".
func cobraError(root *cobra.Command, err error) string {
	msg := err.Error()
	first, rest, _ := strings.Cut(msg, "\n")
	if m := unknownCommand().FindStringSubmatch(first); m != nil && !strings.Contains(rest, "Did you mean") {
		s := root.SuggestionsFor(m[1])
		if closeTo(m[1], "help") { // cobra never suggests its help command
			s = append(s, "help")
		}
		if len(s) > 0 {
			rest = "Did you mean this?\n\t" + strings.Join(s, "\n\t")
		}
	}
	for _, w := range cobraWords() {
		if w.re.MatchString(first) {
			first = w.re.ReplaceAllString(first, w.de) + " / " + first
			break
		}
	}
	if _, sugg, ok := strings.Cut(rest, "Did you mean this?"); ok {
		if names := strings.Fields(sugg); len(names) > 0 {
			first += " – Meinten Sie: " + strings.Join(names, ", ") + "?"
		}
	}
	return first
}

// closeTo: a is at most two edits (insert, delete, replace) from b, case
// ignored — the distance cobra suggests commands within.
func closeTo(a, b string) bool {
	x, y := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	prev := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur := make([]int, len(y)+1)
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return a != b && prev[len(y)] <= 2
}
