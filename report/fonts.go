package report

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sync"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// The fallback fonts (fonts/README.md): gzip-compressed in the binary and
// decompressed only when a PDF needs a character the Go fonts lack.
var (
	//go:embed fonts/DejaVuSans.ttf.gz
	dejavuGz []byte
	//go:embed fonts/DroidSansFallback.ttf.gz
	droidGz []byte
)

// face is one font the PDF may draw a character with.
type face struct {
	family string
	gz     []byte // nil: the Go font, always loaded
	once   sync.Once
	ttf    []byte
	sf     *sfnt.Font
}

// faces in the order they are asked: the Go font first, so Latin, Greek and
// Cyrillic always look the same; then Hebrew/Arabic/symbols; then CJK.
var faces = []*face{
	{family: "go", ttf: goregular.TTF},
	{family: "dejavu", gz: dejavuGz},
	{family: "droid", gz: droidGz},
}

func (f *face) load() {
	f.once.Do(func() {
		if f.gz != nil {
			zr, err := gzip.NewReader(bytes.NewReader(f.gz))
			if err != nil {
				return
			}
			if f.ttf, err = io.ReadAll(zr); err != nil {
				f.ttf = nil
				return
			}
		}
		f.sf, _ = sfnt.Parse(f.ttf)
	})
}

func (f *face) has(r rune) bool {
	f.load()
	if f.sf == nil {
		return false
	}
	var b sfnt.Buffer
	i, err := f.sf.GlyphIndex(&b, r)
	return err == nil && i != 0
}

// glyphCache remembers which face draws a rune (most texts repeat a few
// dozen characters; the fallback faces are large).
var glyphCache sync.Map // rune → string ("" = none)

// familyOf is the font family that draws r, "" when none does. The PDF's
// UTF-8 font support ends at the Basic Multilingual Plane, so an emoji
// beyond it has none.
func familyOf(r rune) string {
	if r < 0x80 {
		return "go"
	}
	if r > 0xFFFF {
		return ""
	}
	if v, ok := glyphCache.Load(r); ok {
		return v.(string)
	}
	fam := ""
	for _, f := range faces {
		if f.has(r) {
			fam = f.family
			break
		}
	}
	glyphCache.Store(r, fam)
	return fam
}

// faceTTF is the font file of a fallback family.
func faceTTF(family string) []byte {
	for _, f := range faces {
		if f.family == family {
			f.load()
			return f.ttf
		}
	}
	return nil
}
