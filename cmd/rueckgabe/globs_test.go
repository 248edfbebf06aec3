package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// cmd.exe and PowerShell pass `attach ID IMG_000*.JPG` unexpanded: the
// program expands the pattern itself.
func TestAttachExpandsAPattern(t *testing.T) {
	dir, cam := t.TempDir(), writePhotos(t)
	id := importComplete(t, dir, true)
	code, out, errOut := runCLI(t, "", "--data", dir, "attach", id, filepath.Join(cam, "IMG_000[12].JPG"), filepath.Join(cam, "tach?.png"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasSuffix(lines[0], "IMG_0001.JPG") || !strings.HasSuffix(lines[1], "IMG_0002.JPG") || !strings.HasSuffix(lines[2], "tacho.png") {
		t.Fatalf("attach with patterns: %d %q %s", code, out, errOut)
	}
	// a pattern that matches nothing is an error naming it; nothing attached
	pat := filepath.Join(cam, "IMG_9*.JPG")
	code, out, errOut = runCLI(t, "", "--data", dir, "attach", id, filepath.Join(cam, "IMG_0001.JPG"), pat)
	if code != 2 || out != "" || !strings.Contains(errOut, pat+": keine Datei passt / no file matches") {
		t.Errorf("pattern without match: %d %q %q", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "", "--data", dir, "attach", id, filepath.Join(cam, "IMG_[.JPG"))
	if code != 2 || !strings.Contains(errOut, "malformed pattern") {
		t.Errorf("malformed pattern: %d %q", code, errOut)
	}
}

func TestImportAndVerifyExpandPatterns(t *testing.T) {
	src, err := os.ReadFile("../../testdata/full-example.json")
	if err != nil {
		t.Fatal(err)
	}
	in := t.TempDir()
	if err := os.WriteFile(filepath.Join(in, "protokoll-1.json"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if code, out, errOut := runCLI(t, "", "--data", dir, "import", filepath.Join(in, "protokoll-*.json")); code != 0 || !strings.HasPrefix(out, "imported ") {
		t.Fatalf("import with a pattern: %d %q %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "", "--data", dir, "import", filepath.Join(in, "*.xml")); code != 2 || !strings.Contains(errOut, "no file matches") {
		t.Errorf("import of a pattern without match: %d %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "--data", dir, "verify", filepath.Join(in, "*.bundle.json")); code != 2 || !strings.Contains(errOut, "*.bundle.json: keine Datei passt") {
		t.Errorf("verify of a pattern without match: %d %q", code, errOut)
	}
}

func TestExpandArgs(t *testing.T) {
	d := t.TempDir()
	for _, n := range []string{"IMG_0412.JPG", "img_0413.jpg", "Foto [1].jpg", "b.png"} {
		if err := os.WriteFile(filepath.Join(d, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	j := func(n string) string { return filepath.Join(d, n) }
	// a file whose name holds [ ] is taken as it is, "-" too
	got, err := expandArgs([]string{j("Foto [1].jpg"), "-", j("b.png")})
	if err != nil || !slices.Equal(got, []string{j("Foto [1].jpg"), "-", j("b.png")}) {
		t.Errorf("literal names: %q %v", got, err)
	}
	// by case (Unix), and without regard to case (Windows)
	if got, _ := glob(j("*.jpg"), false); !slices.Equal(got, []string{j("Foto [1].jpg"), j("img_0413.jpg")}) {
		t.Errorf("case-sensitive *.jpg: %q", got)
	}
	if got, _ := glob(j("img_04*.JPG"), true); !slices.Equal(got, []string{j("IMG_0412.JPG"), j("img_0413.jpg")}) {
		t.Errorf("case-folding img_04*.JPG: %q", got)
	}
	if got, _ := glob(filepath.Join(filepath.Dir(d), "*", "B.PNG"), true); !slices.Equal(got, []string{j("b.png")}) {
		t.Errorf("case-folding with a folder pattern: %q", got)
	}
}
