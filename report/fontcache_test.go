package report

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestGoldenPDFWithFontsCachedAndNot: fpdf (third_party/fpdf) keeps each
// font parsed, and the subset of each set of characters made, for the whole
// process. The golden PDF — pinned before these caches existed — must come
// out the same in a fresh process (nothing cached) and after other PDFs
// filled the caches with other sets of characters.
func TestGoldenPDFWithFontsCachedAndNot(t *testing.T) {
	want, err := os.ReadFile("testdata/TestGoldenPDFOfEveryScript.golden")
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("REPORT_COLD_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGoldenPDFOfEveryScript$", "-test.count=1")
		cmd.Env = append(os.Environ(), "REPORT_COLD_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("golden PDF in a fresh process: %v\n%s", err, out)
		}
	}
	golden := func() string {
		p := example(t)
		p.Customer.Name = "王小明 · 김민준 · 佐藤 花子"
		p.Customer.Address = "דוד כהן · محمد عبد الله · Ελένη Παπαδοπούλου · Ольга Иванова"
		p.Findings[0].Note = "Łukasz Wałęsa, Şükrü Çağlar, Nguyễn Văn An: 🚗"
		pdf, err := PDF(p, rules, sealedMeta)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(pdf)
		return hex.EncodeToString(sum[:])
	}
	for i, other := range []string{"Erika Mustermann", "Zoë Ærøskøbing", "王小明", "", "Ελένη"} {
		p := example(t)
		if other != "" {
			p.Customer.Name = other
		}
		if _, err := PDF(p, rules, sealedMeta); err != nil {
			t.Fatal(err)
		}
		if got := golden(); got != strings.TrimSpace(string(want)) {
			t.Fatalf("golden PDF after %d other PDFs (the last for %q): SHA-256 %s, want %s", i+1, other, got, want)
		}
	}
}

// PDFs drawn side by side (export --pending draws on four goroutines) share
// the font caches: each comes out as it does alone (go test -race checks the
// sharing too).
func TestPDFsDrawnSideBySideAreTheSame(t *testing.T) {
	names := []string{"Erika Mustermann", "王小明", "דוד כהן", "Zoë Ærøskøbing", "محمد عبد الله", "Ольга"}
	want := make([]string, len(names))
	draw := func(name string) string {
		p := example(t)
		p.Customer.Name = name
		pdf, err := PDF(p, rules, sealedMeta)
		if err != nil {
			t.Error(err)
			return ""
		}
		sum := sha256.Sum256(pdf)
		return hex.EncodeToString(sum[:])
	}
	for i, n := range names {
		want[i] = draw(n)
	}
	got := make([][]string, 4)
	done := make(chan int)
	for g := range got {
		go func() {
			for i := range names {
				got[g] = append(got[g], draw(names[(i+g)%len(names)]))
			}
			done <- g
		}()
	}
	for range got {
		<-done
	}
	for g := range got {
		for i, h := range got[g] {
			if w := want[(i+g)%len(names)]; h != w {
				t.Errorf("goroutine %d, %q: %s, alone %s", g, names[(i+g)%len(names)], h, w)
			}
		}
	}
}
