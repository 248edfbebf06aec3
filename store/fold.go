package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold is how names are compared in a search: lower case, no diacritics in
// any Latin, Greek or Cyrillic script (Nguyễn → nguyen, Şükrü → sukru),
// letters that have no decomposition spelt out (Łukasz → lukasz, ß → ss,
// Øre → ore), and the German transliterations equal to their umlauts both
// ways: "mueller" and "Müller" fold alike, as do "Strasse" and "Straße".
// Query and stored text are folded the same way, so a prefix of the one is
// a prefix of the other.
func Fold(s string) string {
	s = strings.ToLower(s)
	s = letters.Replace(s)
	s, _, _ = transform.String(stripMarks(), s)
	return transliterations.Replace(s)
}

// stripMarks decomposes and drops the combining marks (Unicode Mn). A
// transformer is stateful, so each call makes its own.
func stripMarks() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// letters are the Latin letters that do not decompose into a base letter
// and a mark.
var letters = strings.NewReplacer(
	"ß", "ss", "ł", "l", "đ", "d", "ð", "d", "ø", "o", "ı", "i", "æ", "ae", "œ", "oe",
	"þ", "th", "ħ", "h", "ŧ", "t", "ŀ", "l", "ſ", "s",
)

// transliterations make the German spellings without umlauts and ß equal to
// the folded ones ("ue" typed for "ü", "ss" for "ß").
var transliterations = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u", "ss", "s")
