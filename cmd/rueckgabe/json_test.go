package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/internal/s3test"
)

// jsonEscaped checks that a --json document holds no character that could
// drive a terminal raw, and that the hostile text is there, escaped.
func jsonEscaped(t *testing.T, what, out string) {
	t.Helper()
	jsonEscapedAs(t, what, out, nameEscapes...)
}

// jsonEscapedAs is jsonEscaped for the escapes given: what arrives of the
// hostile text (an S3 listing is XML, which cannot carry ESC).
func jsonEscapedAs(t *testing.T, what, out string, escapes ...string) {
	t.Helper()
	if r, bad := rawHidden(out, true); bad {
		t.Errorf("%s: %U raw in the JSON", what, r)
	}
	for _, esc := range escapes {
		if !strings.Contains(out, esc) {
			t.Errorf("%s: %s missing: the hostile text is lost or not escaped:\n%s", what, esc, out)
		}
	}
}

// humanStripped checks that human output carries none of the hostile text raw.
func humanStripped(t *testing.T, what, out string) {
	t.Helper()
	if r, bad := rawHidden(out, true); bad {
		t.Errorf("%s: %U raw in the human output", what, r)
	}
	if strings.Contains(out, "zweite Zeile") && strings.Contains(out, "\nzweite Zeile") {
		t.Errorf("%s: a file name's line break reached the human output:\n%s", what, out)
	}
}

func decodeJSON(t *testing.T, what, out string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: stdout is not the JSON document: %v\n%s", what, err, out)
	}
	if dec.More() {
		t.Fatalf("%s: more than one JSON document on stdout:\n%s", what, out)
	}
}

func TestCheckJSON(t *testing.T) {
	dir := t.TempDir()
	ids := sealMany(t, dir, 1)
	leftover := filepath.Join(dir, ".inbox-"+hostileName)
	if err := os.WriteFile(leftover, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "--data", dir, "check")
	if code != 0 || !strings.HasPrefix(out, "ok: 1 Protokolle") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("check: %d\n%s\n%s", code, out, errOut)
	}
	humanStripped(t, "check", out+errOut)

	jcode, jout, jerr := runCLI(t, "", "--data", dir, "check", "--json")
	var res checkResult
	decodeJSON(t, "check --json", jout, &res)
	if jcode != code || jerr != "" {
		t.Fatalf("check --json: exit %d (human %d), stderr %q", jcode, code, jerr)
	}
	if !res.OK || res.Protocols != 1 || res.AuditEntries == 0 || len(res.Problems) != 0 ||
		len(res.Chains) != 1 || !res.Chains[0].Own || res.Chains[0].Seals != 1 || res.Chains[0].KeyID == "" {
		t.Errorf("check --json = %+v", res)
	}
	if len(res.Leftovers) != 1 || res.Leftovers[0] != leftover {
		t.Errorf("leftovers = %q, want %q", res.Leftovers, leftover)
	}
	jsonEscaped(t, "check --json", jout)

	damage(t, dir, ids[0])
	code, out, errOut = runCLI(t, "", "--data", dir, "check")
	jcode, jout, jerr = runCLI(t, "", "--data", dir, "check", "--json")
	if code != 1 || jcode != code || out != "" || !strings.Contains(errOut, ids[0]) {
		t.Fatalf("damaged: human %d %q %q, json %d", code, out, errOut, jcode)
	}
	res = checkResult{}
	decodeJSON(t, "check --json, damaged", jout, &res)
	if res.OK || len(res.Problems) == 0 || !strings.Contains(strings.Join(res.Problems, "\n"), ids[0]) {
		t.Errorf("damaged: %+v", res)
	}
	if !strings.Contains(jerr, "store damaged") || strings.Count(jerr, "\n") != 1 {
		t.Errorf("damaged: the command's end goes to stderr, its items into the JSON: %q", jerr)
	}
}

