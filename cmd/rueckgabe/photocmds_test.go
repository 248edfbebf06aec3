package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

// writePhotos writes test photos as a camera card holds them: two JPEGs
// with EXIF (one turned, with GPS data), a PNG, and files that are not photos.
func writePhotos(t *testing.T) (dir string) {
	dir = t.TempDir()
	files := map[string][]byte{
		"IMG_0001.JPG":  fixture.WithEXIF(fixture.JPEG(t, fixture.Image(64, 48, 1)), fixture.TIFFEXIF(binary.LittleEndian, 6, "2024:04:03 10:12:05", "+02:00")),
		"IMG_0002.JPG":  fixture.JPEG(t, fixture.Image(64, 48, 2)),
		"tacho.png":     fixture.PNG(t, fixture.Image(32, 32, 3)),
		"IMG_0003.HEIC": append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 64)...),
		"notes.jpg":     []byte("not a photo at all"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var attachedLine = regexp.MustCompile(`^attached [0-9a-f]{12} \S+$`)

func TestAttachSealArchiveVerifyImport(t *testing.T) {
	dir, cam := t.TempDir(), writePhotos(t)
	id := importComplete(t, dir, true)
	run := func(args ...string) (int, string, string) {
		return runCLI(t, "", append([]string{"--data", dir}, args...)...)
	}

	// one bad file: nothing attached, each refusal named
	code, out, errOut := run("attach", id, "--finding", "1", filepath.Join(cam, "IMG_0001.JPG"), filepath.Join(cam, "IMG_0003.HEIC"), filepath.Join(cam, "notes.jpg"))
	if code != 2 || out != "" || !strings.Contains(errOut, "IMG_0003.HEIC: is a HEIC/HEIF photo: export it as JPEG") ||
		!strings.Contains(errOut, "notes.jpg: is not a JPEG or PNG") || !strings.Contains(errOut, "nothing attached") {
		t.Fatalf("bad files: %d %q %s", code, out, errOut)
	}
	if _, doc, _ := run("export", id); strings.Contains(doc, `"evidence"`) {
		t.Fatal("a refused attach stored a photo")
	}
	code, out, errOut = run("attach", id, "--finding", "1", filepath.Join(cam, "IMG_0001.JPG"), filepath.Join(cam, "IMG_0002.JPG"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !attachedLine.MatchString(lines[0]) || !attachedLine.MatchString(lines[1]) {
		t.Fatalf("attach: %d %q %s", code, out, errOut)
	}
	if !strings.Contains(errOut, "Unterschrift entfernt – Kunde: Einigung über Fahrzeugzustand") || !strings.Contains(errOut, "Unterschrift entfernt – Prüfer") {
		t.Errorf("a photo on a finding changed the condition the customer signed; not said: %q", errOut)
	}
	if code, out, _ = run("attach", id, "--finding", "1", filepath.Join(cam, "IMG_0001.JPG")); code != 0 || !strings.HasPrefix(out, "unchanged ") {
		t.Errorf("attaching the same photo again: %d %q", code, out)
	}
	if code, _, errOut = run("attach", id, "--finding", "99", filepath.Join(cam, "tacho.png")); code != 2 || !strings.Contains(errOut, "no such finding") {
		t.Errorf("--finding 99: %d %s", code, errOut)
	}
	if code, out, _ = run("attach", id, filepath.Join(cam, "tacho.png")); code != 0 || !attachedLine.MatchString(strings.TrimSpace(out)) {
		t.Fatalf("attach to the protocol: %d %q", code, out)
	}
	_, doc, _ := run("export", id)
	for _, want := range []string{`"taken_at": "2024-04-03T10:12:05+02:00"`, `"taken_from": "exif"`, `"taken_from": "file"`, `"name": "tacho.png"`, `"type": "image/png"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("exported protocol lacks %s", want)
		}
	}
	if code, out, _ = run("check"); code != 0 || !strings.Contains(out, "3 Fotos") {
		t.Errorf("check: %d %s", code, out)
	}

	// the photos changed what the signatures attest: they were taken off,
	// and the protocol is signed again
	if code, _, errOut = run("seal", id); code != 2 || !strings.Contains(errOut, "Unterschrift fehlt") {
		t.Fatalf("seal after photos changed the signed content: %d %s", code, errOut)
	}
	signAgain(t, dir, id)

	// sealed: no more photos; the archive carries them
	if code, _, errOut = run("seal", id); code != 0 {
		t.Fatalf("seal: %s", errOut)
	}
	if code, _, errOut = run("attach", id, filepath.Join(cam, "IMG_0002.JPG")); code != 2 || !strings.Contains(errOut, "versiegelt") {
		t.Errorf("attach to a sealed protocol: %d %s", code, errOut)
	}
	archive := filepath.Join(t.TempDir(), id+".zip")
	if code, _, errOut = run("export", id, "--format", "archive", "-o", archive); code != 0 {
		t.Fatalf("export archive: %s", errOut)
	}
	entries := zipEntries(t, archive)
	if len(entries) != 5 || entries[id+".bundle.json"] == nil || entries[id+".pdf"] == nil {
		t.Fatalf("archive holds %d entries", len(entries))
	}
	pdf := entries[id+".pdf"]
	if n := bytes.Count(pdf, []byte("/Subtype /Image")); n != 3 {
		t.Errorf("the PDF has %d images, want the 3 thumbnails", n)
	}
	if bytes.Contains(pdf, []byte("GPS-SECRET")) {
		t.Error("the PDF carries a photo's GPS data")
	}
	keyFile := filepath.Join(t.TempDir(), "device.pem")
	_, pem, _ := run("key")
	_ = os.WriteFile(keyFile, []byte(pem), 0o600)
	code, out, errOut = runCLI(t, "", "verify", archive, "--trust", keyFile)
	if code != 0 || !strings.Contains(out, "3 photos intact") {
		t.Fatalf("verify archive: %d %s %s", code, out, errOut)
	}

	// the back office imports it, idempotently, and gets the same bytes out
	office := t.TempDir()
	runCLI(t, "", "--data", office, "trust", "add", keyFile, "--name", "Gerät 1")
	if code, out, errOut = runCLI(t, "", "--data", office, "import", archive); code != 0 || out != "imported "+id+" (sealed)\n" {
		t.Fatalf("import archive: %d %q %s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, "", "--data", office, "import", archive); code != 0 || out != "unchanged "+id+"\n" {
		t.Errorf("import again: %d %q", code, out)
	}
	if code, out, _ = runCLI(t, "", "--data", office, "check"); code != 0 || !strings.Contains(out, "3 Fotos") {
		t.Errorf("office check: %d %s", code, out)
	}
	again := filepath.Join(t.TempDir(), "again.zip")
	runCLI(t, "", "--data", office, "export", id, "--format", "archive", "-o", again)
	if a, b := readFile(t, archive), readFile(t, again); !bytes.Equal(a, b) {
		t.Error("the back office's archive differs from the device's: the same protocol must give the same bytes")
	}

	// a stored photo altered on disk: check names it
	photos, _ := filepath.Glob(filepath.Join(office, "photos", "*", "*"))
	if len(photos) != 3 {
		t.Fatalf("office stores %d photo files", len(photos))
	}
	data := readFile(t, photos[0])
	data[len(data)/2] ^= 1
	_ = os.WriteFile(photos[0], data, 0o600)
	if code, _, errOut = runCLI(t, "", "--data", office, "check"); code != 1 || !strings.Contains(errOut, "was altered") || !strings.Contains(errOut, id) {
		t.Errorf("check with an altered photo: %d %s", code, errOut)
	}
	os.Remove(photos[1])
	if code, _, errOut = runCLI(t, "", "--data", office, "check"); code != 1 || !strings.Contains(errOut, "is missing") {
		t.Errorf("check with a missing photo: %d %s", code, errOut)
	}
}

func TestVerifyArchiveCatchesEveryPhotoTampering(t *testing.T) {
	dir, cam := t.TempDir(), writePhotos(t)
	id := importComplete(t, dir, true)
	runCLI(t, "", "--data", dir, "attach", id, "--finding", "1", filepath.Join(cam, "IMG_0001.JPG"))
	runCLI(t, "", "--data", dir, "attach", id, filepath.Join(cam, "tacho.png"))
	signAgain(t, dir, id)
	runCLI(t, "", "--data", dir, "seal", id)
	archive := filepath.Join(t.TempDir(), "a.zip")
	if code, _, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "archive", "-o", archive); code != 0 {
		t.Fatal(errOut)
	}
	keyFile := filepath.Join(t.TempDir(), "device.pem")
	_, pem, _ := runCLI(t, "", "--data", dir, "key")
	_ = os.WriteFile(keyFile, []byte(pem), 0o600)
	entries := zipEntries(t, archive)
	var photoNames []string
	for name := range entries {
		if strings.HasPrefix(name, "photos/") {
			photoNames = append(photoNames, name)
		}
	}
	cases := map[string]struct {
		edit func(map[string][]byte)
		want string
	}{
		"a photo byte changed": {func(m map[string][]byte) { m[photoNames[0]][40] ^= 0x10 }, "was changed"},
		"a photo removed":      {func(m map[string][]byte) { delete(m, photoNames[1]) }, "is missing from the archive"},
		"a photo added":        {func(m map[string][]byte) { m["photos/"+strings.Repeat("ab", 32)+".jpg"] = []byte("x") }, "does not name"},
		"a photo swapped":      {func(m map[string][]byte) { m[photoNames[0]], m[photoNames[1]] = m[photoNames[1]], m[photoNames[0]] }, "photo"},
		"a stray file":         {func(m map[string][]byte) { m["readme.txt"] = []byte("hi") }, "does not belong"},
		"a second PDF":         {func(m map[string][]byte) { m["zz-other.pdf"] = []byte("%PDF-1.4") }, "does not belong"},
		"the bundle changed": {func(m map[string][]byte) {
			m[id+".bundle.json"] = bytes.Replace(m[id+".bundle.json"], []byte(`"50.00"`), []byte(`"5.00"`), 1)
		}, "NOT VALID"},
		"a photo truncated":     {func(m map[string][]byte) { m[photoNames[0]] = m[photoNames[0]][:100] }, "was changed"},
		"a path outside photos": {func(m map[string][]byte) { m["photos/../../etc/passwd"] = []byte("x") }, "photos/<sha256>"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := map[string][]byte{}
			for k, v := range entries {
				m[k] = bytes.Clone(v)
			}
			c.edit(m)
			bad := filepath.Join(t.TempDir(), "bad.zip")
			writeZip(t, bad, m)
			code, _, errOut := runCLI(t, "", "verify", bad, "--trust", keyFile)
			if code != 1 || !strings.Contains(errOut, c.want) {
				t.Errorf("verify: %d %s", code, errOut)
			}
			office := t.TempDir()
			runCLI(t, "", "--data", office, "trust", "add", keyFile, "--name", "Gerät 1")
			if code, _, _ := runCLI(t, "", "--data", office, "import", bad); code == 0 {
				t.Error("a tampered archive was imported")
			}
			if _, out, _ := runCLI(t, "", "--data", office, "list", "--json"); strings.TrimSpace(out) != "[]" {
				t.Errorf("a tampered archive left a protocol: %s", out)
			}
		})
	}
}

func zipEntries(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

func writeZip(t *testing.T, path string, entries map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAttachRefusesWhatIsNoPhotoAndAmendmentsTakePhotos(t *testing.T) {
	dir, cam := t.TempDir(), writePhotos(t)
	id := importComplete(t, dir, true)
	huge := filepath.Join(cam, "huge.jpg")
	f, _ := os.Create(huge)
	f.Write([]byte{0xFF, 0xD8, 0xFF})
	f.Truncate(inspection.MaxPhotoBytes + 1) // sparse: no 25 MB written
	f.Close()
	cases := map[string]string{
		huge:                              "at most 25 MB",
		cam:                               "is a folder",
		filepath.Join(cam, "missing.jpg"): "cannot read: " + notThere(filepath.Join(cam, "missing.jpg")),
	}
	for file, want := range cases {
		code, _, errOut := runCLI(t, "", "--data", dir, "attach", id, file)
		if code != 2 || !strings.Contains(errOut, want) {
			t.Errorf("%s: %d %s", file, code, errOut)
		}
	}
	if code, _, errOut := runCLI(t, "", "--data", dir, "attach", "no-such-id", filepath.Join(cam, "tacho.png")); code != 2 || !strings.Contains(errOut, "no such protocol") {
		t.Errorf("unknown id: %d %s", code, errOut)
	}
	runCLI(t, "", "--data", dir, "attach", id, filepath.Join(cam, "tacho.png"))
	signAgain(t, dir, id)
	runCLI(t, "", "--data", dir, "seal", id)
	_, out, _ := runCLI(t, "", "--data", dir, "amend", id, "--reason", "Zweitschlüssel nachgereicht")
	amendment := strings.Fields(out)[1]
	code, out, errOut := runCLI(t, "", "--data", dir, "attach", amendment, "--finding", "1", filepath.Join(cam, "IMG_0002.JPG"))
	if code != 0 || !strings.HasPrefix(out, "attached ") {
		t.Fatalf("attach to the amendment: %d %q %s", code, out, errOut)
	}
	if _, doc, _ := runCLI(t, "", "--data", dir, "export", amendment); !strings.Contains(doc, `"tacho.png"`) {
		t.Error("the amendment lost the sealed protocol's photos")
	}
}

func TestDetachTakesAPhotoOffADraft(t *testing.T) {
	dir, cam := t.TempDir(), writePhotos(t)
	id := importComplete(t, dir, true)
	_, out, _ := runCLI(t, "", "--data", dir, "attach", id, "--finding", "1", filepath.Join(cam, "IMG_0001.JPG"), filepath.Join(cam, "IMG_0002.JPG"))
	first := strings.Fields(strings.Split(out, "\n")[0])[1] // 12 hex digits
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{id, "--finding", "1", first[:6]}, 2, "too short"},
		{[]string{id, "--finding", "1", "00000000"}, 2, "none starts with"},
		{[]string{id, first}, 2, "none starts with"}, // on the finding, not the protocol
		{[]string{id, "--finding", "7", first}, 2, "no such finding"},
		{[]string{id, "--finding", "1", strings.ToUpper(first[:8])}, 0, "detached " + first + " IMG_0001.JPG"},
	}
	for _, c := range cases {
		code, out, errOut := runCLI(t, "", append([]string{"--data", dir, "detach"}, c.args...)...)
		if code != c.code || !strings.Contains(out+errOut, c.want) {
			t.Errorf("detach %v: %d %q %q", c.args, code, out, errOut)
		}
	}
	_, doc, _ := runCLI(t, "", "--data", dir, "export", id)
	if strings.Contains(doc, `"IMG_0001.JPG"`) || !strings.Contains(doc, `"IMG_0002.JPG"`) {
		t.Error("the wrong photo was taken off")
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "photos", "*", "*")); len(files) != 2 {
		t.Errorf("%d photo files: detach must not delete", len(files))
	}
	signAgain(t, dir, id)
	runCLI(t, "", "--data", dir, "seal", id)
	if code, _, errOut := runCLI(t, "", "--data", dir, "detach", id, "--finding", "1", first); code != 2 || !strings.Contains(errOut, "versiegelt") {
		t.Errorf("detach from a sealed protocol: %d %s", code, errOut)
	}
}

// signAgain gives the fixture's signatures again for what a draft holds now,
// as an interchange file from a signing pad would: imported without attests,
// they are taken as given for the content imported.
func signAgain(t *testing.T, dir, id string) {
	t.Helper()
	_, doc, _ := runCLI(t, "", "--data", dir, "export", id)
	p, probs := inspection.DecodeDraft([]byte(doc), catalog.MustDefault())
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	p.Signatures = fixture.Complete(t, catalog.MustDefault()).Signatures
	for i := range p.Signatures {
		p.Signatures[i].Attests = ""
	}
	out, _ := inspection.Encode(p)
	if code, _, errOut := runCLI(t, string(out), "--data", dir, "import", "-"); code != 0 || !strings.Contains(errOut, "attests") {
		t.Fatalf("import of the signed draft: %d %s", code, errOut)
	}
}

// notThere is the system's words for a missing file ("no such file or
// directory", "File not found.", …).
func notThere(path string) string {
	_, err := os.Stat(path)
	return unwrapPath(err).Error()
}
