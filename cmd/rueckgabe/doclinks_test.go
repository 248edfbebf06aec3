package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every link in the README and docs/ resolves inside the repository: the
// docs must stand alone (users do not have ../shared).
func TestDocLinksResolve(t *testing.T) {
	root := filepath.Join("..", "..")
	files, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	files = append(files, filepath.Join(root, "README.md"))
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "../shared") {
			t.Errorf("%s points to ../shared, which users do not have", f)
		}
		for _, m := range link.FindAllStringSubmatch(string(data), -1) {
			target := m[1]
			if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			path := filepath.Join(filepath.Dir(f), filepath.FromSlash(target))
			rel, err := filepath.Rel(root, path)
			if err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s: link %q leaves the repository", f, m[1])
				continue
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s: link %q does not resolve", f, m[1])
			}
			checked++
		}
	}
	if checked < 5 {
		t.Fatalf("only %d links checked: the test tests too little", checked)
	}
}

// docs/format.md's example quote is what the program prints for
// testdata/full-example.json, to the byte.
func TestFormatDocQuoteExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "format.md"))
	if err != nil {
		t.Fatal(err)
	}
	const marker = "`rueckgabe quote testdata/full-example.json` prints:\n\n```json\n"
	i := strings.Index(string(doc), marker)
	if i < 0 {
		t.Fatal("docs/format.md has no full-example quote")
	}
	want, _, _ := strings.Cut(string(doc[i+len(marker):]), "```\n")
	code, got, errOut := runCLI(t, "", "quote", "../../testdata/full-example.json")
	if code != 0 || got != want {
		t.Fatalf("quote: %d %s\ndocs/format.md shows:\n%s\nthe program prints:\n%s", code, errOut, want, got)
	}
}
