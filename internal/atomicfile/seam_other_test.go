//go:build !windows

package atomicfile

import (
	"path/filepath"
	"syscall"
	"testing"
)

// Here no directory sync error is ignored: a refused fsync fails the write.
func TestDirSyncRefusedFailsTheWrite(t *testing.T) {
	injectDirSync(t, syscall.EACCES)
	if err := WriteBytes(filepath.Join(t.TempDir(), "f"), []byte("x")); err == nil {
		t.Fatal("a refused directory fsync was not reported")
	}
}
