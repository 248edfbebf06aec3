package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/internal/progress"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
	"rueckgabe/tui"
)

// app carries what every command needs: the streams, global flags, the rules.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dataDir        string // --data
	passFile       string // --passphrase-file
	resolved       string // the default data directory, once resolved
	root           *cobra.Command
	profiles       *catalog.Registry // loaded by registry()
	trust          *seal.Trust       // the trust store last loaded: names a revoked key in verifyError
	// progress gives a long command its live line on stderr (None unless
	// stderr is a terminal that wants it); tests replace it
	progress func(label string) progress.Reporter
	// terminal, when set, says whether standard output is a terminal
	// (tests; else asked of the file)
	terminal func() bool
}

// exitError carries an exit status out of a command; its message is already printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func newApp(stdin io.Reader, stdout, stderr io.Writer) *app {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	a.progress = func(label string) progress.Reporter { return interruptible(progress.For(a.stderr, label)) }
	build := readBuildInfo()
	root := &cobra.Command{
		Use:   "rueckgabe",
		Short: "Fahrzeugrücknahme: Rücknahmeprotokolle für Leasingfahrzeuge",
		Long: `rueckgabe prüft zurückgegebene Leasingfahrzeuge nach dem Schadenkatalog des
Leasinggebers, bewertet Minderwerte, Mehr-/Minderkilometer und Gebühren und
speichert das Rücknahmeprotokoll offline.

Ohne Argumente startet die Bedienoberfläche im Terminal.`,
		Version:       build.Version,
		Annotations:   map[string]string{"version": build.String()},
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runTUI(cmd)
		},
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate(`{{index .Annotations "version"}}`) // version, commit, date, Go
	root.PersistentFlags().StringVar(&a.dataDir, "data", "", "Datenverzeichnis des Speichers (Standard: "+defaultDirHelp()+")")
	root.PersistentFlags().StringVar(&a.passFile, "passphrase-file", "", "Passphrase des Geräteschlüssels aus dieser Datei (seal, publish; sonst im Terminal gefragt)")
	root.AddCommand(a.quoteCmd(), a.importCmd(), a.listCmd(), a.exportCmd(), a.checkCmd(), a.backupCmd(), a.compactCmd(),
		a.sealCmd(), a.verifyCmd(), a.keyCmd(), a.amendCmd(), a.attachCmd(), a.detachCmd(), a.syncCmd(), a.inboxCmd(), a.publishCmd(), a.reportCmd(), a.trustCmd(), a.profilesCmd(), a.deviceCmd())
	german(root)
	a.completions(root)
	a.root = root
	return a
}

// defaultDirHelp names the default data directory for --help, as resolved
// on this computer (without moving anything).
func defaultDirHelp() string {
	d, err := store.DefaultDir()
	if err != nil {
		return "keins gefunden, --data angeben / none found, give --data"
	}
	return d
}

func (a *app) execute(args []string) int {
	a.root.SetArgs(args)
	helpFlagFor(a.root, args)
	err := a.root.Execute()
	var ex exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ex):
		return ex.code
	default:
		// cobra's own errors: unknown command or flag, wrong argument count
		a.say(a.stderr, "rueckgabe: %s (siehe / see 'rueckgabe --help')", cobraError(a.root, err))
		return exitInvalid
	}
}

// fail prints one line and returns the error that ends the command with code.
func (a *app) fail(code int, format string, args ...any) error {
	a.say(a.stderr, format, args...)
	return exitError{code}
}

// say prints one line of human output. Whatever it quotes from a file, the
// store or an error (names, ids, hashes) is stripped of escape sequences,
// controls and bidi overrides first: a file must not drive the terminal.
func (a *app) say(w io.Writer, format string, args ...any) {
	fmt.Fprintln(w, textsafe.Line(fmt.Sprintf(format, args...)))
}

// rules returns the default profile, resolving in the built-in profiles and
// the dealer's own files in the data directory (a protocol names its own).
func (a *app) rules() (*catalog.Rules, error) {
	reg, err := a.registry()
	if err != nil {
		return nil, err
	}
	return reg.Default(), nil
}

