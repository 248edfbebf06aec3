package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The photo picker's places: where photos are reached from when the folder
// the picker opened in is not the right one. `..` at the top of a file
// system (a drive root on Windows, / elsewhere) leads to them. What the
// platform adds — the drives on Windows, /Volumes on macOS, /media on Linux
// — comes from placeRoots (places_windows.go, places_darwin.go,
// places_other.go); the Pictures folders, OneDrive's included, are looked for
// the same way everywhere (the variables are only set on Windows).

// placesDir is the picker's pseudo-folder that lists the places.
const placesDir = ""

// placesTitle is shown as the folder while the places are listed.
const placesTitle = "Orte (Laufwerke, Bilder-Ordner)"

// lookupEnv is what resolving the places reads of the environment; tests
// feed their own.
type lookupEnv struct {
	getenv func(string) string
	home   string // "" when unknown
}

func osLookupEnv() lookupEnv {
	home, _ := os.UserHomeDir()
	return lookupEnv{getenv: os.Getenv, home: home}
}

// pictureCandidates are the folders photos are likely in, most likely first:
// OneDrive's Pictures (a Windows laptop with OneDrive backup keeps its
// Pictures there; "Bilder" when OneDrive set it up in German), then the home
// folder's. They need not exist.
func pictureCandidates(e lookupEnv) []string {
	var bases []string
	for _, v := range []string{"OneDrive", "OneDriveCommercial", "OneDriveConsumer"} {
		if d := e.getenv(v); d != "" {
			bases = append(bases, d)
		}
	}
	if e.home != "" {
		bases = append(bases, filepath.Join(e.home, "OneDrive"), e.home)
	}
	var out []string
	for _, b := range bases {
		for _, name := range []string{"Bilder", "Pictures"} {
			if p := filepath.Join(b, name); !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// startPhotoDir is the last-used folder, else the first Pictures folder that
// exists, else home.
func startPhotoDir(last string, e lookupEnv) string {
	if last != "" && isDir(last) {
		return last
	}
	for _, d := range pictureCandidates(e) {
		if isDir(d) {
			return d
		}
	}
	if e.home == "" {
		return "."
	}
	return e.home
}

// listPlaces is the places list: the Pictures folders that exist, home,
// then the platform's roots (drives, volumes, mounted cards).
func listPlaces(e lookupEnv, roots []string) []photoEntry {
	var paths []string
	for _, d := range pictureCandidates(e) {
		if isDir(d) {
			paths = append(paths, d)
		}
	}
	if e.home != "" {
		paths = append(paths, e.home)
	}
	paths = append(paths, roots...)
	var out []photoEntry
	seen := map[string]bool{}
	for _, p := range paths {
		if !seen[p] {
			seen[p] = true
			out = append(out, photoEntry{name: p, path: p, dir: true, place: true})
		}
	}
	return out
}

// upFrom is where `..` and ← lead from dir: its parent, or the places at the
// top of a file system (a drive root, /, a network share's root).
func upFrom(dir string) string {
	if dir == placesDir {
		return placesDir
	}
	if parent := filepath.Dir(dir); parent != dir {
		return parent
	}
	return placesDir
}

// drivesFromMask names the drives GetLogicalDrives reports: bit 0 is A:.
func drivesFromMask(mask uint32) []string {
	var out []string
	for i := range 26 {
		if mask&(1<<i) != 0 {
			out = append(out, string(rune('A'+i))+`:\`)
		}
	}
	return out
}

// mountsIn lists the folders in dir (/Volumes, /media/$USER): each is a
// mounted volume, a camera card among them.
func mountsIn(dir string) []string {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, de := range des {
		p := filepath.Join(dir, de.Name())
		if !strings.HasPrefix(de.Name(), ".") && isDir(p) {
			out = append(out, p)
		}
	}
	return out
}

// typedPath turns what was typed into the path field into a folder: quotes
// from Explorer's "Als Pfad kopieren" are dropped, ~ is home, a bare drive
// (D:) is its root, and a relative path is taken from the folder shown.
func typedPath(typed, current, home string) string {
	p := strings.TrimSpace(typed)
	if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
		p = strings.TrimSpace(p[1 : len(p)-1])
	}
	switch {
	case p == "":
		return current
	case home != "" && (p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, `~\`)):
		p = filepath.Join(home, p[1:])
	case filepath.VolumeName(p) == p: // "D:" alone means D:'s current folder to Windows; the root is meant
		p += string(filepath.Separator)
	case !filepath.IsAbs(p) && filepath.VolumeName(p) == "" && !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, `\`) && current != placesDir:
		p = filepath.Join(current, p)
	}
	return filepath.Clean(p)
}

// folderOf is path when it is a folder, else the folder it is in (a typed
// path to a photo opens its folder).
func folderOf(path string) string {
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		return filepath.Dir(path)
	}
	return path
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
