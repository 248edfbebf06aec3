package report

import (
	"slices"
	"strings"
	"unicode"
)

// The PDF library draws characters left to right, one glyph per character.
// Hebrew and Arabic text is therefore put into visual order first, and Arabic
// letters into the contextual forms of the Presentation Forms-B block, which
// the fallback font draws joined: "محمد" is drawn as the customer reads it,
// not as isolated letters backwards.
//
// The order follows the bidirectional algorithm for what a protocol holds —
// names, addresses, notes in a German (left-to-right) document: each stretch
// from a right-to-left letter to the last right-to-left letter before the
// next left-to-right letter is reversed as a whole, the spaces and
// punctuation inside it with it (brackets mirrored), numbers inside it kept
// in their order; what surrounds it stays. (x/text's bidi package was tried:
// it moves a separator at the edge of a right-to-left stretch into it.)

// visual returns s as it is drawn left to right; text without right-to-left
// characters is returned as it is.
func visual(s string) string {
	if !hasRTL(s) {
		return s
	}
	rs := []rune(shapeArabic(s))
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); {
		if !isRTL(rs[i]) {
			out = append(out, rs[i])
			i++
			continue
		}
		end := i
		for j := i; j < len(rs) && !isStrongLTR(rs[j]); j++ {
			if isRTL(rs[j]) && !isMark(rs[j]) {
				end = j
			}
		}
		for end+1 < len(rs) && isMark(rs[end+1]) {
			end++
		}
		out = append(out, []rune(reverseMirrored(string(rs[i:end+1])))...)
		i = end + 1
	}
	return string(out)
}

// isStrongLTR: a letter of a left-to-right script.
func isStrongLTR(r rune) bool { return unicode.IsLetter(r) && !isRTL(r) }

func hasRTL(s string) bool {
	for _, r := range s {
		if isRTL(r) {
			return true
		}
	}
	return false
}

func isRTL(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

// reverseMirrored reverses a right-to-left run, keeping each base character
// with its combining marks and each number whole, and mirroring brackets.
func reverseMirrored(s string) string {
	var clusters [][]rune
	for _, r := range s {
		last := len(clusters) - 1
		if last >= 0 && (isMark(r) || unicode.IsDigit(r) && unicode.IsDigit(clusters[last][len(clusters[last])-1])) {
			clusters[last] = append(clusters[last], r)
			continue
		}
		if m, ok := mirror[r]; ok {
			r = m
		}
		clusters = append(clusters, []rune{r})
	}
	slices.Reverse(clusters)
	var b strings.Builder
	for _, c := range clusters {
		b.WriteString(string(c))
	}
	return b.String()
}

var mirror = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«'}

// isMark: Hebrew points and Arabic harakat, which follow their letter.
func isMark(r rune) bool {
	return r >= 0x0591 && r <= 0x05C7 || r >= 0x064B && r <= 0x065F || r == 0x0670
}

// arabicForms are a letter's isolated, final, initial and medial forms;
// a right-joining letter has no initial and medial form (0).
var arabicForms = map[rune][4]rune{
	0x0621: {0xFE80, 0, 0, 0}, 0x0622: {0xFE81, 0xFE82, 0, 0}, 0x0623: {0xFE83, 0xFE84, 0, 0},
	0x0624: {0xFE85, 0xFE86, 0, 0}, 0x0625: {0xFE87, 0xFE88, 0, 0}, 0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E, 0, 0}, 0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92}, 0x0629: {0xFE93, 0xFE94, 0, 0},
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98}, 0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C}, 0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4}, 0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8}, 0x062F: {0xFEA9, 0xFEAA, 0, 0},
	0x0630: {0xFEAB, 0xFEAC, 0, 0}, 0x0631: {0xFEAD, 0xFEAE, 0, 0}, 0x0632: {0xFEAF, 0xFEB0, 0, 0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4}, 0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8}, 0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0}, 0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4}, 0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC}, 0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0}, 0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8}, 0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC}, 0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4}, 0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8}, 0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE, 0, 0}, 0x0649: {0xFEEF, 0xFEF0, 0, 0}, 0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
}

// lamAlef are the ligatures of lam with a following alef: isolated, final.
var lamAlef = map[rune][2]rune{0x0622: {0xFEF5, 0xFEF6}, 0x0623: {0xFEF7, 0xFEF8}, 0x0625: {0xFEF9, 0xFEFA}, 0x0627: {0xFEFB, 0xFEFC}}

const tatweel = 0x0640

// joinsLeft: the letter connects to the one after it (dual-joining, or the
// tatweel); joinsRight: it connects to the one before it.
func joinsLeft(r rune) bool {
	f, ok := arabicForms[r]
	return ok && f[2] != 0 || r == tatweel
}

func joinsRight(r rune) bool {
	f, ok := arabicForms[r]
	return ok && f[1] != 0 || r == tatweel
}

// shapeArabic replaces Arabic letters by their contextual forms, in logical
// order; marks are transparent to joining.
func shapeArabic(s string) string {
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	neighbour := func(i, step int) rune {
		for j := i + step; j >= 0 && j < len(rs); j += step {
			if !isMark(rs[j]) {
				return rs[j]
			}
		}
		return 0
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		forms, ok := arabicForms[r]
		if !ok {
			out = append(out, r)
			continue
		}
		prev, next := neighbour(i, -1), neighbour(i, 1)
		joinPrev := joinsLeft(prev) && joinsRight(r)
		if lig, ok := lamAlef[next]; r == 0x0644 && ok {
			form := lig[0]
			if joinPrev {
				form = lig[1]
			}
			out = append(out, form)
			for i++; i < len(rs) && rs[i] != next; i++ {
				out = append(out, rs[i]) // marks between lam and alef
			}
			continue
		}
		joinNext := joinsLeft(r) && joinsRight(next)
		switch {
		case joinPrev && joinNext:
			out = append(out, forms[3])
		case joinPrev:
			out = append(out, forms[1])
		case joinNext:
			out = append(out, forms[2])
		default:
			out = append(out, forms[0])
		}
	}
	return string(out)
}
