package store

import "testing"

// The macOS build keeps its data in ~/Library/Application Support, not under ~/.local.
func TestPlatformDataDirMacOS(t *testing.T) {
	if got, err := platformDataDir(fakeEnv(nil, "/Users/max")); err != nil || got != "/Users/max/Library/Application Support/rueckgabe" {
		t.Errorf("platformDataDir = %q, %v", got, err)
	}
}
