//go:build !windows

package main

// globFold: the shell has expanded what it could; a pattern reaching the
// program is matched by case, as the shell would have.
const globFold = false
