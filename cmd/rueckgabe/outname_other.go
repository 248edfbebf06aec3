//go:build !windows

package main

// outputNameProblem: every name a file system takes is a file here.
func outputNameProblem(string) string { return "" }

// dataDirProblem: a quote is a character of a path here.
func dataDirProblem(string) string { return "" }
