package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
	"rueckgabe/internal/s3test"
)

// profileV3 is bmw-fs-de@2 as version 4 (newer than the built-ins) with a new fee schedule: a lost key costs 60 €
// instead of 50 € — what a back office publishes.
func profileV3(t *testing.T) []byte {
	t.Helper()
	fees, err := os.ReadFile(filepath.Join("..", "..", "catalog", "data", "fees-akf.json"))
	if err != nil {
		t.Fatal(err)
	}
	fees = bytes.Replace(fees, []byte(`"version": "2"`), []byte(`"version": "3"`), 1)
	fees = bytes.Replace(fees, []byte(`"amount": "50.00", "taxable": true }`), []byte(`"amount": "60.00", "taxable": true }`), 1)
	prof, err := os.ReadFile(filepath.Join("..", "..", "catalog", "data", "profile-bmw-fs-de-2.json"))
	if err != nil {
		t.Fatal(err)
	}
	prof = bytes.Replace(prof, []byte(`"version": "2"`), []byte(`"version": "4"`), 1)
	prof = bytes.Replace(prof, []byte(`"fees": "akf-servicelease@2"`), append(append([]byte(`"fees": `), fees...), []byte{}...), 1)
	if !bytes.Contains(prof, []byte(`"60.00"`)) || !bytes.Contains(prof, []byte(`"version": "4"`)) {
		t.Fatal("test data: the profile was not changed")
	}
	return prof
}

// Issue 30 §4: protocols imported without a pinned profile are pinned when
// stored; after the back office publishes bmw-fs-de@4 and the device installs
// it, no sealed figure moves — report lines, PDFs and verify results are the
// same — and the back office imports every archive, also those sealed under
// the version it no longer has as its newest.
func TestPublishingAProfileChangesNoSealedFigure(t *testing.T) {
	srv := s3test.Start(t, "returns")
	device, office := t.TempDir(), t.TempDir()
	runCLI(t, "", "--data", device, "trust", "add", devicePEM(t, office), "--name", "Backoffice", "--role", "publisher")
	runCLI(t, "", "--data", office, "trust", "add", devicePEM(t, device), "--name", "Nord 1")
	const n = 20
	var ids []string
	for i := 1; i <= n; i++ {
		p := fixture.Complete(t, catalog.MustDefault())
		p.ID, p.Profile, p.ProfileHash = fmt.Sprintf("R-%02d", i), "", "" // the spec's default: no profile named
		p.Fees[0].Amount = decimal.NullDecimal{}                          // the schedule's price for a lost key
		doc, _ := inspection.Encode(p)
		if code, _, errOut := runCLI(t, string(doc), "--data", device, "import", "-"); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		if code, _, errOut := runCLI(t, "", "--data", device, "seal", p.ID); code != 0 {
			t.Fatalf("seal: %s", errOut)
		}
		ids = append(ids, p.ID)
	}
	_, doc, _ := runCLI(t, "", "--data", device, "export", ids[0])
	if !strings.Contains(doc, `"profile": "bmw-fs-de@3"`) || !strings.Contains(doc, `"profile_hash": "sha256:`) {
		t.Fatalf("an imported protocol is not pinned:\n%.400s", doc)
	}
	outputs := func(dir string) (csv string, pdfs []string) {
		t.Helper()
		code, csv, errOut := runCLI(t, "", "--data", dir, "report", "--csv")
		if code != 0 {
			t.Fatalf("report: %s", errOut)
		}
		for _, id := range []string{ids[0], ids[n-1]} {
			path := filepath.Join(t.TempDir(), id+".pdf")
			if code, _, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "pdf", "-o", path); code != 0 {
				t.Fatalf("pdf: %s", errOut)
			}
			pdfs = append(pdfs, fmt.Sprintf("%x", sha256.Sum256(readFile(t, path))))
		}
		return csv, pdfs
	}
	csvBefore, pdfsBefore := outputs(device)
	if !strings.Contains(csvBefore, ",50.00,") {
		t.Fatalf("the lost key is not charged 50.00:\n%s", csvBefore)
	}
	if code, out, errOut := runCLI(t, "", "--data", device, "sync", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 || strings.Count(out, "uploaded ") != n {
		t.Fatalf("sync: %d %q %s", code, out, errOut)
	}

	// the back office publishes @4; the device installs it
	os.MkdirAll(filepath.Join(office, "profiles"), 0o700)
	os.WriteFile(filepath.Join(office, "profiles", "bmw-fs-de-3.json"), profileV3(t), 0o600)
	if code, out, errOut := runCLI(t, "", "--data", office, "publish", "--to", "s3://returns/nord", "--endpoint", srv.Endpoint); code != 0 || !strings.Contains(out, "published bmw-fs-de@4") {
		t.Fatalf("publish: %d %q %s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "--data", device, "sync"); code != 0 || !strings.Contains(out, "profile installed bmw-fs-de@4") {
		t.Fatalf("sync: %d %q %s", code, out, errOut)
	}
	csvAfter, pdfsAfter := outputs(device)
	if csvAfter != csvBefore {
		t.Errorf("the report moved after a profile was published:\nbefore:\n%s\nafter:\n%s", csvBefore, csvAfter)
	}
	for i := range pdfsBefore {
		if pdfsBefore[i] != pdfsAfter[i] {
			t.Errorf("PDF %d changed after a profile was published", i)
		}
	}
	archive := filepath.Join(t.TempDir(), "a.zip")
	runCLI(t, "", "--data", device, "export", ids[3], "--format", "archive", "-o", archive)
	if code, out, errOut := runCLI(t, "", "--data", device, "verify", archive); code != 0 {
		t.Errorf("verify on the device after the new profile: %d %s %s", code, out, errOut)
	}

	// the back office, whose newest bmw-fs-de is @4, imports all of them
	code, out, errOut := runCLI(t, "", "--data", office, "inbox", "--from", "s3://returns/nord", "--endpoint", srv.Endpoint)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%d imported, 0 known already, 0 not imported", n)) {
		t.Fatalf("inbox: %d %q %s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "--data", office, "verify", archive); code != 0 {
		t.Errorf("verify in the back office: %d %s %s", code, out, errOut)
	}
	csvOffice, _ := outputs(office)
	if csvOffice != csvBefore {
		t.Errorf("the back office's figures differ from the device's:\ndevice:\n%s\noffice:\n%s", csvBefore, csvOffice)
	}
	// a new protocol now pins the new version
	p := fixture.Complete(t, catalog.MustDefault())
	p.ID, p.Profile, p.ProfileHash = "R-NEW", "", ""
	newDoc, _ := inspection.Encode(p)
	runCLI(t, string(newDoc), "--data", device, "import", "-")
	if _, doc, _ := runCLI(t, "", "--data", device, "export", "R-NEW"); !strings.Contains(doc, `"profile": "bmw-fs-de@4"`) {
		t.Errorf("a new protocol is not pinned to the newest version:\n%.300s", doc)
	}
}
