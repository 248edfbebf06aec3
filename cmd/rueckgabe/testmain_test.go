package main

import (
	"os"
	"testing"

	"rueckgabe/internal/testkey"
)

// The commands under test unlock the device key as automation does
// (testkey.UsePassphrase); custody_test.go runs them without it.
func TestMain(m *testing.M) {
	testkey.UsePassphrase()
	os.Exit(m.Run())
}
