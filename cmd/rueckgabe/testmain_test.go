package main

import (
	"os"
	"testing"

	"rueckgabe/seal"
)

// The commands under test unlock the device key with a passphrase from the
// environment, as automation does (seal.EnvPassphraseVar); custody_test.go
// runs them without it.
func TestMain(m *testing.M) {
	os.Setenv(seal.EnvPassphraseVar, "Testpassphrase 2024")
	os.Exit(m.Run())
}