func TestVerifyJSON(t *testing.T) {
	bundle, keyFile, id := sealedBundle(t)
	work := t.TempDir()
	hostileCopy := filepath.Join(work, hostileName+".bundle.json")
	data, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(work, "tampered.bundle.json")
	os.WriteFile(hostileCopy, data, 0o600)
	os.WriteFile(tampered, bytes.Replace(data, []byte(`"235.20"`), []byte(`"135.20"`), 1), 0o600)
	if bytes.Equal(mustReadBytes(t, tampered), data) {
		t.Fatal("the tampered bundle is not")
	}
	forged, _ := forge(t, bundle, func(*inspection.Protocol) {})
	missing := filepath.Join(work, "fehlt.bundle.json") // a pattern: "[" in a missing name would be one

	args := []string{"verify", "--trust", keyFile, bundle, hostileCopy, forged, tampered, missing}
	code, out, errOut := runCLI(t, "", args...)
	if code != 1 || !strings.Contains(out, "2 valid, 3 not valid") {
		t.Fatalf("verify: %d\n%s\n%s", code, out, errOut)
	}
	humanStripped(t, "verify", out+errOut)
	jcode, jout, jerr := runCLI(t, "", append(args, "--json")...)
	if jcode != code || jerr != "" {
		t.Fatalf("verify --json: exit %d (human %d), stderr %q", jcode, code, jerr)
	}
	var res verifyResult
	decodeJSON(t, "verify --json", jout, &res)
	jsonEscaped(t, "verify --json", jout)
	if res.Valid != 2 || res.NotValid != 3 || len(res.Bundles) != 5 {
		t.Fatalf("verify --json = %+v", res)
	}
	want := []struct{ file, verdict string }{{bundle, "valid"}, {hostileCopy, "valid"}, {forged, "not_trusted"}, {tampered, "not_valid"}, {missing, "unreadable"}}
	for i, w := range want {
		b := res.Bundles[i]
		if b.File != w.file || b.Verdict != w.verdict || b.Valid != (w.verdict == "valid") {
			t.Errorf("bundle %d = %+v, want %s %s", i, b, w.file, w.verdict)
		}
		if b.Valid && (b.ID != id || b.KeyID == "" || b.Hash == "" || b.SealedAt == "" || b.Reason != "") {
			t.Errorf("valid bundle %d = %+v", i, b)
		}
		if !b.Valid && b.Reason == "" {
			t.Errorf("bundle %d without a reason: %+v", i, b)
		}
	}
	if b := res.Bundles[2]; b.KeyID == "" || !strings.Contains(b.Reason, "NOT TRUSTED") {
		t.Errorf("forged: %+v", b)
	}
	if b := res.Bundles[4]; !strings.Contains(b.Reason, "cannot read") {
		t.Errorf("missing: %+v", b)
	}

	// all valid: exit 0 in both
	code, _, _ = runCLI(t, "", "verify", "--trust", keyFile, bundle)
	jcode, jout, _ = runCLI(t, "", "verify", "--trust", keyFile, bundle, "--json")
	res = verifyResult{}
	decodeJSON(t, "verify --json, one", jout, &res)
	if code != 0 || jcode != 0 || res.Valid != 1 || res.NotValid != 0 {
		t.Errorf("one valid bundle: %d %d %+v", code, jcode, res)
	}
}

func mustReadBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportJSON(t *testing.T) {
	bundle, keyFile, id := sealedBundle(t)
	work := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(work, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	p := fixture.Complete(t, catalog.MustDefault())
	p.ID = "P-json-1"
	draft, _ := inspection.Encode(p)
	draftFile := write("draft.json", draft)
	p = fixture.Complete(t, catalog.MustDefault())
	p.ID, p.Vehicle.Plate = id, "M-XY 99" // the sealed protocol's id, other content
	over, _ := inspection.Encode(p)
	overFile := write("over.json", over)
	invalidFile := write(hostileName+".json", mustReadBytes(t, "testdata/invalid.json"))
	missing := filepath.Join(work, "fehlt.json")
	files := []string{bundle, draftFile, draftFile, overFile, invalidFile, missing}

	code, out, errOut := runCLI(t, "", append([]string{"--data", t.TempDir(), "import", "--trust", keyFile}, files...)...)
	if code != 2 || out != "imported "+id+" (sealed)\nimported P-json-1\nunchanged P-json-1\n" {
		t.Fatalf("import: %d\n%s\n%s", code, out, errOut)
	}
	humanStripped(t, "import", out+errOut)
	jcode, jout, jerr := runCLI(t, "", append([]string{"--data", t.TempDir(), "import", "--trust", keyFile, "--json"}, files...)...)
	if jcode != code || jerr != "" {
		t.Fatalf("import --json: exit %d (human %d), stderr %q", jcode, code, jerr)
	}
	var res importResult
	decodeJSON(t, "import --json", jout, &res)
	jsonEscaped(t, "import --json", jout)
	if res.Imported != 2 || res.Unchanged != 1 || res.Updated != 0 || res.NotImported != 3 || len(res.Files) != len(files) {
		t.Fatalf("import --json = %+v", res)
	}
	want := []struct {
		result, id string
		sealed     bool
	}{{"imported", id, true}, {"imported", "P-json-1", false}, {"unchanged", "P-json-1", false}, {"not_imported", id, false}, {"not_imported", "", false}, {"not_imported", "", false}}
	for i, w := range want {
		f := res.Files[i]
		if f.File != files[i] || f.Result != w.result || f.ID != w.id || f.Sealed != w.sealed {
			t.Errorf("file %d = %+v, want %+v", i, f, w)
		}
	}
	if f := res.Files[3]; f.Reason != "is sealed and never overwritten" || !strings.Contains(f.ReasonDE, "versiegelt") {
		t.Errorf("over a sealed one: %+v", f)
	}
	if f := res.Files[4]; len(f.Problems) != 2 || f.Problems[0].Path != "findings[2].costs.parts" ||
		!strings.Contains(f.Problems[0].Reason, `"12,5x" is not an amount`) || f.Reason != "" {
		t.Errorf("invalid: %+v", f)
	}
	if f := res.Files[5]; !strings.HasPrefix(f.Reason, "cannot read: ") {
		t.Errorf("missing: %+v", f)
	}
	// a bundle of an untrusted key: refused with verify's words, exit 1 in both
	code, _, errOut = runCLI(t, "", "--data", t.TempDir(), "import", bundle)
	jcode, jout, _ = runCLI(t, "", "--data", t.TempDir(), "import", "--json", bundle)
	res = importResult{}
	decodeJSON(t, "import --json, untrusted", jout, &res)
	if code != 1 || jcode != 1 || res.NotImported != 1 || !strings.HasPrefix(res.Files[0].Reason, "NOT TRUSTED: ") ||
		!strings.Contains(errOut, res.Files[0].Reason) {
		t.Errorf("untrusted: %d %d %+v\n%s", code, jcode, res, errOut)
	}
}

// import --json names a linked baseline in notes; verify --json says
// whether a return's baseline was checked.
func TestImportAndVerifyJSONBaseline(t *testing.T) {
	rules := catalog.MustDefault()
	dir, out := t.TempDir(), t.TempDir()
	del := fixture.DeliveryComplete(t, rules)
	delID, _ := importDoc(t, dir, del)
	if code, o, e := runCLI(t, "", "--data", dir, "seal", delID); code != 0 {
		t.Fatalf("seal handover: %d %s %s", code, o, e)
	}
	ret := returnOf(t, del)
	zero, one := 0, 1
	ret.Findings[0].BaselineFinding, ret.Findings[1].BaselineFinding = &zero, &one
	ret.Findings[0].FactorPercent = decimal.NullDecimal{} // "vorhanden": not charged
	doc, _ := inspection.Encode(ret)
	code, jout, jerr := runCLI(t, string(doc), "--data", dir, "import", "--json", "-")
	var res importResult
	decodeJSON(t, "import --json", jout, &res)
	if code != 0 || jerr != "" || res.Imported != 1 || len(res.Files) != 1 || res.Files[0].File != "-" {
		t.Fatalf("import --json: %d %q %+v", code, jerr, res)
	}
	f := res.Files[0]
	if len(f.Notes) != 2 || !strings.Contains(f.Notes[1].NoteDE, "Unterschrift(en) ohne attests") || !strings.Contains(f.Notes[0].Note, "baseline: linked the sealed handover protocol "+delID) ||
		!strings.Contains(f.Notes[0].NoteDE, "Ausgangslage "+delID+" verknüpft") {
		t.Fatalf("import --json does not say it linked the handover protocol: %+v", f)
	}
	if code, o, e := runCLI(t, "", "--data", dir, "seal", f.ID); code != 0 {
		t.Fatalf("seal return: %d %s %s", code, o, e)
	}
	if code, o, e := runCLI(t, "", "--data", dir, "export", "--pending", "-o", out); code != 0 {
		t.Fatalf("export: %d %s %s", code, o, e)
	}
	keyFile := deviceKeyFile(t, dir)
	retBundle := filepath.Join(out, f.ID+".bundle.json")
	alone := filepath.Join(t.TempDir(), f.ID+".bundle.json")
	os.WriteFile(alone, mustReadBytes(t, retBundle), 0o600)
	code, jout, _ = runCLI(t, "", "verify", "--trust", keyFile, "--json", retBundle, alone)
	var v verifyResult
	decodeJSON(t, "verify --json", jout, &v)
	if code != 0 || v.Valid != 2 || len(v.Bundles) != 2 {
		t.Fatalf("verify --json: %d %+v", code, v)
	}
	if b := v.Bundles[0].Baseline; b == nil || b.ID != delID || b.Status != "checked" || b.File != filepath.Join(out, delID+".zip") {
		t.Errorf("baseline beside the return: %+v", b)
	}
	if b := v.Bundles[1].Baseline; b == nil || b.ID != delID || b.Status != "not_here" || b.File != "" {
		t.Errorf("baseline not at hand: %+v", b)
	}
}

func TestSyncJSON(t *testing.T) {
	srv := s3test.Start(t, "returns")
	office, dirH := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(office, "profiles"), 0o700)
	os.WriteFile(filepath.Join(office, "profiles", "nord.json"), []byte(leasingNord), 0o600)
	for _, prefix := range []string{"s3://returns/h", "s3://returns/j"} {
		if code, _, errOut := runCLI(t, "", "--data", office, "publish", "--to", prefix, "--endpoint", srv.Endpoint); code != 0 {
			t.Fatalf("publish: %s", errOut)
		}
		// an object a hostile bucket writer named: refused by name
		dir := filepath.Join(srv.Root, "returns", strings.TrimPrefix(prefix, "s3://returns/"), "config", "profiles")
		os.WriteFile(filepath.Join(dir, "x"+hostileName+"@1.json"), []byte(leasingNord), 0o600)
	}
	ids := sealWithPhotos(t, dirH, 1, 2)
	runCLI(t, "", "--data", dirH, "trust", "add", devicePEM(t, office), "--role", "publisher")
	dirJ, crashed, damagedH, damagedJ := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{dirJ, crashed, damagedH, damagedJ} {
		if err := os.CopyFS(d, os.DirFS(dirH)); err != nil {
			t.Fatal(err)
		}
	}

	code, out, errOut := runCLI(t, "", "--data", dirH, "sync", "--to", "s3://returns/h", "--endpoint", srv.Endpoint)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	sort.Strings(lines[1:]) // uploaded side by side
	if code != 1 || strings.Join(lines, "|") != "profile installed leasing-nord@1|uploaded P-1|uploaded P-2" || !strings.Contains(errOut, "NOT VALID: is not named <id>@<version>.json") {
		t.Fatalf("sync: %d %q %s", code, out, errOut)
	}
	humanStripped(t, "sync", out+errOut)

	jcode, jout, jerr := runCLI(t, "", "--data", dirJ, "sync", "--to", "s3://returns/j", "--endpoint", srv.Endpoint, "--json")
	if jcode != code || jerr != "" {
		t.Fatalf("sync --json: exit %d (human %d), stderr %q", jcode, code, jerr)
	}
	var res syncJSON
	decodeJSON(t, "sync --json", jout, &res)
	jsonEscapedAs(t, "sync --json", jout, `\u202e`, `\n`)
	sort.Strings(res.Uploaded)
	if res.To != "s3://returns/j" || strings.Join(res.Uploaded, ",") != strings.Join(ids, ",") || len(res.AlreadyThere) != 0 ||
		len(res.NotUploaded) != 0 || strings.Join(res.ProfilesInstalled, ",") != "leasing-nord@1" || res.Error != "" {
		t.Errorf("sync --json = %+v", res)
	}
	if len(res.ProfilesRefused) != 1 || !strings.HasSuffix(res.ProfilesRefused[0].Key, "\u202eRTL\u200bX\x7f\nzweite Zeile@1.json") ||
		!strings.HasPrefix(res.ProfilesRefused[0].Reason, "NOT VALID: is not named <id>@<version>.json") {
		t.Errorf("refused: %+v", res.ProfilesRefused)
	}

	// uploaded, but not marked (a crash in between): already there
	jcode, jout, _ = runCLI(t, "", "--data", crashed, "sync", "--to", "s3://returns/j", "--endpoint", srv.Endpoint, "--json")
	res = syncJSON{}
	decodeJSON(t, "sync --json, after a crash", jout, &res)
	sort.Strings(res.AlreadyThere)
	if jcode != 1 || len(res.Uploaded) != 0 || strings.Join(res.AlreadyThere, ",") != strings.Join(ids, ",") {
		t.Errorf("after a crash: %d %+v", jcode, res)
	}

	// a protocol whose archive cannot be made: not uploaded, with its id and why
	damage(t, damagedH, "P-1")
	damage(t, damagedJ, "P-1")
	code, out, errOut = runCLI(t, "", "--data", damagedH, "sync", "--to", "s3://returns/dh", "--endpoint", srv.Endpoint)
	jcode, jout, jerr = runCLI(t, "", "--data", damagedJ, "sync", "--to", "s3://returns/dj", "--endpoint", srv.Endpoint, "--json")
	res = syncJSON{}
	decodeJSON(t, "sync --json, damaged", jout, &res)
	if code != 1 || jcode != 1 || out != "uploaded P-2\n" || !strings.Contains(errOut, "not uploaded P-1: ") || strings.Join(res.Uploaded, ",") != "P-2" ||
		len(res.NotUploaded) != 1 || res.NotUploaded[0].ID != "P-1" || !strings.Contains(res.NotUploaded[0].Reason, "does not match its seal") ||
		!strings.Contains(errOut, "not uploaded P-1: "+res.NotUploaded[0].Reason) || jerr != "1 uploaded, 1 not (see 'rueckgabe check')\n" {
		t.Errorf("damaged: human %d %q, json %d %+v %q", code, errOut, jcode, res, jerr)
	}

	// offline: the error that ends the run on stderr as ever, and in the document
	srv.Stop()
	code, out, errOut = runCLI(t, "", "--data", dirJ, "sync")
	jcode, jout, jerr = runCLI(t, "", "--data", dirJ, "sync", "--json")
	res = syncJSON{}
	decodeJSON(t, "sync --json, offline", jout, &res)
	if code != 1 || jcode != 1 || out != "" || !strings.Contains(res.Error, "keine Verbindung") || jerr != errOut {
		t.Errorf("offline: human %d %q %q, json %d %+v %q", code, out, errOut, jcode, res, jerr)
	}
}

// Every command that reports takes --json (issue 27 §4), and the README's
// conventions paragraph names each command that does.
func TestReportingCommandsHaveJSON(t *testing.T) {
	var have []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("json") != nil {
			have = append(have, strings.TrimPrefix(c.CommandPath(), "rueckgabe "))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newApp(strings.NewReader(""), io.Discard, io.Discard).root)
	for _, want := range []string{"check", "verify", "sync", "inbox", "import", "seal", "trust list", "device", "report", "list"} {
		if !slices.Contains(have, want) {
			t.Errorf("%s has no --json", want)
		}
	}
	readme := string(mustReadBytes(t, "../../README.md"))
	start := strings.Index(readme, "Conventions of every command")
	end := strings.Index(readme[start:], "\n\n")
	if start < 0 || end < 0 {
		t.Fatal("the README's conventions paragraph is gone")
	}
	para := strings.Join(strings.Fields(readme[start:start+end]), " ")
	for _, cmd := range have {
		if !strings.Contains(para, "`"+cmd+"`") {
			t.Errorf("README conventions paragraph does not name %s among the --json commands", cmd)
		}
	}
}
