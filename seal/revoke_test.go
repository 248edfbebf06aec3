package seal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRevokedKeyIsTrustedOnlyForWhatWasRecordedBefore(t *testing.T) {
	dir := t.TempDir()
	own, _ := LoadOrCreateKey(dir)
	dev, pub := newPub(t), newPub(t)
	since := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	err := UpdateTrust(dir, func(tr *Trust) error {
		tr.Add(dev, "Nord 1", "", since)
		tr.Add(pub, "Backoffice", RolePublisher, since)
		if _, err := tr.Revoke(KeyID(dev), since, "gestohlen", since.Add(time.Hour)); err != nil {
			return err
		}
		if _, err := tr.Revoke(KeyID(pub), since, "", since); err != nil {
			return err
		}
		if _, err := tr.Revoke(own.ID, since, "", since); !errors.Is(err, ErrOwnKey) {
			t.Errorf("own key: %v", err)
		}
		if _, err := tr.Revoke("0000000000000000", since, "", since); !errors.Is(err, ErrNotTrusted) {
			t.Errorf("unknown key: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := LoadTrust(dir)
	if err != nil {
		t.Fatal(err)
	}
	if keys := tr.Keys(); len(keys) != 1 || !keys[0].Equal(own.Public) {
		t.Errorf("revoked keys are trusted for bundles by hand: %d keys", len(keys))
	}
	if len(tr.PublisherKeys()) != 0 {
		t.Error("a revoked publisher still publishes")
	}
	if k := tr.RevokedKeysValidAt(since.Add(-time.Second)); len(k) != 2 {
		t.Errorf("recorded before: %d keys", len(k))
	}
	for _, at := range []time.Time{since, since.Add(time.Second), {}} {
		if k := tr.RevokedKeysValidAt(at); len(k) != 0 {
			t.Errorf("recorded at %v: %d keys", at, len(k))
		}
	}
	var revoked *RevokedError
	if err := tr.Explain(&UntrustedError{KeyID: KeyID(dev)}); !errors.As(err, &revoked) || !strings.Contains(err.Error(), "revoked since 2026-12-01T08:00:00Z (gestohlen)") {
		t.Errorf("explain: %v", err)
	}
	if _, _, err := tr.Add(dev, "", "", since); !errors.As(err, &revoked) {
		t.Errorf("trust add of a revoked key: %v", err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, TrustFile))
	os.WriteFile(filepath.Join(dir, TrustFile), []byte(strings.Replace(string(data), `"since": "2026-12-01T08:00:00Z"`, `"since": "bald"`, 1)), 0o600)
	if _, err := LoadTrust(dir); err == nil || !strings.Contains(err.Error(), "revoked.since") {
		t.Errorf("a revocation without a time: %v", err)
	}
}
