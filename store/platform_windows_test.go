package store

// noReadOnlyDirs: Windows has no read-only directories (the attribute does
// not stop creating files in one; ACLs would, which a test cannot set up
// portably); TestReadOnlyMediaGivesAClearError covers the path.
func noReadOnlyDirs() string {
	return "Windows: a directory's read-only attribute does not stop creating files in it; TestReadOnlyMediaGivesAClearError covers the path"
}
