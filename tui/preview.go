package tui

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/image/draw"

	"rueckgabe/inspection"
	"rueckgabe/photo"
)

// The photo picker shows the photo under the cursor as a half-block picture
// where the screen is wide enough and colours are on: each cell a "▀" whose
// foreground is the upper pixel and background the lower. Never required —
// without colour or room there is none — and made off the UI loop.

// Preview pane size in cells; the picture is twice as many pixels high.
const (
	previewCols = 32
	previewRows = 12
	previewMinW = 96 // the list needs the rest
)

// previewMsg carries a made preview for the file at path.
type previewMsg struct {
	path  string
	cells []string // one string of half-blocks per row
	err   error
}

// previewCmd decodes a photo (bounded as every photo is: 25 MB, 120 MP),
// turns it upright and scales it into the pane.
func previewCmd(path string) tea.Cmd {
	return func() tea.Msg {
		cells, err := makePreview(path)
		return previewMsg{path: path, cells: cells, err: err}
	}
}

func makePreview(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > inspection.MaxPhotoBytes {
		return nil, fmt.Errorf("too large for a preview")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	th, err := photo.Thumbnail(data)
	if err != nil {
		return nil, err
	}
	img, err := jpeg.Decode(bytes.NewReader(th))
	if err != nil {
		return nil, err
	}
	return halfBlocks(img, previewCols, previewRows), nil
}

// halfBlocks draws img into cols × rows cells, keeping its aspect ratio
// (a cell is about twice as high as wide: two pixels).
func halfBlocks(img image.Image, cols, rows int) []string {
	b := img.Bounds()
	w, h := cols, cols*b.Dy()/max(1, b.Dx())
	if h > rows*2 {
		w, h = max(1, rows*2*b.Dx()/max(1, b.Dy())), rows*2
	}
	h += h % 2
	small := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(small, small.Bounds(), img, b, draw.Src, nil)
	out := make([]string, 0, h/2)
	for y := 0; y < h; y += 2 {
		var line strings.Builder
		for x := range w {
			t, u := small.RGBAAt(x, y), small.RGBAAt(x, y+1)
			fmt.Fprintf(&line, "\x1b[38;2;%d;%d;%dm\x1b[48;2;%d;%d;%dm▀", t.R, t.G, t.B, u.R, u.G, u.B)
		}
		line.WriteString("\x1b[0m")
		out = append(out, line.String())
	}
	return out
}
