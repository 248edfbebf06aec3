//go:build !windows && !darwin

package store

import "testing"

func TestPlatformDataDirXDG(t *testing.T) {
	if got, err := platformDataDir(fakeEnv(nil, "/home/max")); err != nil || got != "/home/max/.local/share/rueckgabe" {
		t.Errorf("platformDataDir = %q, %v", got, err)
	}
}
