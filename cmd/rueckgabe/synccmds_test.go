package main

import (
	"encoding/json"
	"fmt"
	"image"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/internal/s3test"
)

// sealWithPhotos imports n complete protocols with ids P-1 … P-n, attaches photos
// to the first finding of each, signs them again for that content, seals them,
// and returns the ids.
func sealWithPhotos(t *testing.T, dir string, from, n int, photos ...string) []string {
	t.Helper()
	var ids []string
	for i := from; i < from+n; i++ {
		p := fixture.Complete(t, catalog.MustDefault())
		p.ID = fmt.Sprintf("P-%d", i)
		doc, err := inspection.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := runCLI(t, string(doc), "--data", dir, "import", "-"); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		if len(photos) > 0 {
			if code, _, errOut := runCLI(t, "", append([]string{"--data", dir, "attach", p.ID, "--finding", "1"}, photos...)...); code != 0 {
				t.Fatalf("attach: %s", errOut)
			}
			signAgain(t, dir, p.ID) // the photos are part of what the customer signs
		}
		if code, _, errOut := runCLI(t, "", "--data", dir, "seal", p.ID); code != 0 {
			t.Fatalf("seal: %s", errOut)
		}
		ids = append(ids, p.ID)
	}
	return ids
}

type listed struct {
	ID       string `json:"id"`
	SyncedAt string `json:"synced_at"`
	Review   string `json:"review"`
}

func listJSON(t *testing.T, dir string) map[string]listed {
	t.Helper()
	code, out, errOut := runCLI(t, "", "--data", dir, "list", "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var items []listed
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatal(err)
	}
	m := map[string]listed{}
	for _, it := range items {
		m[it.ID] = it
	}
	return m
}

func devicePEM(t *testing.T, dir string) string {
	t.Helper()
	_, pem, _ := runCLI(t, "", "--data", dir, "key")
	path := filepath.Join(t.TempDir(), "device.pem")
	os.WriteFile(path, []byte(pem), 0o600)
	return path
}

