package service

import (
	"errors"
	"fmt"
	"path/filepath"

	"rueckgabe/bucket"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/seal"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// Words says what went wrong for people, in German (the inspector's
// language) and English, with what to do. The store and the object store
// return typed errors and plain English; the wording lives here, in one
// place: Words and Sentence for the commands, SaveLine and SyncLine for the
// TUI's one-line notes, which name its keys (given by the TUI).
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
		return "Speicher ist schreibgeschützt: den Schreibschutz von Datenträger, Ordner oder rueckgabe.db aufheben oder ein beschreibbares Verzeichnis mit --data wählen.",
			"The store is read-only: clear the write protection of the medium, the folder or rueckgabe.db, or choose a writable directory with --data. (" + err.Error() + ")"
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

// BucketWords says in German and English what went wrong with the object
// store (offline, credentials, bucket, clock); ok is false for an error
// that is not the object store's.
func BucketWords(err error) (de, en string, ok bool) {
	var be *bucket.Error
	if !errors.As(err, &be) {
		return "", "", false
	}
	if errors.Is(err, bucket.ErrNoCredentials) {
		return "keine Zugangsdaten: AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY setzen (oder AWS_PROFILE für ~/.aws/credentials)", err.Error(), true
	}
	if errors.Is(err, bucket.ErrCredentialsFile) {
		return "die Zugangsdaten sind so nicht verwendbar (nichts gesendet)", err.Error(), true
	}
	de = map[bucket.Kind]string{
		bucket.Offline:     "keine Verbindung zum Objektspeicher (offline?)",
		bucket.Credentials: "Zugangsdaten abgelehnt (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY oder ~/.aws/credentials prüfen)",
		bucket.NoBucket:    "den Bucket " + be.Bucket + " gibt es nicht",
		bucket.ClockSkew:   "die Uhr dieses Rechners geht mehr als 15 Minuten falsch: Uhr stellen, dann erneut",
		bucket.Certificate: "keine vertrauenswürdige TLS-Verbindung zum Objektspeicher (Zertifikat nicht anerkannt oder kein https)",
	}[be.Kind]
	return de, be.Error(), true
}

// BucketSentence is the line a command prints for an object store's error
// (any other error: Sentence).
func BucketSentence(err error) string {
	de, en, ok := BucketWords(err)
	switch {
	case !ok:
		return Sentence(err)
	case de == "":
		return en
	}
	return de + " / " + en
}

// SyncLine words a failed sync for the TUI's start screen, in German, with
// the key that tries again.
func SyncLine(err error, retry string) string {
	var be *bucket.Error
	switch {
	case errors.Is(err, ErrNoSyncTarget):
		return "Sync noch nicht eingerichtet – einmal im Terminal ausführen:\n  rueckgabe sync --to s3://BUCKET/PREFIX --endpoint URL" // the command on a line of its own, whole
	case errors.As(err, &be) && be.Kind == bucket.Offline:
		return "Sync: keine Verbindung (offline?) – nichts verloren, später erneut " + retry
	case errors.Is(err, bucket.ErrNoCredentials):
		return "Sync: keine Zugangsdaten – AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY setzen"
	case errors.Is(err, bucket.ErrCredentialsFile):
		return "Sync: Zugangsdaten so nicht verwendbar – im Terminal „rueckgabe sync“ sagt, was fehlt"
	case errors.As(err, &be) && be.Kind == bucket.Credentials:
		return "Sync: Zugangsdaten abgelehnt (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)"
	case errors.As(err, &be) && be.Kind == bucket.ClockSkew:
		return "Sync: die Uhr dieses Rechners geht falsch – Uhr stellen, dann erneut " + retry
	}
	if de, _, ok := BucketWords(err); ok && de != "" {
		return "Sync: " + de
	}
	return "Sync fehlgeschlagen: " + Sentence(err)
}

// SaveKeys are the TUI's keys a save failure's line names.
type SaveKeys struct {
	Retry string // saves again: "ctrl+s"
	Back  string // leaves the protocol: "Esc"
}

// SaveLine says in one German line why a save failed and what to press.
func SaveLine(err error, k SaveKeys) string {
	var locked *store.LockedError
	var full *store.FullError
	switch {
	case errors.As(err, &locked):
		who := ""
		if h := locked.Holder(); h != "" {
			who = " (" + h + ")"
		}
		return fmt.Sprintf("Speicher ist in einem anderen Fenster geöffnet%s – neuer Versuch gleich von selbst (%s: sofort)", who, k.Retry)
	case errors.As(err, &full):
		return "Festplatte voll – Platz schaffen, dann " + k.Retry + "; die Eingabe bleibt erhalten"
	case errors.Is(err, store.ErrConflict):
		return "in einem anderen Fenster geändert – " + k.Back + " und neu öffnen (diese Änderung wird dann verworfen)"
	case errors.Is(err, store.ErrSealed):
		return "inzwischen versiegelt – Änderungen nur als Nachtrag"
	case errors.Is(err, store.ErrReadOnly), atomicfile.WriteProtected(err):
		return "Speicher ist schreibgeschützt – mit --data ein beschreibbares Verzeichnis wählen"
	}
	return textsafe.Line(err.Error()) + " – " + k.Retry + " versucht es erneut"
}
