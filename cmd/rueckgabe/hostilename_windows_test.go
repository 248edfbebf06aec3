package main

// hostileName is a name a file may have on Windows, which refuses the C0
// controls (ESC, BEL, line breaks) in names: a C1 control sequence
// introducer, a right-to-left override, a zero-width space and a C1 line
// break, each of which a terminal or a reader would still be fooled by.
const hostileName = "\u009b31m\u202eRTL\u200bX\u0085zweite Zeile"

// nameEscapes are the escapes a --json document shows of hostileName.
var nameEscapes = []string{`\u009b`, `\u202e`, `\u0085`}
