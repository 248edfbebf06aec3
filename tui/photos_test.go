package tui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/internal/fixture"
	"rueckgabe/service"
)

// cameraCard writes a folder as a camera card holds it: two photos taken
// just now, one from last year, a HEIC, a text file named .jpg, a subfolder.
func cameraCard(t *testing.T) string {
	cam := filepath.Join(t.TempDir(), "KARTE")
	if err := os.Mkdir(cam, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte, mod time.Time) {
		p := filepath.Join(cam, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	write("IMG_0101.JPG", fixture.JPEG(t, fixture.Image(40, 30, 1)), now.Add(time.Minute))
	write("IMG_0102.JPG", fixture.JPEG(t, fixture.Image(40, 30, 2)), now.Add(2*time.Minute))
	write("IMG_0001.JPG", fixture.JPEG(t, fixture.Image(40, 30, 3)), now.AddDate(-1, 0, 0))
	write("IMG_0103.HEIC", append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 32)...), now.Add(3*time.Minute))
	write("kaputt.jpg", []byte("not a photo"), now.AddDate(-2, 0, 0))
	os.Mkdir(filepath.Join(cam, "DCIM"), 0o700)
	return cam
}

// toCostStep opens a new finding in the walkthrough's first category and
// walks it to the cost step.
func toCostStep(d *driver) {
	d.press("f4", "a", "enter", "enter", "enter", "enter")
	d.mustSee("Kosten netto")
}

func TestAttachPhotosToTheCarAndToAFinding(t *testing.T) {
	dir, cam := t.TempDir(), cameraCard(t)
	d := newDriver(t, dir, 80, 24)
	d.m.c.Device.LastPhotoDir = filepath.Dir(cam) // the card's parent: the picker opens there
	d.press("d")                                  // the demo protocol, on Stammdaten
	d.press("ctrl+o")
	d.mustSee("▸ ../", "▸ KARTE/")
	d.press("down", "enter")
	d.mustSee("Fotos anhängen", "── seit Beginn der Rücknahme ──", "── älter ──", "HEIC: als JPEG exportieren", "DCIM/")
	// newest first: the HEIC (newest) is above IMG_0102 above IMG_0101
	s := d.screen()
	if !(strings.Index(s, "IMG_0103.HEIC") < strings.Index(s, "IMG_0102.JPG") && strings.Index(s, "IMG_0102.JPG") < strings.Index(s, "IMG_0101.JPG") &&
		strings.Index(s, "IMG_0101.JPG") < strings.Index(s, "── älter ──") && strings.Index(s, "── älter ──") < strings.Index(s, "IMG_0001.JPG")) {
		t.Fatalf("not newest first, new ones above the divider:\n%s", s)
	}
	d.press("a") // every photo since the return was started (not the HEIC)
	d.mustSee("2 ausgewählt")
	d.press("enter")
	d.mustSee("Fotos (2): IMG_0102.JPG, IMG_0101.JPG", "2 Fotos zum Fahrzeug angehängt")
	var id string
	for k, p := range storedProtocols(t, dir) {
		id = k
		if len(p.Evidence) != 2 || p.Evidence[0].Name != "IMG_0102.JPG" || p.Evidence[0].Size == 0 {
			t.Fatalf("stored protocol photos: %+v", p.Evidence)
		}
	}

	// a finding: ctrl+o in the cost step keeps the typed amount
	toCostStep(d)
	d.typ("120")
	d.press("ctrl+o")
	d.mustSee("Fotos anhängen")
	d.press("space") // the cursor starts on the newest photo: the HEIC cannot be taken
	d.press("down", "space", "enter")
	d.mustSee("1 Foto angehängt – ctrl+s übernimmt den Befund", "Fotos (1): IMG_0102.JPG")
	d.press("ctrl+s")
	p := storedProtocols(t, dir)[id]
	f := p.Findings[len(p.Findings)-1]
	if len(f.Evidence) != 1 || f.Evidence[0].Name != "IMG_0102.JPG" || !f.Cost.Decimal.Equal(dec("120")) {
		t.Fatalf("stored finding: cost %s, photos %+v", f.Cost.Decimal, f.Evidence)
	}
	// thumbnails made in the background, the folder remembered for next time
	if thumbs, _ := filepath.Glob(filepath.Join(dir, service.ThumbDir, "*.jpg")); len(thumbs) != 2 {
		t.Errorf("%d thumbnails made, want 2", len(thumbs))
	}
	var dev service.Device
	b, _ := os.ReadFile(filepath.Join(dir, service.DeviceFile))
	if json.Unmarshal(b, &dev); dev.LastPhotoDir != cam {
		t.Errorf("last photo folder %q, want %q", dev.LastPhotoDir, cam)
	}
}

