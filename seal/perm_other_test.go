//go:build !windows

package seal

import (
	"os"
	"testing"
)

func checkOwnerOnly(t *testing.T, st os.FileInfo) {
	t.Helper()
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", st.Mode().Perm())
	}
}
