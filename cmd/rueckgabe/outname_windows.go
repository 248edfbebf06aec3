package main

import (
	"path/filepath"
	"strings"

	"rueckgabe/store"
)

// outputNameProblem is why Windows cannot write a file of this name, or "":
// a device name (CON answered "Invalid handle", LPT1 "Bad device type"
// after a temporary file was written; an outside tester).
func outputNameProblem(path string) string {
	if store.WindowsDeviceName(filepath.Base(path)) {
		return "ein Gerätename unter Windows (CON, PRN, AUX, NUL, COM1–9, LPT1–9) / a device name on Windows: choose another file name"
	}
	return ""
}

// dataDirProblem is why --data cannot be a Windows path, or "". cmd.exe
// reads \" as a quote: --data "C:\Rueck Daten\" import X gave the program
// one argument, `C:\Rueck Daten" import X`, and "mkdir …: Invalid name".
func dataDirProblem(dir string) string {
	if strings.Contains(dir, `"`) {
		return `--data enthält ein Anführungszeichen: endet der Pfad mit \ vor dem schließenden "? Den letzten \ weglassen (--data "C:\Rueck Daten") / --data holds a quote: drop the \ before the closing "`
	}
	return ""
}
