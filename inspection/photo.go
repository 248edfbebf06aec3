package inspection

import "fmt"

// Photo is one photo attached as evidence. Its bytes live beside the store
// under their SHA-256 and never change; the protocol records the hash, so the
// seal over the protocol covers every photo's bytes (docs/format.md).
type Photo struct {
	SHA256    string // lower-case hex of the file's bytes
	Size      int64  // bytes
	Name      string // the original file name: untrusted text, shown sanitised
	Type      string // PhotoJPEG or PhotoPNG
	TakenAt   string // when taken: "2024-04-03T10:12:05" (EXIF, offset when recorded) or RFC 3339 (file time)
	TakenFrom string // PhotoTakenEXIF or PhotoTakenFile; "" when unknown
}

// Media types a photo may have: what every camera, phone and PDF reader
// handles. Anything else (HEIC, RAW, WebP) is exported as JPEG first.
const (
	PhotoJPEG = "image/jpeg"
	PhotoPNG  = "image/png"
)

// Where a photo's time comes from.
const (
	PhotoTakenEXIF = "exif" // DateTimeOriginal in the image
	PhotoTakenFile = "file" // the file's modification time
)

// MaxPhotoBytes bounds one photo: a full-resolution phone or camera JPEG
// stays well below it.
const MaxPhotoBytes = 25 << 20

// ShortHash is the first 12 hex digits of a photo hash: what people read.
func ShortHash(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// validPhotoHash reports whether s is 64 lower-case hex digits.
func validPhotoHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// validatePhotos checks one list of attached photos (a finding's or the
// protocol's): well-formed hashes, sizes and types, each photo once.
func validatePhotos(probs *Problems, path string, photos []Photo) {
	seen := map[string]int{}
	for i, ph := range photos {
		at := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case !validPhotoHash(ph.SHA256):
			probs.Add(at+".sha256", "is %q, want 64 lower-case hex digits (the photo's SHA-256)", ph.SHA256)
		case seen[ph.SHA256] > 0:
			probs.Add(at+".sha256", "is the same photo as %s[%d]", path, seen[ph.SHA256]-1)
		}
		seen[ph.SHA256] = i + 1
		if ph.Size <= 0 || ph.Size > MaxPhotoBytes {
			probs.Add(at+".size", "is %d, want 1 to %d bytes", ph.Size, MaxPhotoBytes)
		}
		if ph.Type != PhotoJPEG && ph.Type != PhotoPNG {
			probs.Add(at+".type", "is %q, want %q or %q", ph.Type, PhotoJPEG, PhotoPNG)
		}
		if ph.Name == "" {
			probs.Add(at+".name", "is missing (the original file name)")
		}
		if ph.TakenFrom != "" && ph.TakenFrom != PhotoTakenEXIF && ph.TakenFrom != PhotoTakenFile {
			probs.Add(at+".taken_from", "is %q, want %q or %q", ph.TakenFrom, PhotoTakenEXIF, PhotoTakenFile)
		}
	}
}

// AllPhotos lists every photo a protocol holds, the protocol's own first,
// then each finding's, each hash once.
func (p *Protocol) AllPhotos() []Photo {
	var out []Photo
	seen := map[string]bool{}
	add := func(list []Photo) {
		for _, ph := range list {
			if !seen[ph.SHA256] {
				seen[ph.SHA256] = true
				out = append(out, ph)
			}
		}
	}
	add(p.Evidence)
	for i := range p.Findings {
		add(p.Findings[i].Evidence)
	}
	return out
}
