package seal

import (
	"os"
	"testing"
)

// On Windows the mode bits say only "read-only or not"; who may read the
// key is decided by the ACLs it inherits from the user profile.
func checkOwnerOnly(t *testing.T, st os.FileInfo) {
	t.Helper()
	if st.Mode().Perm()&0o200 == 0 {
		t.Fatalf("key file mode %v: read-only", st.Mode().Perm())
	}
}
