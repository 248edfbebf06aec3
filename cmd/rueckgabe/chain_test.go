package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/internal/s3test"
)

// Issue 29 §3: a copied key used on two machines forks the device's chain of
// seals. The back office's inbox says so, holds both protocols "zu prüfen"
// (list, report), and trust list and check show it; seals not sent yet are
// a count of gaps.
func TestInboxReportsAForkedChainAndHoldsBoth(t *testing.T) {
	srv := s3test.Start(t, "returns")
	device := t.TempDir()
	sealWithPhotos(t, device, 1, 1) // P-1
	copied := t.TempDir()
	if err := os.CopyFS(copied, os.DirFS(device)); err != nil {
		t.Fatal(err)
	}
	sealWithPhotos(t, device, 2, 1) // P-2 follows P-1
	sealWithPhotos(t, copied, 3, 1) // P-3 follows P-1 as well: the fork
	sealWithPhotos(t, device, 4, 2) // P-4 follows P-2, P-5 follows P-4, which the office never gets
	for _, dir := range []string{device, copied} {
		if code, _, errOut := runCLI(t, "", "--data", dir, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 {
			t.Fatalf("sync: %s", errOut)
		}
	}
	// P-4 is lost on the way: the office sees P-5 after a gap
	for _, o := range srv.Objects("returns") {
		if strings.Contains(o, "/P-4/") {
			os.Remove(filepath.Join(srv.Root, "returns", o))
		}
	}
	office := t.TempDir()
	runCLI(t, "", "--data", office, "trust", "add", devicePEM(t, device), "--name", "Nord 1")
	code, out, errOut := runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 1 || !strings.Contains(out, "4 imported") || !strings.Contains(errOut, "FORK key") || !strings.Contains(errOut, "the seals of P-2, P-3 follow the same seal") {
		t.Fatalf("inbox: %d %q %s", code, out, errOut)
	}
	if !strings.Contains(errOut, "1 seal(s) not here yet") {
		t.Errorf("the gap is not counted: %s", errOut)
	}
	if items := listJSON(t, office); items["P-2"].Review == "" || items["P-3"].Review == "" || items["P-1"].Review != "" {
		t.Errorf("list --json: %+v", items)
	}
	_, table, _ := runCLI(t, "", "--data", office, "list")
	if strings.Count(table, "zu prüfen") != 2 {
		t.Errorf("list does not hold both forked protocols:\n%s", table)
	}
	_, csv, _ := runCLI(t, "", "--data", office, "report", "--csv")
	if strings.Count(csv, "zu prüfen: Kette der Siegel verzweigt") != 2 || !strings.HasSuffix(strings.Split(csv, "\n")[0], ",review") {
		t.Errorf("report:\n%s", csv)
	}
	code, list, listErr := runCLI(t, "", "--data", office, "trust", "list")
	if code != 0 || !strings.Contains(list, "GABELUNG") || !strings.Contains(list, "1 Lücken") || !strings.Contains(listErr, "FORK key") {
		t.Errorf("trust list: %d\n%s%s", code, list, listErr)
	}
	if code, _, errOut := runCLI(t, "", "--data", office, "check"); code != 1 || !strings.Contains(errOut, "the chain forks") {
		t.Errorf("check: %d %s", code, errOut)
	}
}
