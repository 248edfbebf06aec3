package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/internal/s3test"
)

// runBuffers runs the CLI with buffers the test may read while it runs (from
// an inbox hook: what was printed before the hook was called).
func runBuffers(args ...string) (code int, out, errOut *bytes.Buffer) {
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	return run(args, strings.NewReader(""), out, errOut), out, errOut
}

// junkKey is a key of the archive layout under prefix for bytes that are no
// archive.
func junkKey(prefix, id string) string {
	return fmt.Sprintf("%s/%s/%s/%s.zip", prefix, strings.Repeat("ab", 8), id, strings.Repeat("cd", 32))
}

func putObject(t *testing.T, srv *s3test.Server, bucket, key string, data []byte) string {
	t.Helper()
	path := filepath.Join(srv.Root, bucket, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// objectOf is the key of the archive of protocol id in the bucket.
func objectOf(t *testing.T, srv *s3test.Server, bucket, id string) string {
	t.Helper()
	for _, o := range srv.Objects(bucket) {
		if strings.Contains(o, "/"+id+"/") {
			return filepath.ToSlash(o)
		}
	}
	t.Fatalf("no object of %s in %v", id, srv.Objects(bucket))
	return ""
}

func officeTrusting(t *testing.T, devices ...string) string {
	office := t.TempDir()
	for i, d := range devices {
		if code, _, errOut := runCLI(t, "", "--data", office, "trust", "add", devicePEM(t, d), "--name", fmt.Sprintf("Gerät %d", i+1)); code != 0 {
			t.Fatal(errOut)
		}
	}
	return office
}

// Devices sync one level (or more) below where the back office looks: the
// inbox takes every archive below the prefix and says what else it saw.
func TestInboxTakesArchivesAtAnyDepthAndSaysWhatItSkipped(t *testing.T) {
	srv := s3test.Start(t, "leasing-returns")
	dir := t.TempDir()
	sealWithPhotos(t, dir, 1, 2)
	if code, _, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://leasing-returns/nord/filiale-3", "--endpoint", srv.Endpoint); code != 0 {
		t.Fatal(errOut)
	}
	putObject(t, srv, "leasing-returns", "nord/LIESMICH.txt", []byte("hallo"))
	putObject(t, srv, "leasing-returns", "nord/alt/P-9.zip", []byte("PK"))
	office := officeTrusting(t, dir)
	code, out, errOut := runCLI(t, "", "--data", office, "inbox", "--from", "s3://leasing-returns", "--endpoint", srv.Endpoint)
	if code != 0 || !strings.Contains(out, "imported P-1 (sealed)") || !strings.Contains(out, "2 imported, 0 known already, 0 not imported, 2 skipped (4 objects listed)") ||
		!strings.Contains(out, "skipped 2 objects (not …/<key id>/<protocol id>/<seal hash>.zip): nord/LIESMICH.txt, nord/alt/P-9.zip") {
		t.Fatalf("inbox above the devices' prefix: %d %q %s", code, out, errOut)
	}
	// nothing there is said, never a bare "0"
	code, out, _ = runCLI(t, "", "--data", office, "inbox", "--from", "s3://leasing-returns/sued", "--endpoint", srv.Endpoint)
	if code != 0 || !strings.Contains(out, "no objects under s3://leasing-returns/sued") {
		t.Fatalf("an empty prefix: %d %q", code, out)
	}
}

// One bad object never stops a run: each is named with its reason, the
// others are imported, each as it happens.
func TestInboxHandlesEveryObjectOnItsOwn(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir := t.TempDir()
	sealWithPhotos(t, dir, 1, 5)
	if code, _, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 {
		t.Fatal(errOut)
	}
	gone := objectOf(t, srv, "returns", "P-1") // removed between listing and download
	full := objectOf(t, srv, "returns", "P-2") // does not fit on the disk
	last := objectOf(t, srv, "returns", "P-5") // by then P-3 and P-4 were said
	big := junkKey("nord", "G-1")              // larger than --max-size
	putObject(t, srv, "returns", big, bytes.Repeat([]byte{'x'}, 3<<20))
	junk := junkKey("nord", "J-1") // not an archive: refused, remembered
	putObject(t, srv, "returns", junk, []byte("<html>no zip</html>"))
	// an object the server lists but cannot serve (a socket in its folder)
	sockPath := filepath.Join(srv.Root, "returns", filepath.FromSlash(junkKey("nord", "S-1")))
	os.MkdirAll(filepath.Dir(sockPath), 0o700)
	serveNot(t, sockPath)

	office := officeTrusting(t, dir)
	var fetched []string
	var printedBeforeLast string
	inboxHooks.beforeGet = func(key string) {
		fetched = append(fetched, key)
		if key == gone {
			os.Remove(filepath.Join(srv.Root, "returns", filepath.FromSlash(key)))
		}
	}
	var out, errOut *bytes.Buffer
	fillDisk := true
	inboxHooks.create = func(path string) (io.WriteCloser, error) {
		f, err := os.Create(path)
		if fillDisk && len(fetched) > 0 && fetched[len(fetched)-1] == full {
			return fullDisk{f}, err
		}
		if len(fetched) > 0 && fetched[len(fetched)-1] == last {
			printedBeforeLast = out.String()
		}
		return f, err
	}
	t.Cleanup(func() { inboxHooks.beforeGet, inboxHooks.create = nil, nil })
	code, out, errOut := func() (int, *bytes.Buffer, *bytes.Buffer) {
		out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
		return run([]string{"--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint, "--max-size", "2MiB"}, strings.NewReader(""), out, errOut), out, errOut
	}()
	stdout, stderr := out.String(), errOut.String()
	for _, want := range []string{"imported P-3 (sealed)", "imported P-4 (sealed)", "imported P-5 (sealed)", "3 imported, 0 known already, 5 not imported"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	for _, want := range []string{
		gone + ": nicht übernommen / not imported: nicht mehr im Bucket",
		full + ": nicht übernommen / not imported: Datenträger voll / disk full",
		big + ": nicht übernommen / not imported: is 3.0 MiB, more than the 2.0 MiB",
		junk + ": ",
		junkKey("nord", "S-1") + ": nicht übernommen / not imported: der Server liefert es nicht",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	if code != 1 || t.Failed() {
		t.Fatalf("inbox: %d\n%s\n%s", code, stdout, stderr)
	}
	for _, k := range fetched {
		if k == big {
			t.Errorf("%s was downloaded although the listing shows it too large", big)
		}
	}
	if !strings.Contains(printedBeforeLast, "imported P-3 (sealed)") || !strings.Contains(printedBeforeLast, "imported P-4 (sealed)") {
		t.Errorf("before P-5 was fetched, stdout held only %q: imports are not said as they happen", printedBeforeLast)
	}
	// the next run: the refused junk is not fetched again; the failures are tried again
	fetched, fillDisk = nil, false
	code, stdoutB, _ := runBuffers("--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(stdoutB.String(), "imported P-2 (sealed)") || !strings.Contains(stdoutB.String(), "1 refused before") {
		t.Fatalf("second run: %d %q", code, stdoutB)
	}
	for _, k := range fetched {
		if k == junk {
			t.Errorf("the refused, unchanged %s was downloaded again", junk)
		}
	}
	// changed, it is checked again
	putObject(t, srv, "returns", junk, []byte("<html>still no zip, but other bytes</html>"))
	fetched = nil
	runBuffers("--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if !strings.Contains(strings.Join(fetched, " "), junk) {
		t.Errorf("a changed object was not checked again: fetched %v", fetched)
	}
}

// fullDisk fails every write as a full disk does.
type fullDisk struct{ f *os.File }

func (d fullDisk) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: d.f.Name(), Err: syscall.ENOSPC}
}

func (d fullDisk) Close() error { return d.f.Close() }

// A photo whose bytes are not what the protocol declares (HTML sealed as
// image/jpeg) fails verification and import, though its hash matches.
func TestInboxRefusesAPhotoThatIsNotItsType(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir := t.TempDir()
	html := []byte("<html><script>alert(1)</script></html>")
	sum := sha256.Sum256(html)
	sha := hex.EncodeToString(sum[:])
	os.MkdirAll(filepath.Join(dir, "photos", sha[:2]), 0o700)
	os.WriteFile(filepath.Join(dir, "photos", sha[:2], sha), html, 0o600)
	p := fixture.Complete(t, catalog.MustDefault())
	p.ID = "H-1"
	p.Findings[0].Evidence = []inspection.Photo{{SHA256: sha, Size: int64(len(html)), Name: "schaden.jpg", Type: inspection.PhotoJPEG, TakenAt: "2024-04-03T10:12:05", TakenFrom: inspection.PhotoTakenEXIF}}
	doc, _ := inspection.Encode(p)
	if code, _, errOut := runCLI(t, string(doc), "--data", dir, "import", "-"); code != 0 {
		t.Fatal(errOut)
	}
	signAgain(t, dir, p.ID)
	if code, _, errOut := runCLI(t, "", "--data", dir, "seal", p.ID); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 {
		t.Fatal(errOut)
	}
	office := officeTrusting(t, dir)
	code, out, errOut := runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(out, "0 imported") || !strings.Contains(errOut, "is declared image/jpeg but its bytes are not that") {
		t.Fatalf("inbox: %d %q %s", code, out, errOut)
	}
	archive := filepath.Join(srv.Root, "returns", filepath.FromSlash(objectOf(t, srv, "returns", "H-1")))
	if code, _, errOut := runCLI(t, "", "--data", office, "verify", archive); code == 0 || !strings.Contains(errOut, "is declared image/jpeg") {
		t.Fatalf("verify: %d %s", code, errOut)
	}
}

// A bundle imported bare leaves its protocol without photos; the archive
// arriving later completes them, and --json says so for automation.
func TestInboxCompletesPhotosOfABareBundleAndSpeaksJSON(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir, cam := t.TempDir(), writePhotos(t)
	sealWithPhotos(t, dir, 1, 1, filepath.Join(cam, "IMG_0001.JPG"), filepath.Join(cam, "tacho.png"))
	if code, _, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 {
		t.Fatal(errOut)
	}
	office := officeTrusting(t, dir)
	_, bundle, _ := runCLI(t, "", "--data", dir, "export", "P-1", "--format", "bundle")
	if code, _, errOut := runCLI(t, bundle, "--data", office, "import", "-"); code != 0 {
		t.Fatalf("import bundle: %s", errOut)
	}
	if code, _, _ := runCLI(t, "", "--data", office, "check"); code == 0 {
		t.Fatal("check passes a sealed protocol without its photos")
	}
	code, out, errOut := runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint, "--json")
	if code != 0 {
		t.Fatalf("inbox: %d %q %s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var ev struct {
		Event, Key, ID string
		Photos         int
	}
	var sum struct {
		Event     string
		Listed    int
		Completed []string
		Known     int
	}
	if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &ev) != nil || json.Unmarshal([]byte(lines[1]), &sum) != nil ||
		ev.Event != "completed" || ev.ID != "P-1" || ev.Photos != 2 || sum.Event != "summary" || sum.Listed != 1 || len(sum.Completed) != 1 {
		t.Fatalf("--json: %q", out)
	}
	if code, out, errOut := runCLI(t, "", "--data", office, "check"); code != 0 || !strings.Contains(out, "2 Fotos") {
		t.Fatalf("check after completion: %d %q %s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 || !strings.Contains(out, "0 imported, 1 known already") {
		t.Fatalf("complete: known now: %d %q", code, out)
	}
}

// What a killed run leaves behind is reported by check and removed by the
// next run of the same operation.
func TestStaleTempFilesAreReportedAndRemoved(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir := t.TempDir()
	sealWithPhotos(t, dir, 1, 1)
	leftovers := []string{
		filepath.Join(dir, ".inbox-123", "incoming.zip"),
		filepath.Join(dir, ".outbox-456", "P-1.zip"),
		filepath.Join(dir, "photos", "ab", ".incoming-789"),
	}
	for _, l := range leftovers {
		os.MkdirAll(filepath.Dir(l), 0o700)
		os.WriteFile(l, []byte("customer data"), 0o644)
	}
	code, _, errOut := runCLI(t, "", "--data", dir, "check")
	if code != 0 || !strings.Contains(errOut, "3 leftovers of an interrupted run") || !strings.Contains(errOut, ".outbox-456") {
		t.Fatalf("check: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 {
		t.Fatal(errOut)
	}
	if _, err := os.Stat(filepath.Dir(leftovers[1])); err == nil {
		t.Error("sync left the .outbox of a killed sync")
	}
	code, _, errOut = runCLI(t, "", "--data", dir, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if !strings.Contains(errOut, "removed 2 leftovers of an interrupted inbox") {
		t.Errorf("inbox: %d %s", code, errOut)
	}
	for _, l := range leftovers {
		if _, err := os.Stat(l); err == nil {
			t.Errorf("%s is still there", l)
		}
	}
	if _, _, errOut := runCLI(t, "", "--data", dir, "check"); strings.Contains(errOut, "leftovers") {
		t.Errorf("check after the cleanup: %s", errOut)
	}
}

// sync installs the other profiles when one object under config/profiles/
// cannot be read.
func TestSyncInstallsProfilesPastAnUnreadableObject(t *testing.T) {
	srv := s3test.Start(t, "returns")
	office, device := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(office, "profiles"), 0o700)
	os.WriteFile(filepath.Join(office, "profiles", "nord.json"), []byte(leasingNord), 0o600)
	if code, _, errOut := runCLI(t, "", "--data", office, "publish", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 {
		t.Fatal(errOut)
	}
	// listed before the good one, and not served (a socket in the server's folder)
	serveNot(t, filepath.Join(srv.Root, "returns", "nord", "config", "profiles", "aaa@1.json"))
	putObject(t, srv, "returns", "nord/config/profiles/aaa@1.json.sig", []byte("sig"))
	runCLI(t, "", "--data", device, "trust", "add", devicePEM(t, office), "--name", "Backoffice", "--role", "publisher")
	code, out, errOut := runCLI(t, "", "--data", device, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(out, "profile installed leasing-nord@1") || !strings.Contains(errOut, "aaa@1.json") {
		t.Fatalf("sync: %d %q %s", code, out, errOut)
	}
}

// serveNot puts a unix socket where the server keeps an object: it lists it
// and fails to serve it (an internal error), as a broken disk would.
func serveNot(t *testing.T, path string) {
	t.Helper()
	short, err := os.MkdirTemp("", "s")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(short) })
	l, err := net.Listen("unix", filepath.Join(short, "s"))
	if err != nil {
		t.Skip("no unix sockets here:", err)
	}
	t.Cleanup(func() { l.Close() })
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.Rename(filepath.Join(short, "s"), path); err != nil {
		t.Fatal(err)
	}
}

// --json gives its summary with "error" when the object store fails before
// anything is listed (offline, a missing bucket, no credentials): a job that
// appends the output to a log records the failed run too.
func TestInboxJSONSaysAFailureBeforeTheListing(t *testing.T) {
	srv := s3test.Start(t, "returns")
	office := t.TempDir()
	endpoint := srv.Endpoint
	srv.Stop()
	check := func(what, want string) {
		t.Helper()
		code, out, errOut := runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", endpoint, "--json")
		var sum struct{ Event, Error string }
		if code != 1 || json.Unmarshal([]byte(strings.TrimSpace(out)), &sum) != nil || sum.Event != "summary" || !strings.Contains(sum.Error, want) || errOut == "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", what, code, out, errOut)
		}
	}
	check("offline", "offline")
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(office, "none"))
	check("no credentials", "keine Zugangsdaten")
}
