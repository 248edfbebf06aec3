package service

import (
	"os"
	"testing"

	"rueckgabe/seal"
)

// The tests unlock device keys with a passphrase from the environment, as
// automation does (seal.EnvPassphraseVar).
func TestMain(m *testing.M) {
	os.Setenv(seal.EnvPassphraseVar, "Testpassphrase 2024")
	os.Exit(m.Run())
}

// testKey is the device key of dir, unlocked (created on first use).
func testKey(tb testing.TB, dir string) *seal.DeviceKey {
	tb.Helper()
	k, err := seal.LoadOrCreateKey(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}
