package tui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"rueckgabe/service"
)

// heldJob starts a sync from the start list with the driver holding its
// commands back, so the test plays the worker: it counts items on the job
// and ticks the screen itself.
func heldJob(t *testing.T, d *driver) *job {
	t.Helper()
	d.hold = true
	d.press("s")
	if n := len(d.m.c.jobs.running); n != 1 {
		t.Fatalf("%d jobs running after s", n)
	}
	return d.m.c.jobs.running[0]
}

func TestSyncShowsItsProgressOnEveryScreenAndEndsWhereTheUserIs(t *testing.T) {
	clock := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	sealedInStore(t, dir)
	d := newDriver(t, dir, 80, 24)
	d.m.c.jobs.now = func() time.Time { return clock }
	j := heldJob(t, d)
	d.mustSee("Sync läuft")
	j.Start(40)
	for i := range 12 {
		j.Step("P-2026-" + string(rune('A'+i)))
	}
	clock = clock.Add(6 * time.Second) // 12 in 6 s: 28 more take 14 s
	d.send(jobTickMsg{})
	d.mustSee("Sync 12/40 ", "30 %", "noch 0:14", "P-2026-L")
	if s := d.screen(); !strings.Contains(s, "█") || !strings.Contains(s, "░") {
		t.Fatalf("no bar:\n%s", s)
	}
	// keys are not blocked: the user opens a new protocol and types while it runs
	d.hold = false
	d.press("n", "enter")
	d.typ("M-AB 1")
	d.mustSee("Kennzeichen", "M-AB 1", "Sync 12/40")
	// the body gave the line its room: the screen is still 24 lines
	if n := strings.Count(d.screen(), "\n") + 1; n != 24 {
		t.Fatalf("%d lines", n)
	}
	j.Step("P-2026-M")
	d.send(jobTickMsg{})
	d.mustSee("Sync 13/40")
	// the end is said on the protocol's screen, where the user is now
	d.send(syncedMsg{job: j, res: &service.SyncResult{Uploaded: []string{"a", "b"}}, to: "s3://returns/nord"})
	d.mustSee("Sync: 2 gesendet nach s3://returns/nord", "Kennzeichen")
	if strings.Contains(d.screen(), "Sync 13/40") {
		t.Fatal("the job's line stays after its end")
	}
	if cmd := d.m.c.jobs.tick(); cmd != nil || d.m.c.jobs.ticking {
		t.Fatal("ticks go on without a job")
	}
	d.press("tab") // the next key clears the notice
	if strings.Contains(d.screen(), "2 gesendet") {
		t.Fatal("notice stays after a key")
	}
}

func TestJobWithoutTotalSpinsWithACount(t *testing.T) {
	dir := t.TempDir()
	sealedInStore(t, dir)
	d := newDriver(t, dir, 80, 24)
	j := heldJob(t, d)
	j.Start(0)
	j.Step("x")
	j.Step("\x1b[31mrot\u202e")
	d.send(jobTickMsg{})
	first := d.screen()
	d.send(jobTickMsg{})
	if !strings.Contains(first, "Sync ") || !strings.Contains(first, " 2 · rot") || strings.Contains(first, "\x1b[31m") {
		t.Fatalf("count or cleaned item missing:\n%s", first)
	}
	if first == d.screen() {
		t.Fatal("the spinner does not turn between ticks")
	}
	if strings.Contains(first, "%") {
		t.Fatal("a percentage without a total")
	}
}

func TestJobLineFitsNarrowScreensAndHasNoColourWithNoColor(t *testing.T) {
	dir := t.TempDir()
	sealedInStore(t, dir)
	d := newDriver(t, dir, 40, 24)
	j := heldJob(t, d)
	j.Start(1000)
	j.Step(strings.Repeat("langer-Name-", 20))
	d.send(jobTickMsg{})
	for _, line := range strings.Split(d.m.View().Content, "\n") {
		if w := ansi.StringWidth(line); w > 40 {
			t.Fatalf("line of %d columns: %q", w, line)
		}
	}
	line := d.m.c.jobs.view(d.m.c.Styles, false, 80)
	if strings.Contains(line, "\x1b[3") || strings.Contains(line, "\x1b[9") {
		t.Fatalf("colour with NO_COLOR: %q", line)
	}
	coloured := d.m.c.jobs.view(NewStyles(false), true, 80)
	if !strings.Contains(coloured, "\x1b[") {
		t.Fatalf("no colour in colour: %q", coloured)
	}
}

func TestExportEndIsSaidOffTheSigningPage(t *testing.T) {
	d := newDriver(t, t.TempDir(), 80, 24)
	d.press("d") // the demo protocol, saved
	d.press("f7")
	d.mustSee("Unterschriften")
	sp := d.m.pages[pageSign].(*signPage)
	sp.sel = len(sp.rows()) - 2 // "PDF speichern"
	d.hold = true
	d.press("enter") // the PDF, held
	if len(d.m.c.jobs.running) != 1 {
		t.Fatalf("%d jobs", len(d.m.c.jobs.running))
	}
	j := d.m.c.jobs.running[0]
	j.Start(3)
	j.Step("a.jpg")
	d.send(jobTickMsg{})
	d.mustSee("PDF 1/3")
	d.hold = false
	d.press("f2") // away to Stammdaten
	d.send(exportedMsg{job: j, sess: d.m.sess.id, text: "PDF gespeichert: " + filepath.Join("x", "y.pdf")})
	d.mustSee("PDF gespeichert", "Kennzeichen")
	d.press("f7")
	d.send(exportedMsg{sess: d.m.sess.id, err: errors.New("disk full")})
	if strings.Contains(d.screen(), "Export fehlgeschlagen") {
		t.Fatal("on the signing page the page itself says it; no second notice")
	}
}

func TestRealSyncJobEndsAndStopsTicking(t *testing.T) {
	dir := t.TempDir()
	sealedInStore(t, dir)
	d := newDriver(t, dir, 80, 24)
	var ticks int
	d.m.c.jobs.ticker = func() tea.Cmd { ticks++; return nil }
	d.press("s") // no target: the job ends at once with the note
	d.mustSee("Sync noch nicht eingerichtet")
	if ticks != 1 || len(d.m.c.jobs.running) != 0 {
		t.Fatalf("ticks %d, running %d", ticks, len(d.m.c.jobs.running))
	}
}
