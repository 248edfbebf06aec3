// Package testkey unlocks device keys in the tests of the packages that seal.
package testkey

import (
	"os"
	"testing"

	"rueckgabe/seal"
)

// Passphrase is the device key passphrase the tests use.
const Passphrase = "Testpassphrase 2024"

// UsePassphrase makes the process unlock device keys with Passphrase from
// the environment, as automation does (seal.EnvPassphraseVar): for TestMain
// of the packages whose tests seal. The passphrase tests unset it.
func UsePassphrase() { os.Setenv(seal.EnvPassphraseVar, Passphrase) }

// Key is the device key of dir, unlocked (created on first use).
func Key(tb testing.TB, dir string) *seal.DeviceKey {
	tb.Helper()
	k, err := seal.LoadOrCreateKey(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}
