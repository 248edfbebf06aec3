package tui

import (
	"slices"
	"testing"
)

// /Volumes lists the startup disk too: there is at least one volume and /.
func TestPlaceRootsAreTheVolumes(t *testing.T) {
	roots := placeRoots()
	if !slices.Contains(roots, "/") || len(roots) < 2 {
		t.Errorf("places %q: want /Volumes/* and /", roots)
	}
}
