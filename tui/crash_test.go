package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestPanicEndsInTheCrashScreen: a bug that panics while a key is handled
// or the screen is drawn shows a German screen (no stack trace), writes the
// stack into a report in the data directory, takes no further keys but the
// ones that quit, and leaves what was saved stored.
func TestPanicEndsInTheCrashScreen(t *testing.T) {
	for _, where := range []string{"update", "view"} {
		t.Run(where, func(t *testing.T) {
			dir := t.TempDir()
			d := newDriver(t, dir, 80, 24)
			d.press("d") // the demo protocol, saved
			d.mustSee("gespeichert")
			armed := false
			panicHook = func(msg tea.Msg) {
				if !armed {
					return
				}
				if k, ok := msg.(tea.KeyPressMsg); where == "update" && ok && k.String() == "x" {
					panic("Fehler im Test: x")
				}
				if where == "view" && msg == nil {
					panic("Fehler im Test beim Zeichnen")
				}
			}
			t.Cleanup(func() { panicHook = nil })
			armed = true
			d.press("x")
			_ = d.screen() // the view of the key's outcome
			armed = false
			s := d.screen()
			for _, want := range []string{"Interner Fehler – rueckgabe muss beendet werden.", "„● gespeichert“", "Bericht für die Entwickler", "q oder Enter: beenden"} {
				if !strings.Contains(s, want) {
					t.Fatalf("crash screen without %q:\n%s", want, s)
				}
			}
			if strings.Contains(s, "goroutine") || strings.Contains(s, ".go:") {
				t.Fatalf("a stack trace on the screen:\n%s", s)
			}
			crashed, report := d.m.Crash()
			if !crashed || filepath.Dir(report) != dir {
				t.Fatalf("crashed %v, report %q", crashed, report)
			}
			data, err := os.ReadFile(report)
			if err != nil || !strings.Contains(string(data), "Fehler im Test") || !strings.Contains(string(data), "goroutine") {
				t.Fatalf("report %q: %v\n%s", report, err, data)
			}
			// nothing but quitting: "n" opens no new protocol
			d.press("n")
			if !strings.Contains(d.screen(), "Interner Fehler") || d.quit {
				t.Fatal("a key after the crash reached the pages")
			}
			d.press("q")
			if !d.quit {
				t.Fatal("q does not end the program after a crash")
			}
			// what was saved is stored: a new start lists the demo
			d2 := newDriver(t, dir, 80, 24)
			d2.mustSee("M-DE 2024")
		})
	}
}
