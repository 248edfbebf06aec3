package tui

import (
	"slices"
	"testing"
)

// The drive list names the drives there are: C: at least.
func TestPlaceRootsAreTheDrives(t *testing.T) {
	if roots := placeRoots(); !slices.Contains(roots, `C:\`) {
		t.Errorf("places %q lack C:\\", roots)
	}
}
