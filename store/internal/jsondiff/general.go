// Package jsondiff lists what changed between two JSON documents, one line
// per changed scalar ("vehicle.plate: \"M-AB 1\" → \"M-AB 1234\""): the store's
// audit trail of every save. Lockstep is the fast path for documents of one
// structure (the typical save: one field edited), and its cost follows the
// edit, not the document; General compares every scalar by path and is the
// fallback and the tests' oracle. Both read compact JSON as encoding/json
// writes it without building a value tree (measured: docs/performance.md).
package jsondiff

import (
	"fmt"
	"sort"
	"strings"
)

// MaxChanges bounds the lines of one diff; the rest is one line saying so.
const MaxChanges = 40

// General compares every scalar of both documents by path: the fallback
// when a key or an array element came or went, and the oracle of the tests.
func General(before, after []byte) []string {
	old, cur := flatMap(before), flatMap(after)
	if old == nil || cur == nil {
		return []string{"protocol: geändert (nicht feldweise vergleichbar)"}
	}
	var paths []string
	for p := range old {
		paths = append(paths, p)
	}
	for p := range cur {
		if _, ok := old[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var out []string
	for _, p := range paths {
		o, hadOld := old[p]
		n, hasNew := cur[p]
		switch {
		case hadOld && hasNew && o == n:
			continue
		case hadOld && hasNew:
			out = append(out, fmt.Sprintf("%s: %s → %s", p, clip(o), clip(n)))
		case hadOld:
			out = append(out, fmt.Sprintf("%s: %s entfernt", p, clip(o)))
		default:
			out = append(out, fmt.Sprintf("%s: neu %s", p, clip(n)))
		}
		if len(out) == MaxChanges {
			out = append(out, "… (weitere Änderungen gekürzt)")
			break
		}
	}
	return out
}

func Clip(out []string) []string {
	if len(out) > MaxChanges {
		return append(out[:MaxChanges], "… (weitere Änderungen gekürzt)")
	}
	return out
}

// flatMap maps every scalar of a JSON document to its path. The documents
// are our encoder's; one it cannot read field by field (nil) is reported as
// changed as a whole.
func flatMap(doc []byte) map[string]string {
	fl, ok := scanFlat(doc)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(fl))
	for _, f := range fl {
		out[f.path] = string(f.val)
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func clip(s string) string {
	const maxRunes = 80
	if r := []rune(s); len(r) > maxRunes {
		return string(r[:maxRunes]) + "…"
	}
	return strings.TrimSpace(s)
}
