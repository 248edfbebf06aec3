package store

// platformDataDir is the data directory's rule on macOS.
func platformDataDir(e env) (string, error) { return macDataDir(e) }
