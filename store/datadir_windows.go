package store

// platformDataDir is the data directory's rule on Windows.
func platformDataDir(e env) (string, error) { return windowsDataDir(e) }