// registry loads the profiles once per command.
func (a *app) registry() (*catalog.Registry, error) {
	if a.profiles != nil {
		return a.profiles, nil
	}
	reg, err := catalog.Builtin()
	if err == nil {
		if dir, derr := a.profileDir(); derr == nil {
			reg, err = catalog.LoadDir(dir)
		}
	}
	if err != nil {
		return nil, a.fail(exitFailure, "rueckgabe: built-in rule data is broken: %v", err)
	}
	a.profiles = reg
	return reg, nil
}

// profileDir is the data directory without the error message dir() prints:
// a command that needs no store still finds the dealer's profiles.
func (a *app) profileDir() (string, error) { return a.resolveDir() }

// onTerminal: standard input and output are a terminal, as the TUI needs.
func (a *app) onTerminal() bool {
	for _, f := range []any{a.stdin, a.stdout} {
		file, ok := f.(*os.File)
		if !ok || !term.IsTerminal(file.Fd()) {
			return false
		}
	}
	return true
}

// runTUI starts the terminal UI on the store directory. The profiles are
// parsed meanwhile, beside the store check and while Bubble Tea sets up the
// terminal: the TUI takes them when they are there (or when a key needs
// them), and its first frame does not wait for them (issue 26).
func (a *app) runTUI(_ *cobra.Command) error {
	dir, err := a.dir()
	if err != nil {
		return err
	}
	rules := loadRulesBeside(dir)
	// fail early and clearly if the store cannot be opened (locked, read-only, newer)
	if err := store.Probe(dir); err != nil { // without waiting for the rules

		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	if !a.onTerminal() { // after the store: a damaged store is said first
		// Bubble Tea would fail on a pipe or /dev/null with a message about
		// epoll; say what is needed and what works without a terminal
		a.say(a.stderr, "rueckgabe: die Bedienoberfläche braucht ein Terminal (Ein- und Ausgabe) / the interactive app needs a terminal")
		a.say(a.stderr, "ohne Terminal / without one: rueckgabe list, quote, import, export, seal, verify, attach, report, sync, check, backup … (rueckgabe --help)")
		return exitError{exitInvalid}
	}
	m := tui.New(tui.Options{Dir: dir, Device: loadConfig(dir).Device, LoadRules: rules})
	if _, err := tea.NewProgram(m, tea.WithInput(a.stdin), tea.WithOutput(a.stdout)).Run(); err != nil {
		if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrProgramPanic) {
			// a signal from outside (kill -INT, the terminal closed), not ctrl+c in the app
			return a.fail(exitFailure, "rueckgabe: von außen beendet; was „● gespeichert“ zeigte, ist gespeichert / ended from outside; what showed \"● gespeichert\" is stored")
		}
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	if err := m.RulesErr(); err != nil {
		return a.fail(exitFailure, "rueckgabe: built-in rule data is broken: %v", err)
	}
	if crashed, report := m.Crash(); crashed {
		if report == "" {
			return a.fail(exitFailure, "rueckgabe: interner Fehler; der Bericht konnte nicht geschrieben werden / internal error; no report could be written")
		}
		return a.fail(exitFailure, "rueckgabe: interner Fehler, Bericht: %s / internal error, report: %s", textsafe.Line(report), textsafe.Line(report))
	}
	return nil
}

// loadRulesBeside starts reading the profiles of dir (the built-in ones and
// the dealer's files, as registry does) on a goroutine of their own and
// returns the wait for them.
func loadRulesBeside(dir string) func() (*catalog.Rules, error) {
	type result struct {
		r   *catalog.Rules
		err error
	}
	done := make(chan result, 1)
	go func() {
		reg, err := catalog.LoadDir(dir)
		if err != nil {
			done <- result{err: err}
			return
		}
		done <- result{r: reg.Default()}
	}()
	return sync.OnceValues(func() (*catalog.Rules, error) {
		res := <-done
		return res.r, res.err
	})
}
