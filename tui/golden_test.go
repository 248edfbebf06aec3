package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenScreens renders the main screens of the demo protocol at 80×24
// 100×30, 120×40 and 160×50 (go test ./tui -update rewrites them after a deliberate
// change).
func TestGoldenScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {160, 50}} {
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
			d.m.c.Device.LastPhotoDir = t.TempDir()
			d.press("ctrl+o")
			fakeCard(d.m.pages[pageWalk].(*walkPage).editor.photos)
			shot("fotos")
			d.press("esc", "enter", "f5")
			shot("reifen_lieferumfang_hu")
			d.press("f6")
			shot("uebersicht")
			d.m.c.Now = func() time.Time { return time.Date(2024, 4, 3, 10, 20, 0, 0, time.UTC) }
			d.press("f7")
			shot("unterschriften")
			d.press("enter")
			shot("unterschrift_dialog")
			d.press("esc", "down", "enter")
			shot("unterschrift_betraege") // what the valuation signature covers, wrapped, never cut
			d.press("esc")
			d.press("esc")
			shot("start")
			d.press("?")
			shot("hilfe")
		})
	}
}

// fakeCard shows a camera card with fixed names and times in the picker.
func fakeCard(pp *photoPicker) {
	at := func(day, h, m int) time.Time { return time.Date(2024, 4, day, h, m, 0, 0, time.Local) }
	pp.dir, pp.since = "/media/inspektor/KARTE/DCIM/100CANON", at(3, 9, 0)
	pp.entries = []photoEntry{
		{name: "..", path: "/media/inspektor/KARTE/DCIM", dir: true},
		{name: "IMG_0416.HEIC", path: "/c/6", mod: at(3, 10, 14), size: 2_400_000, heic: true},
		{name: "IMG_0415.JPG", path: "/c/5", mod: at(3, 10, 12), size: 5_100_000},
		{name: "IMG_0414.JPG", path: "/c/4", mod: at(3, 10, 11), size: 4_900_000},
		{name: "IMG_0413.JPG", path: "/c/3", mod: at(3, 10, 9), size: 5_300_000},
		{name: "IMG_0398.JPG", path: "/c/2", mod: at(1, 16, 40), size: 4_700_000},
		{name: "IMG_0397.JPG", path: "/c/1", mod: at(1, 16, 39), size: 4_800_000},
	}
	pp.chosen = map[string]bool{"/c/5": true, "/c/4": true}
	pp.cursor, pp.loading = 3, false
}
