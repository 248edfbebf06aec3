// Package problem is what is wrong with an input, one entry per defect, each
// located by its JSON path (and file, for data files) and saying what would be
// right — in English for the interchange's error lines and, where the
// inspector reads it, in German. Protocols (inspection) and the catalogue's
// data files (catalog) report with the same type.
package problem

import (
	"fmt"
	"strings"
)

// Problem is one defect.
type Problem struct {
	File string // the data file, when the input was one ("" for a protocol)
	Path string // JSON path, e.g. findings[2].costs.parts
	Msg  string // English, as the interchange spec's error lines are
	De   string // German, for the inspector's screen; empty: use Msg
}

// German is the message for the UI.
func (p Problem) German() string {
	if p.De != "" {
		return p.De
	}
	return p.Msg
}

// String is the error line: "file: path: message" (no file for a protocol).
func (p Problem) String() string {
	loc := p.Path
	if p.File != "" {
		loc = p.File
		if p.Path != "" {
			loc += ": " + p.Path
		}
	}
	return loc + ": " + p.Msg
}

func (p Problem) Error() string { return p.String() }

// Problems is every defect found; an error when not empty.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// At returns the problems at a path or below it, for inline display in a form.
func (ps Problems) At(path string) Problems {
	var out Problems
	for _, p := range ps {
		if p.Path == path || strings.HasPrefix(p.Path, path+".") || strings.HasPrefix(p.Path, path+"[") {
			out = append(out, p)
		}
	}
	return out
}

// Add appends a problem in English.
func (ps *Problems) Add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Msg: fmt.Sprintf(format, args...)})
}

// Both appends a problem in English and German.
func (ps *Problems) Both(path, en, de string) {
	*ps = append(*ps, Problem{Path: path, Msg: en, De: de})
}

// Merge appends the problems of more whose path has no problem yet, so a value
// that failed to decode is not reported again by validation.
func (ps Problems) Merge(more Problems) Problems {
	seen := make(map[string]bool, len(ps))
	for _, p := range ps {
		seen[p.Path] = true
	}
	for _, p := range more {
		if !seen[p.Path] {
			ps = append(ps, p)
		}
	}
	return ps
}
