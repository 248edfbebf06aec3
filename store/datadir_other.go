//go:build !windows && !darwin

package store

// platformDataDir is the data directory's rule on Linux and the BSDs.
func platformDataDir(e env) (string, error) { return xdgDataDir(e) }
