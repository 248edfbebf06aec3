package service

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"

	"rueckgabe/bucket"
	"rueckgabe/store"
)

func TestWordsSayWhatHappenedAndWhatToDo(t *testing.T) {
	cases := []struct {
		err    error
		de, en string
	}{
		{&store.LockedError{Dir: "/d", PID: 42, Command: "rueckgabe"}, "in einem anderen Fenster geöffnet (rueckgabe, PID 42)", "open in another window (rueckgabe, PID 42)"},
		{&store.LockedError{Dir: "/d"}, "in einem anderen Fenster geöffnet.", "close it or wait"},
		{fmt.Errorf("save: %w", &store.FullError{Err: errors.New("no space")}), "Speicher voll", "free space"},
		{&store.NewerSchemaError{Found: 3, Supported: 2}, "neueren Version", "update rueckgabe"},
		{&store.ExistsError{ID: "x", Status: store.StatusDraft}, "x gibt es schon (draft)", "not overwritten"},
		{&store.ReadOnlyError{Dir: "/d", Err: syscall.EROFS}, "schreibgeschützt", "--data"},
		{&os.PathError{Op: "open", Path: "/stick/x.pdf", Err: syscall.EROFS}, "schreibgeschützt", "--data"},
		{&os.PathError{Op: "write", Path: "/stick/x.pdf", Err: syscall.ENOSPC}, "Datenträger voll", "free space"},
		{fmt.Errorf("seal: %w", store.ErrSealed), "Nachtrag", "amendment"},
		{store.ErrConflict, "anderen Fenster geändert", "reload"},
		{fmt.Errorf("a: %w", store.ErrNotFound), "nicht gefunden", "rueckgabe list"},
	}
	for _, c := range cases {
		de, en := Words(c.err)
		if !strings.Contains(de, c.de) || !strings.Contains(en, c.en) {
			t.Errorf("%v: %q / %q", c.err, de, en)
		}
		if s := Sentence(c.err); !strings.Contains(s, " / ") {
			t.Errorf("sentence %q has not both languages", s)
		}
	}
	if s := Sentence(errors.New("something else")); s != "something else" {
		t.Errorf("an unknown error: %q", s)
	}
}

// Every failure of the object store is worded in German in both registers,
// the command's sentence and the TUI's line; a wrapped error is found.
func TestBucketFailuresAreWordedOnceForBoth(t *testing.T) {
	for _, k := range []bucket.Kind{bucket.Offline, bucket.Credentials, bucket.NoBucket, bucket.ClockSkew, bucket.Certificate} {
		err := fmt.Errorf("sync: %w", &bucket.Error{Kind: k, Endpoint: "http://x", Bucket: "returns", Err: errors.New("boom")})
		de, en, ok := BucketWords(err)
		if !ok || de == "" || en == "" {
			t.Errorf("kind %d: %q / %q %v", k, de, en, ok)
		}
		if s := BucketSentence(err); !strings.HasPrefix(s, de+" / ") {
			t.Errorf("kind %d: sentence %q", k, s)
		}
		if l := SyncLine(err, "s"); !strings.HasPrefix(l, "Sync: ") || strings.Contains(l, "fehlgeschlagen") {
			t.Errorf("kind %d: TUI line %q", k, l)
		}
	}
	// the credentials file's own problem: no request was made, nothing refused
	fileErr := &bucket.Error{Kind: bucket.Credentials, Endpoint: "http://x", Err: fmt.Errorf("%w: half a key pair", bucket.ErrCredentialsFile)}
	if de, en, _ := BucketWords(fileErr); !strings.Contains(de, "nichts gesendet") || strings.Contains(de+en, "abgelehnt") || strings.Contains(de+en, "refused") {
		t.Errorf("credentials file: %q / %q", de, en)
	}
	if l := SyncLine(fileErr, "s"); strings.Contains(l, "abgelehnt") || !strings.Contains(l, "rueckgabe sync") {
		t.Errorf("credentials file, TUI line: %q", l)
	}
	if _, _, ok := BucketWords(store.ErrConflict); ok {
		t.Error("a store error taken for the object store's")
	}
	if l := SyncLine(fmt.Errorf("x: %w", ErrNoSyncTarget), "s"); !strings.Contains(l, "rueckgabe sync --to") {
		t.Errorf("no target: %q", l)
	}
	if l := SaveLine(store.ErrConflict, SaveKeys{Retry: "F9", Back: "q"}); !strings.Contains(l, "q und neu öffnen") {
		t.Errorf("save line names not the keys given: %q", l)
	}
}
