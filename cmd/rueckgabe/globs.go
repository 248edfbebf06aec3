package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cmd.exe and PowerShell hand `attach ID IMG_04*.JPG` over as it is typed:
// unlike a Unix shell they expand no patterns. So the commands taking lists
// of files (attach, import, verify) expand *, ? and [...] themselves, for an
// argument that contains one and is not the name of a file. On Windows the
// match ignores case, as the file system and Explorer do (globFold,
// globs_windows.go); elsewhere the shell has expanded what it could.

// errNoMatch is a pattern that names no file.
var errNoMatch = errors.New("keine Datei passt / no file matches")

// expandArgs replaces each pattern among args by the files it matches,
// sorted; "-" and existing names stay as they are. A pattern matching
// nothing, or a malformed one, is an error naming it.
func expandArgs(args []string) ([]string, error) {
	var out []string
	for _, arg := range args {
		if arg == "-" || !strings.ContainsAny(arg, "*?[") {
			out = append(out, arg)
			continue
		}
		if _, err := os.Lstat(arg); err == nil {
			out = append(out, arg) // a file really named so
			continue
		}
		matches, err := glob(arg, globFold)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("%s: %w", arg, errNoMatch)
		}
		out = append(out, matches...)
	}
	return out, nil
}

// glob is filepath.Glob, matching the last element without regard to case
// when fold is set (the folders before it are matched as filepath.Glob does).
func glob(pattern string, fold bool) ([]string, error) {
	if _, err := filepath.Match(pattern, ""); err != nil {
		return nil, errors.New("kein gültiges Muster / malformed pattern")
	}
	if !fold {
		return filepath.Glob(pattern)
	}
	dir, file := filepath.Split(pattern)
	dirs := []string{dir}
	if strings.ContainsAny(dir, "*?[") {
		var err error
		if dirs, err = filepath.Glob(filepath.Clean(dir)); err != nil {
			return nil, err
		}
	}
	want := strings.ToLower(file)
	var out []string
	for _, d := range dirs {
		read := d
		if read == "" {
			read = "."
		}
		des, err := os.ReadDir(read)
		if err != nil {
			continue // as filepath.Glob: an unreadable folder matches nothing
		}
		for _, de := range des {
			if ok, _ := filepath.Match(want, strings.ToLower(de.Name())); ok {
				out = append(out, filepath.Join(d, de.Name()))
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// expand is expandArgs for a command: a bad pattern is reported and ends it
// with exit status 2.
func (a *app) expand(args []string) ([]string, error) {
	files, err := expandArgs(args)
	if err != nil {
		return nil, a.fail(exitInvalid, "%v", err)
	}
	return files, nil
}