func TestPhotosThatCannotBeAttachedSaySoAndAttachNothing(t *testing.T) {
	dir, cam := t.TempDir(), cameraCard(t)
	d := newDriver(t, dir, 100, 30)
	d.m.c.Device.LastPhotoDir = cam
	d.press("d", "ctrl+o")
	d.press("enter") // the cursor is on the HEIC
	d.mustSee("HEIC-Fotos zuerst als JPEG exportieren")
	for range 6 {
		d.press("down")
	}
	d.press("space") // kaputt.jpg, the oldest
	d.press("up", "up", "space", "enter")
	d.mustSee("keine Fotos angehängt – kaputt.jpg: ist kein JPEG- oder PNG-Foto")
	for _, p := range storedProtocols(t, dir) {
		if len(p.Evidence) > 0 {
			t.Fatalf("a refused file let photos in: %+v", p.Evidence)
		}
	}
}

// The reply of a photo copy belongs to the editor that asked: if that
// finding was discarded and another opened meanwhile, the photos go to
// neither.
func TestLatePhotoReplyDoesNotLandOnAnotherFinding(t *testing.T) {
	d := heldPhotoCopy(t)
	w := d.m.pages[pageWalk].(*walkPage)
	for i := 0; w.editor != nil && i < 10; i++ {
		d.press("esc") // back through the steps, then discard the finding
	}
	if w.editor != nil {
		t.Fatal("the finding editor did not close")
	}
	d.hold = false
	d.press("a", "enter", "enter", "enter", "enter") // another finding, at its cost step
	d.mustSee("Kosten netto")
	d.hold = true
	d.resolve()
	if n := d.deliver(func(m tea.Msg) bool { _, ok := m.(photosStoredMsg); return ok }); n != 1 {
		t.Fatalf("%d photo replies", n)
	}
	d.settle()
	d.mustSee("Fotos nicht angehängt: der Befund wurde inzwischen geschlossen")
	if ev := d.m.pages[pageWalk].(*walkPage).editor.f().Evidence; len(ev) > 0 {
		t.Fatalf("the other finding got the photos: %+v", ev)
	}
}

// Photos for the car asked for, then the protocol left: they still reach
// that protocol, saved, and not the one opened next.
func TestLatePhotoReplyReachesTheProtocolThatAsked(t *testing.T) {
	dir, cam := t.TempDir(), cameraCard(t)
	d := newDriver(t, dir, 80, 24)
	d.m.c.Device.LastPhotoDir = cam
	d.press("d")
	first := d.m.sess.p.ID
	d.press("ctrl+o")
	d.hold = true
	d.press("down", "space", "enter") // copy held
	d.press("esc")                    // leave the protocol
	d.hold = false
	d.press("n", "enter") // a new protocol on screen
	d.typ("Z-ZZ 9")
	d.press("tab")
	d.settle() // the copy runs, its reply arrives now
	ps := storedProtocols(t, dir)
	if len(ps[first].Evidence) != 1 {
		t.Fatalf("the protocol that asked has %d photos", len(ps[first].Evidence))
	}
	for id, p := range ps {
		if id != first && len(p.Evidence) > 0 {
			t.Fatalf("the next protocol got photos: %+v", p.Evidence)
		}
	}
}

// ctrl+o applies the field being typed in before the picker opens.
func TestOpeningThePhotoPickerAppliesTheTypedField(t *testing.T) {
	dir, cam := t.TempDir(), cameraCard(t)
	d := newDriver(t, dir, 80, 24)
	d.m.c.Device.LastPhotoDir = cam
	toModel(d)
	d.typ("320d")
	d.press("ctrl+o")
	d.mustSee("Fotos anhängen")
	ps := storedProtocols(t, dir)
	if len(ps) != 1 {
		t.Fatalf("%d protocols stored: the typed field was not applied", len(ps))
	}
	for _, p := range ps {
		if p.Vehicle.Model != "320d" {
			t.Fatalf("model %q stored, want what was typed", p.Vehicle.Model)
		}
	}
	d.press("esc") // closes the picker only
	d.mustSee("Stammdaten", "Modell")
}

