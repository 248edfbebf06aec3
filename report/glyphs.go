package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/textsafe"
)

// Replacement is drawn for a character the embedded fonts do not have (an
// emoji, a CJK ideograph): visible, never an error, and the protocol's
// JSON keeps the original.
const Replacement = '□'

// hasGlyph reports whether one of the embedded fonts draws r (the Go fonts
// or a fallback; the regular and bold cuts cover the same characters).
func hasGlyph(r rune) bool { return familyOf(r) != "" }

// printable replaces every character the fonts cannot draw.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case textsafe.Dropped(r):
			return -1 // never drawn: t() drops it (a bidi control is no missing glyph)
		case unicode.IsSpace(r) || hasGlyph(r):
			return r
		}
		return Replacement
	}, s)
}

// Unprintable lists, one line per text field, the characters of a protocol
// the PDF draws as the replacement mark, with the field's JSON path:
// `customer.name: 🚗 (U+1F697)`. Empty when the PDF shows everything.
func Unprintable(p *inspection.Protocol) []string {
	var out []string
	eachString(p, func(path, s string) {
		var missing []string
		for _, r := range s {
			if !unicode.IsSpace(r) && !hasGlyph(r) && !textsafe.Dropped(r) {
				missing = append(missing, fmt.Sprintf("%c (U+%04X)", r, r))
			}
		}
		if len(missing) > 0 {
			out = append(out, path+": "+strings.Join(dedupe(missing), ", "))
		}
	})
	sort.Strings(out)
	return out
}

// printableCopy is the protocol with every text field made printable; the
// protocol itself when nothing needs replacing (the usual case).
func printableCopy(p *inspection.Protocol, rules *catalog.Rules) *inspection.Protocol {
	if len(Unprintable(p)) == 0 {
		return p
	}
	doc, err := encoded(p)
	if err != nil {
		return p
	}
	doc = walk("", doc, func(_, s string) string { return printable(s) })
	data, err := json.Marshal(doc)
	if err != nil {
		return p
	}
	if q, _ := inspection.DecodeDraft(data, rules); q != nil {
		return q
	}
	return p
}

// eachString calls fn on every string of the protocol's interchange JSON
// with its path.
func eachString(p *inspection.Protocol, fn func(path, s string)) {
	doc, err := encoded(p)
	if err == nil {
		walk("", doc, func(path, s string) string { fn(path, s); return s })
	}
}

func encoded(p *inspection.Protocol) (any, error) {
	data, err := inspection.Encode(p)
	if err != nil {
		return nil, err
	}
	var doc any
	err = json.Unmarshal(data, &doc)
	return doc, err
}

func walk(path string, v any, fn func(path, s string) string) any {
	switch x := v.(type) {
	case string:
		return fn(path, x)
	case map[string]any:
		for k, e := range x {
			at := k
			if path != "" {
				at = path + "." + k
			}
			x[k] = walk(at, e, fn)
		}
	case []any:
		for i, e := range x {
			x[i] = walk(fmt.Sprintf("%s[%d]", path, i), e, fn)
		}
	}
	return v
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
