package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenScreens renders the main screens of the demo protocol at 80×24
// 100×30 and 120×40 (go test ./tui -update rewrites them after a deliberate
// change).
func TestGoldenScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			d := newDriver(t, t.TempDir(), w, h)
			// testdata/TestGoldenScreens/WxH/NAME.golden
			shot := func(name string) {
				t.Run(name, func(t *testing.T) {
					screen := d.screen()
					lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
					// the footer names whole keys, F1 for the rest: never cut
					if last := lines[len(lines)-1]; strings.Contains(last, "…") {
						t.Errorf("footer cut: %q", last)
					}
					golden.RequireEqual(t, screen)
				})
			}
			shot("welcome")
			d.press("d")
			shot("stammdaten")
			d.press("f3")
			shot("voraussetzungen")
			d.press("f4", "right")
			shot("rundgang")
			d.press("a")
			d.typ("tür")
			shot("befund_bauteil")
			d.press("enter")
			shot("befund_kriterium")
			d.press("1", "4", "enter")
			d.typ("120")
			shot("befund_kosten")
			d.press("enter", "f5")
			shot("reifen_lieferumfang_hu")
			d.press("f6")
			shot("uebersicht")
			d.m.c.Now = func() time.Time { return time.Date(2024, 4, 3, 10, 20, 0, 0, time.UTC) }
			d.press("f7")
			shot("unterschriften")
			d.press("enter")
			shot("unterschrift_dialog")
			d.press("esc")
			d.press("esc")
			shot("start")
			d.press("?")
			shot("hilfe")
		})
	}
}