// A photo attached by mistake is removed again in the picker: x on it. The
// car's photos are saved at once, a finding's with the finding; the file
// stays in the store (content-addressed, maybe named by another protocol).
func TestAttachedPhotoIsRemovedWithX(t *testing.T) {
	dir, cam := t.TempDir(), cameraCard(t)
	d := newDriver(t, dir, 100, 30)
	d.m.c.Device.LastPhotoDir = cam
	d.press("d", "ctrl+o", "a", "enter") // the two new photos, for the car
	d.mustSee("Fotos (2)")
	d.press("ctrl+o")
	d.mustSee("── angehängt (x entfernt) ──", "x Foto entfernen")
	for d.m.pages[pageMaster].(*formPage).photos.cursor != 0 {
		d.press("up")
	}
	d.press("x", "esc")
	d.mustSee("Fotos (1)")
	id := d.m.sess.p.ID
	if ev := storedProtocols(t, dir)[id].Evidence; len(ev) != 1 {
		t.Fatalf("stored car photos after x: %d", len(ev))
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "photos", "*", "*")); len(files) != 2 {
		t.Errorf("%d photo files: removing from a protocol must not delete the file", len(files))
	}

	toCostStep(d) // a finding: its photo removed before the finding is taken
	d.typ("50")
	d.press("ctrl+o", "down", "space", "enter") // the cursor starts on the HEIC, the newest
	d.mustSee("Fotos (1)")
	d.press("ctrl+o")
	for d.m.pages[pageWalk].(*walkPage).editor.photos.cursor != 0 {
		d.press("up")
	}
	d.press("x", "esc")
	d.mustSee("Foto entfernt – ctrl+s übernimmt den Befund")
	d.press("ctrl+s")
	p := storedProtocols(t, dir)[id]
	if ev := p.Findings[len(p.Findings)-1].Evidence; len(ev) != 0 {
		t.Fatalf("finding photos after x: %+v", ev)
	}
}

// Where the screen is wide and in colour, the picker shows the photo under
// the cursor as half-blocks beside the list; elsewhere none.
func TestPickerPreviewsThePhotoUnderTheCursor(t *testing.T) {
	dir, cam := t.TempDir(), cameraCard(t)
	d := newDriver(t, dir, 120, 30)
	d.m.c.Device.LastPhotoDir, d.m.c.Colour = cam, true
	d.press("d", "ctrl+o", "down") // IMG_0102.JPG
	view := d.m.View().Content
	if !strings.Contains(view, "▀") || !strings.Contains(view, "\x1b[38;2;") {
		t.Fatal("no preview of the photo under the cursor")
	}
	for i, line := range strings.Split(view, "\n") {
		if w := lipgloss.Width(line); w > 120 {
			t.Fatalf("line %d is %d cells", i, w)
		}
	}
	d.press("up") // the HEIC: no preview, and nothing stale of the JPEG
	if strings.Contains(d.m.View().Content, "▀") {
		t.Error("a preview beside a file that has none")
	}
	d.m.c.Colour = false // NO_COLOR: never a picture
	d.press("down")
	if strings.Contains(d.m.View().Content, "▀") {
		t.Error("a preview without colour")
	}
}

// A finding is not taken while its photos are still being copied: taken,
// it would have closed the editor the photos were meant for and they were
// left out (an outside tester lost 8 MB of photos so). Once they are in,
// it is taken with them.
func TestFindingWaitsForItsPhotos(t *testing.T) {
	d := heldPhotoCopy(t)
	d.mustSee("1 Foto wird kopiert")
	d.press("ctrl+s")
	w := d.m.pages[pageWalk].(*walkPage)
	if w.editor == nil {
		t.Fatal("the finding was taken while its photos were copied")
	}
	d.mustSee("Fotos werden noch kopiert")
	d.settle()
	if e := d.m.pages[pageWalk].(*walkPage).editor; e.err != "" {
		t.Fatalf("the photos are in, the editor still says %q", e.err)
	}
	d.press("ctrl+s")
	if w.editor != nil {
		t.Fatalf("not taken once the photos were in: %s", w.editor.err)
	}
	p := d.m.sess.p
	if f := p.Findings[len(p.Findings)-1]; len(f.Photos)+len(f.Evidence) == 0 {
		t.Fatal("the finding was taken without its photos")
	}
}

// heldPhotoCopy is a new finding at its cost step with a photo chosen whose
// copy is held back (the driver holds commands).
func heldPhotoCopy(t *testing.T) *driver {
	t.Helper()
	dir, cam := t.TempDir(), cameraCard(t)
	d := newDriver(t, dir, 80, 24)
	d.m.c.Device.LastPhotoDir = cam
	d.press("d")
	toCostStep(d)
	d.press("ctrl+o")
	d.hold = true
	d.press("down", "space", "enter") // the copy is held back
	return d
}
