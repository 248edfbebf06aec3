package tui

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"rueckgabe/internal/testkey"
	"rueckgabe/store"
)

// The tests unlock device keys as automation does (testkey.UsePassphrase).
// Every save that names its edited findings (store.SaveEdit) is compared
// with the save of the whole protocol: a finding changed without being
// named fails the run, whichever test made the edit.
func TestMain(m *testing.M) {
	testkey.UsePassphrase()
	var broken []error
	store.CheckEdits = func(err error) {
		checkMu.Lock()
		defer checkMu.Unlock()
		namedSaves++
		if err != nil {
			broken = append(broken, err)
		}
	}
	code := m.Run()
	for _, err := range broken {
		fmt.Fprintln(os.Stderr, "FAIL: a save named not every finding it changed:", err)
		code = 1
	}
	os.Exit(code)
}

var testKey = testkey.Key

// namedSaves counts the saves that took unnamed findings unread
// (store.CheckEdits); checkMu guards it.
var (
	checkMu    sync.Mutex
	namedSaves int
)

func namedSaveCount() int {
	checkMu.Lock()
	defer checkMu.Unlock()
	return namedSaves
}
