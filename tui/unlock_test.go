//go:build !windows && !darwin

// Where no operating system key store keeps the device key, a passphrase does
// (keystore_other.go); keystore_windows_test.go tests DPAPI.

package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/seal"
)

func signAllThree(d *driver) {
	for range 3 {
		d.press("enter", "enter", "down")
	}
}

// Without a key store and without a passphrase in the environment, the first
// seal of a working session asks for the passphrase — on a new device for a
// new one, twice — and seals; the key file holds no key in clear.
func TestSealingAsksForThePassphraseOnce(t *testing.T) {
	t.Setenv(seal.EnvPassphraseVar, "")
	dir := t.TempDir()
	d := readyDriver(t, dir)
	signAllThree(d)
	d.press("enter", "enter") // seal, confirmed
	d.mustSee("Geräteschlüssel entsperren", "Neue Passphrase (mindestens 8 Zeichen), zweimal")
	d.mustSee("enter weiter", "esc abbrechen") // issue 23: says what enter does, not "wählen"
	d.typ("kurz")
	d.press("enter")
	d.mustSee("mindestens 8 Zeichen")
	d.press("ctrl+u")
	d.typ("Pferdestall 17")
	d.press("enter")
	d.mustSee("enter Passphrase setzen")
	d.typ("Pferdestall 18")
	d.press("enter")
	d.mustSee("die beiden Eingaben sind verschieden")
	d.typ("Pferdestall 17")
	d.press("enter")
	d.mustSee("versiegelt · SHA-256", "Geräteschlüssel")
	if strings.Contains(d.screen(), "Pferdestall") {
		t.Fatal("the passphrase is shown on screen")
	}
	data, _ := os.ReadFile(filepath.Join(dir, seal.KeyFile))
	if strings.Contains(string(data), "PRIVATE KEY") || !strings.Contains(string(data), "Protection: passphrase") {
		t.Fatalf("key file:\n%s", data)
	}

	// a second window (a new working session) asks again; three wrong tries end it
	d2 := readyDriver(t, dir)
	signAllThree(d2)
	d2.press("enter", "enter")
	d2.mustSee("Zum Versiegeln die Passphrase des Geräteschlüssels eingeben", "enter entsperren")
	for i, wrong := range []string{"pferdestall 17", "Pferdestall 71", "Pferdestall"} {
		d2.typ(wrong)
		d2.press("enter")
		if i < 2 {
			d2.mustSee("falsche Passphrase (Versuch")
		}
	}
	d2.mustSee("Passphrase 3× falsch – nicht versiegelt")
	if d2.m.sess.readOnly() {
		t.Fatal("sealed with a wrong passphrase")
	}
	d2.press("enter", "enter")
	d2.typ("Pferdestall 17")
	d2.press("enter")
	d2.mustSee("versiegelt · SHA-256")
}
