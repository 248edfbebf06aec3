// Command rueckgabe is the return-inspection app: the TUI when run without
// arguments, and headless commands for scripts and the back office.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

func init() {
	// Windows users start programs from Explorer or a shortcut; cobra's
	// "mousetrap" would then print "This is a command line tool" and exit.
	// Started without arguments the program opens its TUI, so let it.
	cobra.MousetrapHelpText = ""
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // the command could not do its work (store locked, disk full, …)
	exitInvalid = 2 // the input was wrong: every problem is on stderr
)

// run executes one command line. It never lets a panic escape as a stack trace.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "rueckgabe: internal error: %v (please report this with the input that caused it)\n", r)
			code = exitFailure
		}
	}()
	app := newApp(stdin, stdout, stderr)
	return app.execute(args)
}
