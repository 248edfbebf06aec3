package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/x/term"

	"rueckgabe/seal"
	"rueckgabe/service"
)

// passphrase is where a command gets the device key's passphrase from, in
// this order: --passphrase-file, the environment (seal.EnvPassphraseVar, for
// automation), the terminal (typed without echo; a new one twice). Without
// any of them the key stays locked and the command says how to give one.
func (a *app) passphrase() seal.Passphrase {
	if a.passFile != "" {
		return func(bool, int) (string, error) {
			f, err := os.Open(a.passFile)
			if err != nil {
				return "", fmt.Errorf("--passphrase-file: %w", unwrapPath(err))
			}
			defer f.Close()
			data, err := io.ReadAll(io.LimitReader(f, 4097))
			if err != nil {
				return "", fmt.Errorf("--passphrase-file: %w", err)
			}
			if len(data) > 4096 {
				return "", fmt.Errorf("--passphrase-file: more than 4096 bytes: not a passphrase")
			}
			data = bytes.TrimSuffix(data, []byte("\n"))
			data = bytes.TrimSuffix(data, []byte("\r"))
			return string(data), nil
		}
	}
	if env := seal.EnvPassphrase(); env != nil {
		return env
	}
	in, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(in.Fd()) {
		return nil
	}
	return func(fresh bool, attempt int) (string, error) {
		prompt := "Passphrase des Geräteschlüssels: "
		switch {
		case fresh:
			prompt = fmt.Sprintf("Neue Passphrase für den Geräteschlüssel (mindestens %d Zeichen): ", seal.MinPassphrase)
		case attempt > 1:
			prompt = fmt.Sprintf("Falsch. Passphrase (Versuch %d von %d): ", attempt, seal.MaxAttempts)
		}
		fmt.Fprint(a.stderr, prompt)
		p, err := term.ReadPassword(in.Fd())
		fmt.Fprintln(a.stderr)
		if err != nil || !fresh {
			return string(p), err
		}
		fmt.Fprint(a.stderr, "Passphrase wiederholen: ")
		again, err := term.ReadPassword(in.Fd())
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", err
		}
		if string(again) != string(p) {
			return "", fmt.Errorf("die beiden Eingaben sind verschieden / the passphrases differ")
		}
		return string(p), nil
	}
}

// unlockKey opens the device key for signing (seal, publish), saying on
// stderr what happened to it on the way (created, protected).
func (a *app) unlockKey(dir string) (*seal.DeviceKey, error) {
	k, notes, err := seal.Unlock(dir, a.passphrase())
	for _, n := range notes {
		a.say(a.stderr, "%s", n)
	}
	if err != nil {
		return nil, a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	return k, nil
}
