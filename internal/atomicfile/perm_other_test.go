//go:build !windows

package atomicfile

import (
	"os"
	"testing"
)

func checkOwnerOnly(t *testing.T, st os.FileInfo) {
	t.Helper()
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
}
