package inspection

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a protocol: where (JSON path) and what,
// including what would be right.
type Problem struct {
	Path string
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

func (p Problem) String() string { return p.Path + ": " + p.Msg }

// Problems is all that is wrong with a protocol; an error when not empty.
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

func (ps *Problems) add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Msg: fmt.Sprintf(format, args...)})
}

// both adds a problem in English and German.
func (ps *Problems) both(path, en, de string) {
	*ps = append(*ps, Problem{Path: path, Msg: en, De: de})
}

// merge appends the problems of more whose path has no problem yet, so a value
// that failed to decode is not reported again by validation.
func (ps Problems) merge(more Problems) Problems {
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
