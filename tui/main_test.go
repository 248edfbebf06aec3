package tui

import (
	"testing"

	"rueckgabe/internal/editcheck"
	"rueckgabe/internal/testkey"
)

// The tests unlock device keys as automation does (testkey.UsePassphrase).
// Every save that names its edited findings (store.SaveEdit) is compared
// with the save of the whole protocol (editcheck).
func TestMain(m *testing.M) {
	testkey.UsePassphrase()
	editcheck.Install()
	editcheck.Exit(m.Run())
}

var testKey = testkey.Key
