package inspection

import "rueckgabe/problem"

// Problem and Problems are the one problem type the project reports with
// (package problem); named here because every caller of inspection uses them.
type (
	Problem  = problem.Problem
	Problems = problem.Problems
)
