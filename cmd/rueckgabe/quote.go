package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"rueckgabe/inspection"
	"rueckgabe/internal/textfile"
)

func (a *app) quoteCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "quote FILE|-",
		Short: "Protokoll-JSON bewerten, ohne es zu speichern",
		Long: `quote liest ein Protokoll im Austauschformat (Datei oder - für stdin), prüft es
und gibt die Bewertung als JSON aus: Minderwert je Befund mit Grundlage,
Mehr-/Minderkilometer, verspätete Rückgabe, Gebühren, netto, MwSt., brutto.

Bei fehlerhafter Eingabe: Exit-Status 2 und eine Zeile je Problem auf stderr.`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.quote(args[0])
		},
	}
}

func (a *app) quote(name string) error {
	data, err := a.readInput(name)
	if err != nil {
		return err
	}
	rules, err := a.rules()
	if err != nil {
		return err
	}
	p, problems := inspection.Decode(data, rules)
	if len(problems) > 0 {
		a.sayProblems("", problems)
		return exitError{exitInvalid}
	}
	v := inspection.Value(p, rules)
	out, err := inspection.QuoteJSON(p, &v)
	if err != nil {
		return a.fail(exitFailure, "rueckgabe quote: %v", err)
	}
	return a.writeJSON("", append(out, '\n'))
}

// maxProblemLines bounds the problem lines quote and import print for one
// file: a broken file may have thousands, and the first hundred say what
// is wrong.
const maxProblemLines = 100

// sayProblems prints each problem on stderr, after prefix ("FILE: " or ""),
// at most maxProblemLines of them and then how many more there are.
func (a *app) sayProblems(prefix string, probs inspection.Problems) {
	for i, pr := range probs {
		if i == maxProblemLines {
			a.say(a.stderr, "%s… und %d weitere Probleme / … and %d more problems", prefix, len(probs)-i, len(probs)-i)
			return
		}
		a.say(a.stderr, "%s%s", prefix, pr)
	}
}

// readInput reads a file, or stdin for "-", bounded like any protocol, as
// UTF-8 (UTF-16 and a byte order mark decoded: package textfile).
func (a *app) readInput(name string) ([]byte, error) {
	data, err := readInputFrom(a.stdin, name)
	if err != nil {
		return nil, a.fail(exitInvalid, "%s: %v", name, err)
	}
	return data, nil
}

// readInputFrom is readInput without the message: its error says "cannot
// read: …" and leaves naming the file to the caller.
func readInputFrom(stdin io.Reader, name string) ([]byte, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("cannot read: %v", unwrapPath(err))
		}
		defer f.Close()
		r = f
	}
	// UTF-16 (PowerShell's >) takes up to twice the bytes of its UTF-8:
	// the bound applies to the text as decoded
	data, err := io.ReadAll(io.LimitReader(r, 2*(inspection.MaxProtocolBytes+1)))
	if err == nil {
		data, err = textfile.Decode(data)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	return data, nil
}

// unwrapPath drops the path from an *os.PathError, which the caller already names.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
