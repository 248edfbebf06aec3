package atomicfile

import (
	"os"
	"testing"
)

// On Windows the mode bits say only "read-only or not" (Go reports 0666 or
// 0444); who may read is decided by the ACLs the file inherits from its
// directory (the user profile). The file must at least be writable again.
func checkOwnerOnly(t *testing.T, st os.FileInfo) {
	t.Helper()
	if st.Mode().Perm()&0o200 == 0 {
		t.Fatalf("mode %v: written file is read-only", st.Mode().Perm())
	}
}
