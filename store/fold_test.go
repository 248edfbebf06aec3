package store

import "testing"

// Issue 14: search folds case, diacritics and the German transliterations
// both ways, for every Latin letter.
func TestFoldFindsNamesHoweverTyped(t *testing.T) {
	for _, c := range []struct{ stored, typed string }{
		{"Müller", "mueller"}, {"Müller", "muller"}, {"Mueller", "müller"}, {"Mueller", "muller"},
		{"Straße", "strasse"}, {"Strasse", "straße"}, {"Schröder", "schroeder"}, {"Bäcker", "baecker"},
		{"Łukasz Wałęsa", "lukasz walesa"}, {"Şükrü Çağlar", "sukru caglar"}, {"Nguyễn Văn An", "nguyen van an"},
		{"Đặng", "dang"}, {"Søren Ørsted", "soren orsted"}, {"Ελένη Παπαδοπούλου", "ελενη παπαδοπουλου"},
		{"Ольга Иванова", "ольга иванова"}, {"İpek Yıldız", "ipek yildiz"}, {"Æbeltoft", "aebeltoft"},
		{"王小明", "王小明"}, {"ERIKA", "erika"},
	} {
		if got, want := Fold(c.stored), Fold(c.typed); got != want {
			t.Errorf("%q folds to %q, typed %q to %q", c.stored, got, c.typed, want)
		}
	}
	for _, c := range []struct{ stored, prefix string }{{"Müller", "mue"}, {"Müller", "mü"}, {"Łukasz", "luk"}, {"Straße", "stras"}} {
		if f, p := Fold(c.stored), Fold(c.prefix); len(p) > len(f) || f[:len(p)] != p {
			t.Errorf("typing %q does not reach %q (%q vs %q)", c.prefix, c.stored, p, f)
		}
	}
}
