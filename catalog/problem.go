package catalog

import (
	"errors"
	"fmt"

	"rueckgabe/problem"
)

// Problem and Problems are the project's one problem type (package
// problem): here every problem names its file.
type (
	Problem  = problem.Problem
	Problems = problem.Problems
)

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
