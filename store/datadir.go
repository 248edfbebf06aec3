package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The data directory differs by platform (the choice is made in
// datadir_windows.go, datadir_darwin.go and datadir_other.go):
//
//	Windows  %LOCALAPPDATA%\rueckgabe (local, not roaming: a store file must
//	         not travel with a roaming profile), else <home>\AppData\Local\rueckgabe
//	macOS    ~/Library/Application Support/rueckgabe
//	others   $XDG_DATA_HOME/rueckgabe, else ~/.local/share/rueckgabe
//
// $XDG_DATA_HOME, when set, is honoured everywhere: it is an explicit choice.
// Earlier versions used the Linux rule on every platform; ResolveDir moves
// a store found there.

// env is what resolving the data directory reads of the environment: the
// variables and the home directory. Tests feed their own.
type env struct {
	getenv func(string) string
	home   func() (string, error)
}

func osEnv() env { return env{getenv: os.Getenv, home: os.UserHomeDir} }

const appDirName = "rueckgabe"

var errNoHome = errors.New("no data directory (give one with --data)")

// xdgDataDir is the Linux (and BSD) rule.
func xdgDataDir(e env) (string, error) {
	if d := e.getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, appDirName), nil
	}
	return homeDataDir(e)
}

// homeDataDir is ~/.local/share/rueckgabe, the directory every platform used
// before the data directory followed the platform.
func homeDataDir(e env) (string, error) {
	home, err := e.home()
	if err != nil || home == "" {
		return "", fmt.Errorf("%w: %v", errNoHome, err)
	}
	return filepath.Join(home, ".local", "share", appDirName), nil
}

// windowsDataDir is %LOCALAPPDATA%\rueckgabe, else <home>\AppData\Local\rueckgabe.
func windowsDataDir(e env) (string, error) {
	if d := e.getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, appDirName), nil
	}
	if d := e.getenv("LOCALAPPDATA"); d != "" {
		return filepath.Join(d, appDirName), nil
	}
	home, err := e.home()
	if err != nil || home == "" {
		return "", fmt.Errorf("%w: %v", errNoHome, err)
	}
	return filepath.Join(home, "AppData", "Local", appDirName), nil
}

// macDataDir is ~/Library/Application Support/rueckgabe.
func macDataDir(e env) (string, error) {
	if d := e.getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, appDirName), nil
	}
	home, err := e.home()
	if err != nil || home == "" {
		return "", fmt.Errorf("%w: %v", errNoHome, err)
	}
	return filepath.Join(home, "Library", "Application Support", appDirName), nil
}

// DefaultDir is the platform's user data directory for rueckgabe. It only
// names the directory; ResolveDir also finds a store left at the old place.
func DefaultDir() (string, error) { return platformDataDir(osEnv()) }

// Location is the resolved data directory and what resolving it did.
type Location struct {
	Dir string
	// Note is one sentence for the user when an old data directory was
	// moved, could not be moved (Dir is then the old one), or is left beside
	// the new one; empty otherwise.
	Note string
}

// ResolveDir is DefaultDir, and a store at the old place (~/.local/share on
// Windows and macOS) is never silently left behind: when the new directory
// does not exist yet, the old one is moved there; when that fails (another
// volume, a file in use), the old one is used and Note says so.
func ResolveDir() (Location, error) { return resolveDir(osEnv(), platformDataDir, os.Rename) }

func resolveDir(e env, platform func(env) (string, error), rename func(oldpath, newpath string) error) (Location, error) {
	dir, err := platform(e)
	if err != nil {
		return Location{}, err
	}
	old, err := xdgDataDir(e) // where earlier versions kept it, on every platform
	if err != nil || filepath.Clean(old) == filepath.Clean(dir) {
		return Location{Dir: dir}, nil
	}
	if !isDir(old) {
		return Location{Dir: dir}, nil
	}
	if exists(dir) {
		if empty(old) {
			return Location{Dir: dir}, nil
		}
		return Location{Dir: dir, Note: fmt.Sprintf(
			"rueckgabe: Hinweis: ein älteres Datenverzeichnis liegt noch in %s; verwendet wird %s (das alte von Hand prüfen und löschen) / an older data directory remains in %s; %s is used",
			old, dir, old, dir)}, nil
	}
	err = os.MkdirAll(filepath.Dir(dir), 0o700)
	if err == nil {
		err = rename(old, dir)
	}
	if err == nil {
		return Location{Dir: dir, Note: fmt.Sprintf(
			"rueckgabe: Datenverzeichnis verschoben / data directory moved: %s -> %s", old, dir)}, nil
	}
	if exists(dir) && !exists(old) { // another process moved it in between
		return Location{Dir: dir}, nil
	}
	return Location{Dir: old, Note: fmt.Sprintf(
		"rueckgabe: Hinweis: das Datenverzeichnis %s ließ sich nicht nach %s verschieben (%v); es wird weiter verwendet / could not move the data directory, still using it",
		old, dir, err)}, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func empty(p string) bool {
	entries, err := os.ReadDir(p)
	return err == nil && len(entries) == 0
}
