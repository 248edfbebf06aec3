package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	"rueckgabe/inspection"
)

// MaxPixels bounds a photo's dimensions: a 100-megapixel camera stays under
// it, a decompression bomb (a tiny file claiming 100,000 × 100,000) does not.
const MaxPixels = 120_000_000

// Refused says why a file cannot be attached, in words for the inspector.
type Refused struct {
	Reason string // English, as the commands print it
	De     string // German, as the TUI shows it ("" : Reason)
}

func (e *Refused) Error() string { return e.Reason }

// German is the reason in German (the TUI's language), else in English.
func (e *Refused) German() string {
	if e.De != "" {
		return e.De
	}
	return e.Reason
}

func refuse(en, de string) error { return &Refused{Reason: en, De: de} }

// IsRefused reports whether err says the file is not an acceptable photo
// (as opposed to a read or disk error).
func IsRefused(err error) bool {
	var r *Refused
	return errors.As(err, &r)
}

// Info is what Inspect learns of a photo.
type Info struct {
	Type          string // inspection.PhotoJPEG or PhotoPNG
	Width, Height int
	EXIF          EXIF
}

// Inspect decides what a file is by its bytes (never its name) and checks
// that it is a JPEG or PNG whose header decodes and whose size is sane.
func Inspect(data []byte) (Info, error) {
	typ, err := Sniff(data)
	if err != nil {
		return Info{}, err
	}
	var cfg image.Config
	if typ == inspection.PhotoJPEG {
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	} else {
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return Info{}, refuse(fmt.Sprintf("looks like a %s but is damaged: %v", shortType(typ), err), fmt.Sprintf("sieht aus wie ein %s, ist aber beschädigt", shortType(typ)))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Info{}, refuse(fmt.Sprintf("claims %d × %d pixels (at most %d megapixels)", cfg.Width, cfg.Height, MaxPixels/1_000_000),
			fmt.Sprintf("gibt %d × %d Pixel an (höchstens %d Megapixel)", cfg.Width, cfg.Height, MaxPixels/1_000_000))
	}
	info := Info{Type: typ, Width: cfg.Width, Height: cfg.Height}
	info.EXIF = ReadEXIF(data)
	return info, nil
}

func shortType(typ string) string {
	if typ == inspection.PhotoPNG {
		return "PNG"
	}
	return "JPEG"
}

var (
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicPNG  = []byte("\x89PNG\r\n\x1a\n")
)

// Sniff returns the media type of a JPEG or PNG, or says what the file is
// instead and what to do about it.
func Sniff(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", refuse("is empty", "ist leer")
	case bytes.HasPrefix(data, magicJPEG):
		return inspection.PhotoJPEG, nil
	case bytes.HasPrefix(data, magicPNG):
		return inspection.PhotoPNG, nil
	}
	if brand, ok := isoBrand(data); ok {
		switch brand {
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
			return "", refuse("is a HEIC/HEIF photo: export it as JPEG first (iPhone: Settings › Camera › Formats › Most Compatible, or share as JPEG)",
				"ist ein HEIC/HEIF-Foto: zuerst als JPEG exportieren (iPhone: Einstellungen › Kamera › Formate › Maximale Kompatibilität, oder als JPEG teilen)")
		case "avif", "avis":
			return "", refuse("is an AVIF image: export it as JPEG first", "ist ein AVIF-Bild: zuerst als JPEG exportieren")
		}
		return "", refuse(fmt.Sprintf("is a video or ISO media file (%q), not a photo", brand), "ist ein Video oder eine ISO-Mediendatei, kein Foto")
	}
	for _, k := range []struct {
		magic, name string
	}{{"GIF8", "GIF"}, {"II*\x00", "TIFF/RAW"}, {"MM\x00*", "TIFF/RAW"}, {"BM", "BMP"}, {"%PDF", "PDF"}} {
		if bytes.HasPrefix(data, []byte(k.magic)) {
			return "", refuse(fmt.Sprintf("is a %s file, not a JPEG or PNG: export it as JPEG first", k.name), fmt.Sprintf("ist eine %s-Datei, kein JPEG oder PNG: zuerst als JPEG exportieren", k.name))
		}
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return "", refuse("is a WebP image, not a JPEG or PNG: export it as JPEG first", "ist ein WebP-Bild, kein JPEG oder PNG: zuerst als JPEG exportieren")
	}
	return "", refuse("is not a JPEG or PNG photo", "ist kein JPEG- oder PNG-Foto")
}

// isoBrand reads the major brand of an ISO base media file (HEIC, AVIF, MP4).
func isoBrand(data []byte) (string, bool) {
	if len(data) < 12 || string(data[4:8]) != "ftyp" {
		return "", false
	}
	return string(data[8:12]), true
}

// HeaderWithin reports whether head — the start of a file — holds all of
// a JPEG's segments up to the start of its image data (SOS): then Inspect
// of head says what Inspect of the whole file says. A PNG (whose metadata
// may come late) and anything cut short say false.
func HeaderWithin(head []byte) bool {
	if !bytes.HasPrefix(head, magicJPEG) {
		return false
	}
	for i := 2; ; {
		if i >= len(head) || head[i] != 0xFF {
			return false
		}
		for i < len(head) && head[i] == 0xFF { // fill bytes before a marker
			i++
		}
		if i >= len(head) {
			return false
		}
		m := head[i]
		i++
		switch {
		case m == 0xDA: // start of scan: the header is complete
			return true
		case m == 0xD8 || m == 0x01 || m >= 0xD0 && m <= 0xD7:
			continue // no length
		}
		if i+2 > len(head) {
			return false
		}
		i += int(head[i])<<8 | int(head[i+1])
	}
}
