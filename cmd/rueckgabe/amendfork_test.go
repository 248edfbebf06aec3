package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/service"
	"rueckgabe/store"
)

// importedID is the id an import printed ("imported ID …").
func importedID(t *testing.T, out string) string {
	t.Helper()
	f := strings.Fields(out)
	if len(f) < 2 || f[0] != "imported" {
		t.Fatalf("import printed %q", out)
	}
	return f[1]
}

// A copy of an amendment draft (export, import) is a second amendment of
// the same protocol: sealed beside the first, a report booked both. Sealing
// refuses it while the first is sealed.
func TestSecondAmendmentOfOneProtocolIsNotSealed(t *testing.T) {
	dir := t.TempDir()
	run := func(stdin string, args ...string) (int, string, string) {
		return runCLI(t, stdin, append([]string{"--data", dir}, args...)...)
	}
	id := importComplete(t, dir, true)
	if code, _, errOut := run("", "seal", id); code != 0 {
		t.Fatal(errOut)
	}
	_, out, _ := run("", "amend", id, "--reason", "Gebühr")
	first := strings.Fields(out)[1]
	_, doc, _ := run("", "export", first)
	p, probs := inspection.DecodeDraft([]byte(doc), catalog.MustDefault())
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	p.ID = ""
	p.Signatures = fixture.Complete(t, catalog.MustDefault()).Signatures
	for i := range p.Signatures {
		p.Signatures[i].Attests = ""
	}
	copyDoc, _ := inspection.Encode(p)
	_, out, errOut := run(string(copyDoc), "import", "-")
	second := importedID(t, out+errOut)
	signAgain(t, dir, first)
	if code, _, errOut := run("", "seal", first); code != 0 {
		t.Fatalf("seal of the first amendment: %s", errOut)
	}
	code, _, errOut := run("", "seal", second)
	if code != 2 || !strings.Contains(errOut, "hat schon einen versiegelten Nachtrag ("+first+")") {
		t.Fatalf("seal of a second amendment of %s: %d %s", id, code, errOut)
	}
	_, summary, _ := run("", "report", "--summary", "-o", "-")
	if !strings.Contains(summary, ",1,") {
		t.Errorf("the return is not booked once:\n%s", summary)
	}
}

// Two devices that each amend the same protocol (one got the original's
// bundle) seal an amendment each; the back office books the return once
// (the newest amendment current, the other superseded) and inbox holds both
// "zu prüfen".
func TestCompetingAmendmentsAreBookedOnce(t *testing.T) {
	devA, devB, office := t.TempDir(), t.TempDir(), t.TempDir()
	cli := func(dir, stdin string, args ...string) (int, string, string) {
		return runCLI(t, stdin, append([]string{"--data", dir}, args...)...)
	}
	must := func(code int, out, errOut string) string {
		t.Helper()
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		return out
	}
	trust := func(dir, from string) {
		key := filepath.Join(t.TempDir(), "k.pem")
		_, pem, _ := cli(from, "", "key")
		os.WriteFile(key, []byte(pem), 0o600)
		must(cli(dir, "", "trust", "add", key))
	}
	id := importComplete(t, devA, true)
	must(cli(devA, "", "seal", id))
	original := must(cli(devA, "", "export", id, "--format", "bundle"))
	trust(devB, devA)
	must(cli(devB, original, "import", "-"))
	amend := func(dir string) string {
		out := must(cli(dir, "", "amend", id, "--reason", "Korrektur"))
		a := strings.Fields(out)[1]
		signAgain(t, dir, a)
		must(cli(dir, "", "seal", a))
		return a
	}
	b1 := amend(devB) // first
	a1 := amend(devA) // second, on the other device
	trust(office, devA)
	trust(office, devB)
	for _, b := range []string{original, must(cli(devB, "", "export", b1, "--format", "bundle")), must(cli(devA, "", "export", a1, "--format", "bundle"))} {
		must(cli(office, b, "import", "-"))
	}
	s, err := store.Open(office, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sup, err := s.Superseded()
	if err != nil {
		t.Fatal(err)
	}
	current := sup[id]
	if current != a1 && current != b1 || sup[a1] != current && sup[b1] != current {
		t.Fatalf("superseded %v: both amendments %s, %s current", sup, a1, b1)
	}
	groups, err := service.HoldCompetingAmendments(s, "Backoffice")
	s.Close()
	if err != nil || len(groups) != 1 || len(groups[0]) != 2 {
		t.Fatalf("competing %v, %v", groups, err)
	}
	_, list, _ := cli(office, "", "list")
	if strings.Count(list, "zu prüfen") != 2 {
		t.Errorf("both amendments are not held:\n%s", list)
	}
	_, summary, _ := cli(office, "", "report", "--summary", "-o", "-")
	if !strings.Contains(summary, ",1,") {
		t.Errorf("the return is not booked once:\n%s", summary)
	}
}
