package main

import (
	"errors"
	"io/fs"
	"os"

	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// config is what a command needs of the device settings (service.Device).
type config struct {
	Device    service.Device
	Inspector string // name written into every audit entry
}

func loadConfig(dir string) config {
	d, _ := service.LoadDevice(dir) // a damaged file is reported by `rueckgabe device`; commands go on
	return config{Device: d, Inspector: d.By()}
}

// dir resolves the store directory: --data, else the platform default.
func (a *app) dir() (string, error) {
	if why := dataDirProblem(a.dataDir); why != "" {
		return "", a.fail(exitInvalid, "rueckgabe: %s", why)
	}
	d, err := a.resolveDir()
	if err != nil {
		return "", a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	if fi, err := os.Stat(d); err == nil && !fi.IsDir() {
		// the store file named instead of its directory (Windows said
		// "mkdir: Path not found")
		return "", a.fail(exitFailure, "rueckgabe: --data %s ist eine Datei, kein Datenverzeichnis (das Verzeichnis, in dem %s liegt) / is a file, not a data directory (the directory %s is in)", textsafe.Line(d), store.FileName, store.FileName)
	}
	return d, nil
}

// resolveDir finds the data directory once per command: --data, else the
// platform's directory, moving a store left at the old place (or saying
// once, on stderr, why it stays there).
func (a *app) resolveDir() (string, error) {
	if a.dataDir != "" {
		return a.dataDir, nil
	}
	if a.resolved != "" {
		return a.resolved, nil
	}
	loc, err := store.ResolveDir()
	if err != nil {
		return "", err
	}
	if loc.Note != "" {
		a.say(a.stderr, "%s", loc.Note)
	}
	a.resolved = loc.Dir
	return loc.Dir, nil
}

// withStore opens the store for one command. A locked or unreadable store is
// reported in one clear line and exit status 1.
func (a *app) withStore(fn func(s *store.Store, cfg config) error) error {
	return a.openStore(store.Options{}, fn)
}

// readStore opens the store for a command that only reads: a shared lock,
// and it works on read-only media (a backup disk, a mounted archive).
func (a *app) readStore(fn func(s *store.Store, cfg config) error) error {
	return a.openStore(store.Options{ReadOnly: true}, fn)
}

func (a *app) openStore(o store.Options, fn func(s *store.Store, cfg config) error) error {
	dir, err := a.dir()
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); a.dataDir != "" && o.ReadOnly && errors.Is(err, fs.ErrNotExist) {
		// --data as typed, for a command that only reads: a directory that
		// is not there is a typo (a store was made there, and "no protocols"
		// said; an outside tester)
		return a.fail(exitFailure, "rueckgabe: Datenverzeichnis %s gibt es nicht – Pfad bei --data prüfen / data directory %s does not exist: check the path given to --data", textsafe.Line(dir), textsafe.Line(dir))
	}
	cfg := loadConfig(dir)
	if o.Rules == nil {
		// the installed profiles too: a draft is pinned to the newest version
		// this device has, and every pinned one is found by its hash
		if rules, rerr := a.rules(); rerr == nil {
			o.Rules = rules
		}
	}
	err = store.With(dir, o, func(s *store.Store) error { return fn(s, cfg) })
	var ex exitError
	if err != nil && !errors.As(err, &ex) {
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	return err
}
