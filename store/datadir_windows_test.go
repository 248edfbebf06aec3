package store

import (
	"path/filepath"
	"testing"
)

// The Windows build keeps its data in %LOCALAPPDATA%, not under ~/.local.
func TestPlatformDataDirWindows(t *testing.T) {
	e := fakeEnv(map[string]string{"LOCALAPPDATA": `C:\Users\max\AppData\Local`}, `C:\Users\max`)
	if got, err := platformDataDir(e); err != nil || got != filepath.Join(`C:\Users\max\AppData\Local`, "rueckgabe") {
		t.Errorf("platformDataDir = %q, %v", got, err)
	}
}
