package main

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

// hostile is text a file may carry: a terminal title change, a screen clear,
// C1 CSI, bidi override, zero-width space, DEL.
const hostile = "\x1b]0;PWNED\a\x1b[2J\u009b31m\u202eRTL\u200bX\x7f"

// rawHidden reports the first character that must not reach a terminal raw.
func rawHidden(s string, keepNewlines bool) (rune, bool) {
	for _, r := range s {
		if (r == '\n' || r == '\t') && keepNewlines {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return r, true
		}
	}
	return 0, false
}

// stringLeaves lists the JSON paths of every string in a document.
func stringLeaves(v any, path string, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			stringLeaves(c, path+"/"+k, out)
		}
	case []any:
		for i, c := range v {
			stringLeaves(c, fmt.Sprintf("%s/%d", path, i), out)
		}
	case string:
		*out = append(*out, path)
	}
}

func setLeaf(v any, path []string, s string) {
	for i, k := range path {
		last := i == len(path)-1
		switch c := v.(type) {
		case map[string]any:
			if last {
				c[k] = c[k].(string) + s
				return
			}
			v = c[k]
		case []any:
			var n int
			fmt.Sscan(k, &n)
			if last {
				c[n] = c[n].(string) + s
				return
			}
			v = c[n]
		}
	}
}

// TestHostileTextReachesNoSinkRaw puts hostile text into every string field
// of a protocol that import accepts and checks every way it leaves the
// program: list, list --json, export json, the PDF's text.
func TestHostileTextReachesNoSinkRaw(t *testing.T) {
	p := fixture.Complete(t, catalog.MustDefault())
	doc, _ := inspection.Encode(p)
	var base map[string]any
	json.Unmarshal(doc, &base)
	var leaves []string
	stringLeaves(base, "", &leaves)
	sort.Strings(leaves)
	_, havePDFText := exec.LookPath("pdftotext")
	accepted := 0
	for _, leaf := range leaves {
		var m map[string]any
		json.Unmarshal(doc, &m)
		setLeaf(m, strings.Split(leaf, "/")[1:], hostile)
		in, _ := json.Marshal(m)
		dir := t.TempDir()
		code, out, _ := runCLI(t, string(in), "--data", dir, "import", "-")
		if code != 0 {
			continue // the field has a format (date, amount, enum) that rejects the text
		}
		accepted++
		id := strings.TrimSpace(strings.TrimPrefix(out, "imported "))
		for _, args := range [][]string{{"list"}, {"list", "--json"}, {"export", id, "--format", "json"}} {
			_, out, errOut := runCLI(t, "", append([]string{"--data", dir}, args...)...)
			if r, bad := rawHidden(out+errOut, true); bad {
				t.Errorf("%s → %v: %U raw", leaf, args, r)
			}
		}
		_, js, _ := runCLI(t, "", "--data", dir, "export", id, "--format", "json")
		if !strings.Contains(js, `\u202e`) && !strings.Contains(leaf, "/id") {
			t.Errorf("%s: export json lost or did not escape the text", leaf)
		}
		if havePDFText == nil {
			pdf := filepath.Join(t.TempDir(), "p.pdf")
			if code, _, errOut := runCLI(t, "", "--data", dir, "export", id, "--format", "pdf", "-o", pdf); code != 0 {
				t.Fatalf("%s: pdf: %s", leaf, errOut)
			}
			text, err := exec.Command("pdftotext", pdf, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if r, bad := rawHidden(strings.ReplaceAll(string(text), "\f", ""), true); bad {
				t.Errorf("%s → pdf: %U", leaf, r)
			}
		}
	}
	if accepted < 20 {
		t.Fatalf("only %d of %d fields took the text: the test tests too little", accepted, len(leaves))
	}
	t.Logf("%d of %d string fields took hostile text; none reached a sink raw", accepted, len(leaves))
}
