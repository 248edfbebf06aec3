package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/inspection"
)

// hostileName is a name a file may have: the hostile text of sinks_test.go
// and a line break.
const hostileName = hostile + "\nzweite Zeile"

// jsonEscaped checks that a --json document holds no character that could
// drive a terminal raw, and that the hostile text is there, escaped.
func jsonEscaped(t *testing.T, what, out string) {
	t.Helper()
	if r, bad := rawHidden(out, true); bad {
		t.Errorf("%s: %U raw in the JSON", what, r)
	}
	for _, esc := range []string{`\u001b`, `\u202e`, `\n`} {
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
	if code != 1 || jcode != code || out != "" {
		t.Fatalf("damaged: human %d %q, json %d", code, out, jcode)
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
