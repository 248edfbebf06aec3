package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func mkdirs(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
}

func envOf(vars map[string]string, home string) lookupEnv {
	return lookupEnv{getenv: func(k string) string { return vars[k] }, home: home}
}

// OneDrive keeps a Windows laptop's Pictures when its backup is on: the
// picker starts there ("Bilder" when set up in German), before ~/Pictures.
func TestStartFolderFindsOneDrivePictures(t *testing.T) {
	home := t.TempDir()
	business := filepath.Join(home, "OneDrive - Autohaus Muster")
	mkdirs(t, filepath.Join(home, "Pictures"), filepath.Join(home, "OneDrive", "Pictures"), filepath.Join(business, "Bilder"))

	cases := []struct {
		name string
		vars map[string]string
		last string
		want string
	}{
		{"%OneDrive%\\Bilder", map[string]string{"OneDrive": business}, "", filepath.Join(business, "Bilder")},
		{"%OneDriveCommercial%\\Bilder", map[string]string{"OneDriveCommercial": business}, "", filepath.Join(business, "Bilder")},
		{"%USERPROFILE%\\OneDrive\\Pictures", nil, "", filepath.Join(home, "OneDrive", "Pictures")},
		{"the last folder wins", map[string]string{"OneDrive": business}, home, home},
		{"a vanished last folder does not", nil, filepath.Join(home, "gone"), filepath.Join(home, "OneDrive", "Pictures")},
	}
	for _, c := range cases {
		if got := startPhotoDir(c.last, envOf(c.vars, home)); got != c.want {
			t.Errorf("%s: start folder %q, want %q", c.name, got, c.want)
		}
	}
	// without OneDrive: ~/Bilder before ~/Pictures, else home
	plain := t.TempDir()
	if got := startPhotoDir("", envOf(nil, plain)); got != plain {
		t.Errorf("no Pictures: %q", got)
	}
	mkdirs(t, filepath.Join(plain, "Pictures"), filepath.Join(plain, "Bilder"))
	if got := startPhotoDir("", envOf(nil, plain)); got != filepath.Join(plain, "Bilder") {
		t.Errorf("Bilder and Pictures: %q", got)
	}
}

func TestPlacesListPicturesHomeAndRoots(t *testing.T) {
	home := t.TempDir()
	od := filepath.Join(home, "OneDrive")
	mkdirs(t, filepath.Join(od, "Bilder"))
	got := listPlaces(envOf(map[string]string{"OneDrive": od}, home), []string{`D:\`, "/", home})
	var paths []string
	for _, e := range got {
		if !e.dir || !e.place {
			t.Errorf("%+v is not a place", e)
		}
		paths = append(paths, e.path)
	}
	want := []string{filepath.Join(od, "Bilder"), home, `D:\`, "/"}
	if !slices.Equal(paths, want) {
		t.Errorf("places %q, want %q", paths, want)
	}
}

func TestDrivesFromMask(t *testing.T) {
	// A: (floppy), C:, D: (card reader), Z: (network)
	got := drivesFromMask(1<<0 | 1<<2 | 1<<3 | 1<<25)
	if want := []string{`A:\`, `C:\`, `D:\`, `Z:\`}; !slices.Equal(got, want) {
		t.Errorf("drives %q, want %q", got, want)
	}
	if got := drivesFromMask(0); len(got) != 0 {
		t.Errorf("no drives: %q", got)
	}
}

func TestMountsIn(t *testing.T) {
	vol := t.TempDir()
	mkdirs(t, filepath.Join(vol, "KARTE"), filepath.Join(vol, "Macintosh HD"), filepath.Join(vol, ".hidden"))
	os.WriteFile(filepath.Join(vol, "file"), nil, 0o600)
	got := mountsIn(vol)
	if want := []string{filepath.Join(vol, "KARTE"), filepath.Join(vol, "Macintosh HD")}; !slices.Equal(got, want) {
		t.Errorf("mounts %q, want %q", got, want)
	}
	if mountsIn(filepath.Join(vol, "none")) != nil {
		t.Error("a missing folder has mounts")
	}
}

func TestUpFromATopLeadsToThePlaces(t *testing.T) {
	root := string(filepath.Separator)
	if v := filepath.VolumeName(os.TempDir()); v != "" {
		root = v + root
	}
	for dir, want := range map[string]string{root: placesDir, placesDir: placesDir, filepath.Join(root, "a", "b"): filepath.Join(root, "a")} {
		if got := upFrom(dir); got != want {
			t.Errorf("upFrom(%q) = %q, want %q", dir, got, want)
		}
	}
}

func TestTypedPath(t *testing.T) {
	cur, home := filepath.Join(string(filepath.Separator), "media", "karte"), filepath.Join(string(filepath.Separator), "home", "max")
	abs := filepath.Join(string(filepath.Separator), "srv", "fotos")
	for typed, want := range map[string]string{
		"":                 cur,
		"  " + abs + "  ":  abs,
		`"` + abs + `"`:    abs, // Explorer's "Als Pfad kopieren" quotes
		"~":                home,
		"~/Bilder":         filepath.Join(home, "Bilder"),
		"DCIM":             filepath.Join(cur, "DCIM"),
		abs + "/../x":      filepath.Join(string(filepath.Separator), "srv", "x"),
		"DCIM/100CANON/..": filepath.Join(cur, "DCIM"),
	} {
		if got := typedPath(typed, cur, home); got != want {
			t.Errorf("typedPath(%q) = %q, want %q", typed, got, want)
		}
	}
}

// At the top of the file system `..` leads to the places (the drives on
// Windows), and a path typed after ctrl+l or / opens wherever the card is.
func TestPickerReachesAnyFolder(t *testing.T) {
	cam := cameraCard(t)
	d := newDriver(t, t.TempDir(), 120, 40)
	root := string(filepath.Separator)
	if v := filepath.VolumeName(cam); v != "" {
		root = v + root
	}
	d.m.c.Device.LastPhotoDir = root
	d.press("d", "ctrl+o")
	d.mustSee("▸ ../")
	d.press("enter") // the cursor is on .. (no photos in /)
	d.mustSee("Ordner: "+placesTitle, "▸ "+root)
	if strings.Contains(d.screen(), "▸ ../") {
		t.Fatal("the places have a parent")
	}
	d.press("left") // ← at the places stays there
	d.mustSee("Ordner: " + placesTitle)

	d.press("ctrl+l")
	d.mustSee("Pfad:")
	d.typ(`"` + cam + `"`)
	d.press("enter")
	d.mustSee("IMG_0102.JPG", "IMG_0001.JPG", "▸ DCIM/")
	if strings.Contains(d.screen(), "Pfad:") {
		t.Fatal("the path field stays open")
	}

	d.press("ctrl+l") // prefilled with the folder shown: a subfolder is its name
	d.typ("DCIM")
	d.press("enter")
	d.mustSee("Ordner: " + filepath.Join(cam, "DCIM"))

	d.press("/", "esc") // esc closes the field, not the picker
	d.mustSee("Fotos anhängen")
	if strings.Contains(d.screen(), "Pfad:") {
		t.Fatal("esc left the path field open")
	}
	// a pasted path opens the field with it, whatever was shown
	d.send(tea.PasteMsg{Content: `"` + cam + `"`})
	d.mustSee("Pfad:")
	d.press("enter")
	d.mustSee("IMG_0102.JPG")

	d.press("ctrl+l")
	d.typ("gibt-es-nicht")
	d.press("enter")
	d.mustSee("Ordner nicht lesbar")
}
