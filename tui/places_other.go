//go:build !windows && !darwin

package tui

import (
	"os"
	"path/filepath"
)

// placeRoots are the removable media mounted for this user (udisks mounts a
// card at /media/$USER/NAME or /run/media/$USER/NAME) and /.
func placeRoots() []string {
	var out []string
	if u := os.Getenv("USER"); u != "" {
		out = append(out, mountsIn(filepath.Join("/media", u))...)
		out = append(out, mountsIn(filepath.Join("/run/media", u))...)
	}
	return append(out, "/")
}
