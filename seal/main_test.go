package seal

import (
	"os"
	"testing"
)

// The tests unlock device keys with a passphrase from the environment, as
// automation does (EnvPassphraseVar); custody_test.go tests the asking. (The
// fixture package, which says the same for the other packages, imports
// this one.)
func TestMain(m *testing.M) {
	os.Setenv(EnvPassphraseVar, "Testpassphrase 2024")
	os.Exit(m.Run())
}
