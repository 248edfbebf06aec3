package service

import (
	"errors"
	"fmt"
	"path/filepath"

	"rueckgabe/internal/atomicfile"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// Words says what went wrong for people, in German (the inspector's
// language) and English, with what to do. The store returns typed errors and
// plain English; the wording lives here, shared by the commands. The TUI
// words save failures its own way (with its keys).
func Words(err error) (de, en string) {
	var locked *store.LockedError
	var full *store.FullError
	var newer *store.NewerSchemaError
	var exists *store.ExistsError
	var broken *seal.BrokenKeyError
	var damaged *store.DamagedError
	switch {
	case errors.As(err, &damaged):
		return damagedWords(damaged)
	case errors.As(err, &locked):
		by := ""
		if h := locked.Holder(); h != "" {
			by = " (" + h + ")"
		}
		return fmt.Sprintf("Der Speicher %s ist in einem anderen Fenster geöffnet%s. Schließen Sie es oder warten Sie kurz und versuchen Sie es erneut.", locked.Dir, by),
			fmt.Sprintf("The store %s is open in another window%s: close it or wait, then try again.", locked.Dir, by)
	case errors.As(err, &full):
		return "Speicher voll: die Änderung wurde nicht gespeichert, bleibt aber erhalten; Platz schaffen und erneut speichern.",
			"Disk full: the edit was not saved but is kept; free space and save again. (" + full.Err.Error() + ")"
	case atomicfile.DiskFull(err):
		return "Datenträger voll: nichts wurde geschrieben; Platz schaffen und erneut versuchen.",
			"Disk full: nothing was written; free space and try again. (" + err.Error() + ")"
	case errors.As(err, &newer):
		return fmt.Sprintf("Der Speicher wurde mit einer neueren Version von rueckgabe geschrieben (Schema %d, diese Version kennt %d); bitte rueckgabe aktualisieren.", newer.Found, newer.Supported),
			fmt.Sprintf("The store was written by a newer rueckgabe (schema %d, this version knows %d): update rueckgabe.", newer.Found, newer.Supported)
	case errors.As(err, &exists):
		return fmt.Sprintf("%s gibt es schon (%s) und wird nicht überschrieben.", exists.ID, exists.Status),
			fmt.Sprintf("%s exists already (%s) and is not overwritten.", exists.ID, exists.Status)
	case errors.Is(err, store.ErrReadOnly), atomicfile.WriteProtected(err):
		return "Speicher ist schreibgeschützt; ein beschreibbares Verzeichnis mit --data wählen.",
			"The store is read-only; choose a writable directory with --data. (" + err.Error() + ")"
	case errors.Is(err, store.ErrSealed):
		return "Protokoll ist versiegelt und kann nicht mehr geändert werden; legen Sie einen Nachtrag an (rueckgabe amend).",
			"The protocol is sealed and cannot change; create an amendment (rueckgabe amend)."
	case errors.Is(err, store.ErrConflict):
		return "Protokoll wurde inzwischen in einem anderen Fenster geändert; neu laden.",
			"The protocol was changed in another window meanwhile; reload it."
	case errors.Is(err, store.ErrNotFound):
		return "Protokoll nicht gefunden (rueckgabe list).", "Protocol not found (see 'rueckgabe list')."
	case errors.As(err, &broken):
		return broken.Error(), ""
	}
	return "", err.Error()
}

// Sentence joins both languages into the one line a command prints.
func Sentence(err error) string {
	de, en := Words(err)
	switch {
	case de == "":
		return en
	case en == "":
		return de
	}
	return de + " / " + en
}

// damagedWords: a store file that is cut short or unreadable is never
// opened; the way back is the last backup (rueckgabe backup writes one).
func damagedWords(e *store.DamagedError) (de, en string) {
	name := filepath.Base(e.Path)
	restore := fmt.Sprintf("aus der Sicherung wiederherstellen (eine Datei von 'rueckgabe backup' als %s zurückkopieren)", e.Path)
	restoreEN := fmt.Sprintf("restore it from a backup (copy a file written by 'rueckgabe backup' to %s)", e.Path)
	switch {
	case e.Want > 0:
		return fmt.Sprintf("Datenspeicher beschädigt oder unvollständig (%s ist %d Bytes, erwartet mindestens %d): %s.", name, e.Size, e.Want, restore),
			fmt.Sprintf("Store damaged or incomplete (%s is %d bytes, expected at least %d): %s.", name, e.Size, e.Want, restoreEN)
	case e.Empty:
		return fmt.Sprintf("Datenspeicher beschädigt: %s ist leer (0 Bytes); %s oder die leere Datei löschen, um neu zu beginnen.", name, restore),
			fmt.Sprintf("Store damaged: %s is empty (0 bytes); %s, or delete the empty file to start anew.", name, restoreEN)
	}
	return fmt.Sprintf("Datenspeicher beschädigt (%s: %s): %s.", name, e.Why, restore),
		fmt.Sprintf("Store damaged (%s: %s): %s.", name, e.Why, restoreEN)
}
