package catalog

import (
	"errors"
	"fmt"
	"strings"
)

// Problem is one defect of a data file, located by file and JSON path.
type Problem struct {
	File string
	Path string
	Msg  string
}

func (p Problem) Error() string {
	loc := p.File
	if p.Path != "" {
		loc += ": " + p.Path
	}
	return loc + ": " + p.Msg
}

// Problems is every defect found in a data file; it is an error when not empty.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// AsProblems extracts the problem list from an error returned by this package.
func AsProblems(err error) (Problems, bool) {
	var ps Problems
	ok := errors.As(err, &ps)
	return ps, ok
}

// problems collects defects with their paths while a file is checked.
type problems struct {
	file string
	list Problems
}

func (p *problems) add(path, format string, args ...any) {
	p.list = append(p.list, Problem{File: p.file, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return p.list
}
