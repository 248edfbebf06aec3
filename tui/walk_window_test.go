package tui

import (
	"testing"

	"pgregory.net/rapid"
)

// TestFindingWindowStaysInTheList: whatever room is left (none, when the
// criteria and the handover's damage take the screen), the window lies
// within the findings and holds the selected one.
func TestFindingWindowStaysInTheList(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(t, "n")
		sel := 0
		if n > 0 {
			sel = rapid.IntRange(0, n-1).Draw(t, "sel")
		}
		room := rapid.IntRange(-10, 50).Draw(t, "room")
		from, to := findingWindow(n, sel, room)
		if from < 0 || to > n || from > to {
			t.Fatalf("window [%d, %d) of %d findings", from, to, n)
		}
		if n > 0 && (sel < from || sel >= to) {
			t.Fatalf("selected %d outside [%d, %d)", sel, from, to)
		}
		if want := min(n, max(room, 1)); to-from != want {
			t.Fatalf("%d rows shown for room %d, want %d", to-from, room, want)
		}
	})
}
