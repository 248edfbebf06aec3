package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestPickerRowsHeadingsAndSizes: an attached photo taken since the start
// of the return stands under "angehängt", not under the new photos' divider
// (an outside tester saw the divider between the heading and the photo); a
// file under a megabyte shows its kilobytes, not "0,0 MB".
func TestPickerRowsHeadingsAndSizes(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	since := time.Date(2024, 4, 3, 8, 0, 0, 0, time.UTC)
	pp := &photoPicker{c: d.m.c, since: since, chosen: map[string]bool{}, attached: map[string]bool{}}
	pp.entries = []photoEntry{
		{name: "schon.jpg", sha: strings.Repeat("a", 64), mod: since.Add(time.Hour)},
		{name: "neu.jpg", path: "/k/neu.jpg", mod: since.Add(2 * time.Hour), size: 7 * 1024},
		{name: "alt.jpg", path: "/k/alt.jpg", mod: since.Add(-time.Hour), size: 5_400_000},
	}
	var got []string
	for _, r := range pp.rows(100) {
		got = append(got, strings.TrimSpace(ansi.Strip(r.text)))
	}
	want := []string{"── angehängt (x entfernt) ──", "✓  schon.jpg", "── seit Beginn der Rücknahme ──", "[ ] neu.jpg", "── älter ──", "[ ] alt.jpg"}
	if len(got) != len(want) {
		t.Fatalf("rows\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Fatalf("row %d %q, want %q…\n%s", i, got[i], want[i], strings.Join(got, "\n"))
		}
	}
	if !strings.HasSuffix(got[3], "    7 KB") || !strings.HasSuffix(got[5], "5,1 MB") {
		t.Errorf("sizes: %q, %q", got[3], got[5])
	}
}
