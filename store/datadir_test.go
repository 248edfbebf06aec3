package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fakeEnv(vars map[string]string, home string) env {
	return env{
		getenv: func(k string) string { return vars[k] },
		home: func() (string, error) {
			if home == "" {
				return "", errors.New("$HOME is not defined")
			}
			return home, nil
		},
	}
}

func TestDataDirPerPlatform(t *testing.T) {
	j := filepath.Join
	cases := []struct {
		name string
		rule func(env) (string, error)
		vars map[string]string
		home string
		want string // "" = an error
	}{
		{"windows LOCALAPPDATA", windowsDataDir, map[string]string{"LOCALAPPDATA": `C:\Users\max\AppData\Local`, "APPDATA": `C:\Users\max\AppData\Roaming`}, `C:\Users\max`, j(`C:\Users\max\AppData\Local`, "rueckgabe")},
		{"windows without LOCALAPPDATA", windowsDataDir, nil, `C:\Users\max`, j(`C:\Users\max`, "AppData", "Local", "rueckgabe")},
		{"windows XDG override", windowsDataDir, map[string]string{"XDG_DATA_HOME": `D:\daten`, "LOCALAPPDATA": `C:\x`}, `C:\Users\max`, j(`D:\daten`, "rueckgabe")},
		{"windows nothing", windowsDataDir, nil, "", ""},
		{"macOS", macDataDir, nil, "/Users/max", "/Users/max/Library/Application Support/rueckgabe"},
		{"macOS XDG override", macDataDir, map[string]string{"XDG_DATA_HOME": "/Volumes/daten"}, "/Users/max", "/Volumes/daten/rueckgabe"},
		{"macOS no home", macDataDir, nil, "", ""},
		{"linux XDG", xdgDataDir, map[string]string{"XDG_DATA_HOME": "/srv/x"}, "/home/max", "/srv/x/rueckgabe"},
		{"linux home", xdgDataDir, nil, "/home/max", "/home/max/.local/share/rueckgabe"},
		{"linux no home", xdgDataDir, nil, "", ""},
	}
	for _, c := range cases {
		got, err := c.rule(fakeEnv(c.vars, c.home))
		switch {
		case c.want == "" && (err == nil || !strings.Contains(err.Error(), "--data")):
			t.Errorf("%s: got %q, %v; want an error naming --data", c.name, got, err)
		case c.want != "" && (err != nil || filepath.ToSlash(got) != filepath.ToSlash(c.want)): // each rule runs on its own system; here on any
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

// oldStore makes ~/.local/share/rueckgabe with a store file in it.
func oldStore(t *testing.T, home string) string {
	t.Helper()
	old := filepath.Join(home, ".local", "share", "rueckgabe")
	if err := os.MkdirAll(old, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(old, "rueckgabe.db"), []byte("store"), 0o600); err != nil {
		t.Fatal(err)
	}
	return old
}

func TestOldDataDirIsMoved(t *testing.T) {
	for _, rule := range []struct {
		name string
		fn   func(env) (string, error)
	}{{"windows", windowsDataDir}, {"macOS", macDataDir}} {
		home := t.TempDir()
		old := oldStore(t, home)
		e := fakeEnv(map[string]string{"LOCALAPPDATA": filepath.Join(home, "AppData", "Local")}, home)
		want, _ := rule.fn(e)
		loc, err := resolveDir(e, rule.fn, os.Rename)
		if err != nil || loc.Dir != want {
			t.Fatalf("%s: %+v, %v; want dir %s", rule.name, loc, err, want)
		}
		if b, err := os.ReadFile(filepath.Join(want, "rueckgabe.db")); err != nil || string(b) != "store" {
			t.Errorf("%s: the store did not arrive: %q %v", rule.name, b, err)
		}
		if _, err := os.Stat(old); !os.IsNotExist(err) {
			t.Errorf("%s: the old directory is still there: %v", rule.name, err)
		}
		if !strings.Contains(loc.Note, old) || !strings.Contains(loc.Note, want) {
			t.Errorf("%s: note %q names not both places", rule.name, loc.Note)
		}
		// the next start finds it in its new place and says nothing
		if loc, err := resolveDir(e, rule.fn, os.Rename); err != nil || loc.Dir != want || loc.Note != "" {
			t.Errorf("%s: second start: %+v %v", rule.name, loc, err)
		}
	}
}

func TestOldDataDirThatCannotBeMovedIsUsed(t *testing.T) {
	home := t.TempDir()
	old := oldStore(t, home)
	e := fakeEnv(nil, home)
	refuse := func(string, string) error { return errors.New("Access is denied.") }
	loc, err := resolveDir(e, macDataDir, refuse)
	if err != nil || loc.Dir != old {
		t.Fatalf("%+v, %v; want the old directory %s", loc, err, old)
	}
	if !strings.Contains(loc.Note, old) || !strings.Contains(loc.Note, "Access is denied") {
		t.Errorf("note %q", loc.Note)
	}
}

func TestOldDataDirBesideANewOneIsNamed(t *testing.T) {
	home := t.TempDir()
	old := oldStore(t, home)
	e := fakeEnv(nil, home)
	dir, _ := macDataDir(e)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	loc, err := resolveDir(e, macDataDir, os.Rename)
	if err != nil || loc.Dir != dir || !strings.Contains(loc.Note, old) {
		t.Errorf("%+v, %v", loc, err)
	}
	if _, err := os.Stat(filepath.Join(old, "rueckgabe.db")); err != nil {
		t.Error("the old store was touched:", err)
	}
}

func TestNoOldDataDirNothingHappens(t *testing.T) {
	home := t.TempDir()
	e := fakeEnv(nil, home)
	loc, err := resolveDir(e, macDataDir, func(string, string) error { t.Error("rename called"); return nil })
	want, _ := macDataDir(e)
	if err != nil || loc.Dir != want || loc.Note != "" {
		t.Errorf("%+v, %v", loc, err)
	}
	// on Linux old and new are the same place: nothing to move
	oldStore(t, home)
	if loc, err := resolveDir(e, xdgDataDir, os.Rename); err != nil || loc.Note != "" || loc.Dir != filepath.Join(home, ".local", "share", "rueckgabe") {
		t.Errorf("linux: %+v, %v", loc, err)
	}
}