func TestSyncUploadsOnceAndTheInboxImportsOnce(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir, cam := t.TempDir(), writePhotos(t)
	ids := sealWithPhotos(t, dir, 1, 3, filepath.Join(cam, "IMG_0001.JPG"), filepath.Join(cam, "tacho.png"))
	crashed := t.TempDir() // the same device as it was before: uploaded, but killed before marking
	if err := os.CopyFS(crashed, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 0 || strings.Count(out, "uploaded ") != 3 {
		t.Fatalf("sync: %d %q %s", code, out, errOut)
	}
	if objs := srv.Objects("returns"); len(objs) != 3 {
		t.Fatalf("the bucket holds %v", objs)
	}
	for _, id := range ids {
		if listJSON(t, dir)[id].SyncedAt == "" {
			t.Errorf("%s: no synced_at", id)
		}
	}
	if _, table, _ := runCLI(t, "", "--data", dir, "list"); strings.Count(table, "gesendet") != 3 {
		t.Errorf("the list does not say what was sent:\n%s", table)
	}
	// uploaded but not marked (killed in between): the next sync only marks
	code, out, errOut = runCLI(t, "", "--data", crashed, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 0 || strings.Count(out, "already there ") != 3 || strings.Contains(out, "uploaded") {
		t.Fatalf("sync after a crash before marking: %d %q %s", code, out, errOut)
	}
	// remembered target, nothing new: nothing uploaded
	if code, out, _ = runCLI(t, "", "--data", dir, "sync"); code != 0 || !strings.Contains(out, "nothing to sync") {
		t.Fatalf("second sync: %d %q", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sync.json")); strings.Contains(string(b), s3test.SecretKey) || strings.Contains(string(b), s3test.AccessKey) {
		t.Fatal("credentials written into the data directory")
	}

	// the back office, trusting the device, imports each once
	office := t.TempDir()
	runCLI(t, "", "--data", office, "trust", "add", devicePEM(t, dir), "--name", "Nord 1")
	code, out, errOut = runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 0 || strings.Count(out, "imported P-") != 3 || !strings.Contains(out, "3 imported, 0 known already, 0 not imported") {
		t.Fatalf("inbox: %d %q %s", code, out, errOut)
	}
	// known archives are not fetched again: damaging them on the server changes nothing
	for _, o := range srv.Objects("returns") {
		path := filepath.Join(srv.Root, "returns", o)
		b, _ := os.ReadFile(path)
		b[80] ^= 1 // inside the deflated bundle
		os.WriteFile(path, b, 0o600)
	}
	code, out, _ = runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 0 || !strings.Contains(out, "0 imported, 3 known already, 0 not imported") {
		t.Fatalf("second inbox: %d %q", code, out)
	}
	// the back office's sync does not upload the devices' protocols
	if code, out, _ = runCLI(t, "", "--data", office, "sync", "--to", "s3://returns/office", "--endpoint", srv.Endpoint); code != 0 || !strings.Contains(out, "nothing to sync") {
		t.Errorf("office sync: %d %q", code, out)
	}
	if code, out, _ = runCLI(t, "", "--data", office, "check"); code != 0 || !strings.Contains(out, "3 Protokolle") || !strings.Contains(out, "2 Fotos") {
		t.Errorf("office check: %s", out)
	}
}

func TestSyncOfflineMarksNothingAndTheNextCompletes(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir := t.TempDir()
	sealWithPhotos(t, dir, 1, 2)
	srv.Stop()
	start := time.Now()
	code, _, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(errOut, "keine Verbindung") || time.Since(start) > 8*time.Second {
		t.Fatalf("offline sync: %d after %v: %s", code, time.Since(start), errOut)
	}
	for id, it := range listJSON(t, dir) {
		if it.SyncedAt != "" {
			t.Fatalf("%s marked synced while offline", id)
		}
	}
	srv.Restart()
	if code, out, errOut := runCLI(t, "", "--data", dir, "sync"); code != 0 || strings.Count(out, "uploaded ") != 2 {
		t.Fatalf("sync after the network came back: %d %q %s", code, out, errOut)
	}
}

func TestSyncSaysWhatIsWrongWithTheStore(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir := t.TempDir()
	sealWithPhotos(t, dir, 1, 1)
	code, _, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://no-such-bucket/x", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(errOut, "den Bucket no-such-bucket gibt es nicht") {
		t.Errorf("missing bucket: %d %s", code, errOut)
	}
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not the secret")
	code, _, errOut = runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/x")
	if code != 1 || !strings.Contains(errOut, "Zugangsdaten abgelehnt") {
		t.Errorf("wrong credentials: %d %s", code, errOut)
	}
	if code, _, errOut = runCLI(t, "", "--data", t.TempDir(), "sync"); code != 2 || !strings.Contains(errOut, "--to s3://BUCKET/PREFIX") {
		t.Errorf("no target: %d %s", code, errOut)
	}
	if code, _, errOut = runCLI(t, "", "--data", dir, "sync", "--to", "https://returns/x"); code != 2 || !strings.Contains(errOut, "not an s3://") {
		t.Errorf("bad target: %d %s", code, errOut)
	}
}

func TestInboxRefusesForgedAndUntrustedObjects(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir, other, cam := t.TempDir(), t.TempDir(), writePhotos(t)
	sealWithPhotos(t, dir, 1, 1, filepath.Join(cam, "IMG_0001.JPG"))
	sealWithPhotos(t, other, 7, 1) // a device the back office does not trust
	for _, d := range []string{dir, other} {
		if code, _, errOut := runCLI(t, "", "--data", d, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 {
			t.Fatal(errOut)
		}
	}
	// forge: the trusted device's archive with one photo byte changed, under a new id's key
	var genuine string
	for _, o := range srv.Objects("returns") {
		if strings.Contains(o, "/P-1/") {
			genuine = o
		}
	}
	entries := zipEntries(t, filepath.Join(srv.Root, "returns", genuine))
	for name := range entries {
		if strings.HasPrefix(name, "photos/") {
			entries[name][60] ^= 1
		}
	}
	forged := filepath.Join(srv.Root, "returns", strings.Replace(genuine, "/P-1/", "/P-2/", 1))
	os.MkdirAll(filepath.Dir(forged), 0o700)
	writeZip(t, forged, entries)

	office := t.TempDir()
	runCLI(t, "", "--data", office, "trust", "add", devicePEM(t, dir), "--name", "Nord 1")
	code, out, errOut := runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(out, "imported P-1 (sealed)") || !strings.Contains(out, "1 imported, 0 known already, 2 not imported") ||
		!strings.Contains(errOut, "NOT TRUSTED") || !strings.Contains(errOut, "NOT VALID") {
		t.Fatalf("inbox: %d %q\n%s", code, out, errOut)
	}
	items := listJSON(t, office)
	if len(items) != 1 || items["P-1"].ID == "" {
		t.Fatalf("the office holds %v", items)
	}
}

// noisePNG is a photo of a few megabytes that does not compress: uploads of
// it take long enough to be cut.
func noisePNG(t *testing.T, dir string) string {
	m := image.NewRGBA(image.Rect(0, 0, 1000, 1000))
	rand.New(rand.NewSource(1)).Read(m.Pix)
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = 255
	}
	path := filepath.Join(dir, "noise.png")
	if err := os.WriteFile(path, fixture.PNG(t, m), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The server dies while archives are being uploaded: what readers see is
// only whole archives, nothing is marked that the server does not hold, and
// the next sync uploads the rest — every protocol once.
func TestSyncSurvivesTheServerDyingMidUpload(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir := t.TempDir()
	const n = 12
	ids := sealWithPhotos(t, dir, 1, n, noisePNG(t, t.TempDir()))
	done := make(chan int)
	go func() {
		code, _, _ := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint)
		done <- code
	}()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if len(srv.Objects("returns")) > 0 {
			break
		}
	}
	srv.Stop() // mid-upload: the first archives are there, the others on their way
	if code := <-done; code != 1 {
		t.Fatalf("sync against a dying server: exit %d", code)
	}
	marked := 0
	for _, it := range listJSON(t, dir) {
		if it.SyncedAt != "" {
			marked++
		}
	}
	srv.Restart()
	office := t.TempDir()
	runCLI(t, "", "--data", office, "trust", "add", devicePEM(t, dir), "--name", "Nord 1")
	// what a reader sees after the crash: only whole, valid archives, each marked one among them
	code, out, errOut := runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 0 || !strings.Contains(out, " 0 not imported") {
		t.Fatalf("inbox after the crash: %d %q %s", code, out, errOut)
	}
	visible := strings.Count(out, "imported P-")
	if marked > visible || visible == n {
		t.Fatalf("%d marked, %d visible of %d: the kill came too late or marks ran ahead", marked, visible, n)
	}
	if code, out, errOut = runCLI(t, "", "--data", dir, "sync"); code != 0 {
		t.Fatalf("sync after restart: %d %q %s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%d imported, %d known already, 0 not imported", n-visible, visible)) {
		t.Fatalf("inbox after the second sync: %d %q %s", code, out, errOut)
	}
	objs := 0
	for _, o := range srv.Objects("returns") {
		if strings.HasSuffix(o, ".zip") {
			objs++
		}
	}
	if objs != len(ids) {
		t.Fatalf("%d archives in the bucket for %d protocols", objs, len(ids))
	}
}

const leasingNord = `{"format": "rueckgabe/profile@1", "id": "leasing-nord", "version": "1", "title": "Leasing Nord",
  "catalogue": "bmw-fs-2012@2", "factors": "leaseplan@1", "fees": "akf-servicelease@2", "vat_percent": "19",
  "experts": ["DEKRA", "GTÜ"], "missing_item_fees": {"Fahrzeugschlüssel": "key_loss"}}`

// The back office publishes its profiles signed; a device that trusts it
// installs them on sync, once; a changed or untrusted one is refused.
func TestPublishedProfilesReachTheDevices(t *testing.T) {
	srv := s3test.Start(t, "returns")
	office, device := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(office, "profiles"), 0o700)
	os.WriteFile(filepath.Join(office, "profiles", "nord.json"), []byte(leasingNord), 0o600)
	code, out, errOut := runCLI(t, "", "--data", office, "publish", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 0 || !strings.HasPrefix(out, "published leasing-nord@1 (key ") {
		t.Fatalf("publish: %d %q %s", code, out, errOut)
	}
	// a device that does not trust the back office installs nothing
	code, _, errOut = runCLI(t, "", "--data", device, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(errOut, "NOT TRUSTED") {
		t.Fatalf("untrusted publisher: %d %s", code, errOut)
	}
	// trusted as a device (its seals), the back office's key may not change the rules
	runCLI(t, "", "--data", device, "trust", "add", devicePEM(t, office), "--name", "Backoffice")
	code, out, errOut = runCLI(t, "", "--data", device, "sync")
	if code != 1 || strings.Contains(out, "profile installed") || !strings.Contains(errOut, "NOT TRUSTED TO PUBLISH") || !strings.Contains(errOut, "--role publisher") {
		t.Fatalf("publisher trusted as a device only: %d %q %s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(device, "profiles", "leasing-nord@1.json")); err == nil {
		t.Fatal("a profile signed by a device key was installed")
	}
	if code, out, _ = runCLI(t, "", "--data", device, "trust", "add", devicePEM(t, office), "--role", "publisher"); code != 0 || !strings.Contains(out, "already trusted") || !strings.Contains(out, "(Backoffice), role publisher") {
		t.Fatalf("promote to publisher: %d %q", code, out)
	}
	code, out, errOut = runCLI(t, "", "--data", device, "sync")
	if code != 0 || !strings.Contains(out, "profile installed leasing-nord@1") {
		t.Fatalf("sync with a trusted publisher: %d %q %s", code, out, errOut)
	}
	if _, out, _ = runCLI(t, "", "--data", device, "profiles"); !strings.Contains(out, "leasing-nord@1") {
		t.Errorf("the installed profile is not listed:\n%s", out)
	}
	if code, out, _ = runCLI(t, "", "--data", device, "sync"); code != 0 || strings.Contains(out, "profile installed") {
		t.Errorf("installed twice: %d %q", code, out)
	}
	// changed on the way: refused by another device
	obj := filepath.Join(srv.Root, "returns", "nord", "config", "profiles", "leasing-nord@1.json")
	os.WriteFile(obj, []byte(strings.Replace(leasingNord, `"19"`, `"0"`, 1)), 0o600)
	other := t.TempDir()
	runCLI(t, "", "--data", other, "trust", "add", devicePEM(t, office), "--name", "Backoffice", "--role", "publisher")
	code, _, errOut = runCLI(t, "", "--data", other, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(errOut, "NOT VALID") || !strings.Contains(errOut, "changed after it was signed") {
		t.Fatalf("a changed profile: %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(other, "profiles", "leasing-nord@1.json")); err == nil {
		t.Fatal("a changed profile was installed")
	}
}

// A profile id is a file name and nothing more (issue 29): "../../../pwned/x"
// fails profiles check and is never published, let alone outside
// PREFIX/config/profiles/; an object there not named <id>@<version>.json
// is refused by the devices.
func TestProfileIDCannotLeaveItsFolder(t *testing.T) {
	srv := s3test.Start(t, "returns")
	office, device := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(office, "profiles"), 0o700)
	evil := filepath.Join(office, "profiles", "evil.json")
	os.WriteFile(evil, []byte(strings.Replace(leasingNord, `"id": "leasing-nord"`, `"id": "../../../pwned/x"`, 1)), 0o600)
	if code, _, errOut := runCLI(t, "", "profiles", "check", evil); code == 0 || !strings.Contains(errOut, `id: "../../../pwned/x": use 1–64 characters a-z, 0-9 and -`) {
		t.Fatalf("profiles check: %d %s", code, errOut)
	}
	if code, out, errOut := runCLI(t, "", "--data", office, "publish", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code == 0 || strings.Contains(out, "published") {
		t.Fatalf("publish of ../../../pwned/x: %d %q %s", code, out, errOut)
	}
	var objects []string
	filepath.WalkDir(filepath.Join(srv.Root, "returns"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			objects = append(objects, p)
		}
		return nil
	})
	if len(objects) != 0 {
		t.Fatalf("publish wrote %v", objects)
	}
	// an object a hostile bucket writer names freely is refused by name
	os.Remove(evil)
	os.WriteFile(filepath.Join(office, "profiles", "nord.json"), []byte(leasingNord), 0o600)
	if code, _, errOut := runCLI(t, "", "--data", office, "publish", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 {
		t.Fatalf("publish: %s", errOut)
	}
	dir := filepath.Join(srv.Root, "returns", "nord", "config", "profiles")
	data, _ := os.ReadFile(filepath.Join(dir, "leasing-nord@1.json"))
	sig, _ := os.ReadFile(filepath.Join(dir, "leasing-nord@1.json.sig"))
	os.WriteFile(filepath.Join(dir, "Leasing_Nord@1.json"), data, 0o600)
	os.WriteFile(filepath.Join(dir, "Leasing_Nord@1.json.sig"), sig, 0o600)
	runCLI(t, "", "--data", device, "trust", "add", devicePEM(t, office), "--role", "publisher")
	code, out, errOut := runCLI(t, "", "--data", device, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(out, "profile installed leasing-nord@1") || !strings.Contains(errOut, "Leasing_Nord@1.json: NOT VALID: is not named <id>@<version>.json") {
		t.Fatalf("sync: %d %q %s", code, out, errOut)
	}
	if entries, _ := os.ReadDir(filepath.Join(device, "profiles")); len(entries) != 1 {
		t.Fatalf("installed: %v", entries)
	}
}

func TestSyncWithoutCredentialsSaysSo(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir := t.TempDir()
	sealWithPhotos(t, dir, 1, 1)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	code, _, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(errOut, "keine Zugangsdaten: AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY setzen") {
		t.Fatalf("no credentials: %d %s", code, errOut)
	}
}

// A wrong --endpoint is refused before it is remembered: a password in it
// never reaches sync.json, nor the output.
func TestSyncRefusesAnEndpointBeforeRememberingIt(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	dir := t.TempDir()
	for _, endpoint := range []string{"http://admin:hunter2@127.0.0.1:7999", "http://127.0.0.1:72310", "http://host/path"} {
		code, out, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/x", "--endpoint", endpoint)
		if code != 2 || strings.Contains(out+errOut, "hunter2") || !strings.Contains(errOut, "--endpoint") {
			t.Errorf("%s: exit %d %q %q", endpoint, code, out, errOut)
		}
		if _, err := os.Stat(filepath.Join(dir, "sync.json")); err == nil {
			t.Fatalf("%s: remembered", endpoint)
		}
	}
}
