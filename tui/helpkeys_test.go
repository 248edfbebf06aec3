package tui

import (
	"regexp"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The full help (F1) on Stammdaten names ctrl+o, which its footer shows:
// the full help left it out.
func TestFullHelpOnStammdatenNamesPhotos(t *testing.T) {
	d := newDriver(t, t.TempDir(), 100, 30)
	d.press("d") // the demo, on Stammdaten
	d.mustSee("ctrl+o Fotos anhängen")
	d.send(tea.KeyPressMsg{Code: tea.KeyF1})
	d.mustSee("nächstes leeres Feld") // the full help is shown
	// its table aligns key and words in columns (the footer has one space)
	if !regexp.MustCompile(`ctrl\+o {2,}Fotos anhängen`).MatchString(d.screen()) {
		t.Errorf("the full help lacks ctrl+o:\n%s", d.screen())
	}
}
