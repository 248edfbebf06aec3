//go:build !windows

package main

// hostileName is a name a file may have: the hostile text of sinks_test.go
// and a line break.
const hostileName = hostile + "\nzweite Zeile"

// nameEscapes are the escapes a --json document shows of hostileName.
var nameEscapes = []string{`\u001b`, `\u202e`, `\n`}
