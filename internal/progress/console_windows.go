package progress

import (
	"os"

	"golang.org/x/sys/windows"
)

// vtConsole makes the Windows console interpret the line's escape sequences
// (virtual terminal processing, Windows 10 and later; Windows Terminal has it
// on already). It returns what undoes it, or false when the console cannot:
// then no live line is drawn rather than "←[K" shown.
func vtConsole(f *os.File) (restore func(), ok bool) {
	h := windows.Handle(f.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return nil, false
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return func() {}, true
	}
	if err := windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING); err != nil {
		return nil, false
	}
	return func() { _ = windows.SetConsoleMode(h, mode) }, true
}
