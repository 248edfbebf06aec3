// Package editcheck has a test binary compare every store.SaveEdit that
// takes findings unread with the save of the whole protocol: TestMain calls
// Install before the tests and Exit after them, which fails the run when a
// save named fewer findings than its caller changed, whichever test made
// the edit.
package editcheck

import (
	"fmt"
	"os"
	"sync"

	"rueckgabe/store"
)

var (
	mu     sync.Mutex
	named  int
	broken []error
)

// Install sets store.CheckEdits for the test binary.
func Install() {
	store.CheckEdits = func(err error) {
		mu.Lock()
		defer mu.Unlock()
		named++
		if err != nil {
			broken = append(broken, err)
		}
	}
}

// Named counts the saves that took unnamed findings unread so far.
func Named() int {
	mu.Lock()
	defer mu.Unlock()
	return named
}

// Exit ends the test binary with code, or 1 when a save broke its word.
func Exit(code int) {
	mu.Lock()
	defer mu.Unlock()
	for _, err := range broken {
		fmt.Fprintln(os.Stderr, "FAIL: a save named not every finding it changed:", err)
		code = 1
	}
	os.Exit(code)
}
