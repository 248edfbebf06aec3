//go:build !windows

package store

import "os"

// noReadOnlyDirs says why a directory cannot be made read-only here ("" when
// it can).
func noReadOnlyDirs() string {
	if os.Geteuid() == 0 {
		return "root ignores directory permissions; TestReadOnlyMediaGivesAClearError covers the path"
	}
	return ""
}
