package tui

import (
	"fmt"
	"strings"
	"testing"

	"rueckgabe/internal/fixture"
	"rueckgabe/internal/s3test"
	"rueckgabe/service"
	"rueckgabe/store"
)

// sealedInStore puts one sealed protocol into dir, as a finished return.
func sealedInStore(t *testing.T, dir string) string {
	st, err := store.Open(dir, store.Options{Rules: testRules})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := fixture.Complete(t, testRules)
	rec, err := st.Save(p, store.AnyRevision, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := service.SealProtocol(st, testRules, testKey(t, st.Dir()), rec.ID, store.AnyRevision, "Max Prüfer", fixture.SealedAt); err != nil {
		t.Fatal(err)
	}
	return rec.ID
}

func TestStartScreenSendsWhatWaits(t *testing.T) {
	srv := s3test.Start(t, "returns")
	dir := t.TempDir()
	sealedInStore(t, dir)
	d := newDriver(t, dir, 80, 24)
	d.press("s")
	d.mustSee("Sync noch nicht eingerichtet", "rueckgabe sync --to s3://BUCKET/PREFIX --endpoint URL") // whole at 80×24 (issue 23)
	if err := service.SaveSyncConfig(dir, service.SyncConfig{To: "s3://returns/nord", Endpoint: srv.Endpoint}); err != nil {
		t.Fatal(err)
	}
	d.m.start.syncNote = "" // as after a restart of the app
	d.mustSee("1 versiegelt, noch nicht gesendet · s: jetzt senden", "versiegelt")
	srv.Stop()
	d.press("s")
	d.mustSee("Sync: keine Verbindung (offline?)")
	srv.Restart()
	d.press("s")
	d.mustSee("Sync: 1 gesendet nach s3://returns/nord", "gesendet")
	if strings.Contains(d.screen(), "noch nicht gesendet") {
		t.Fatal("still waiting after the sync")
	}
	if n := len(srv.Objects("returns")); n != 1 {
		t.Fatalf("%d objects", n)
	}
}

// The start screen counts what the next sync sends in the whole store: not
// among the rows it lists (100), and not what was sealed on another device
// (imported: that device sends it).
func TestStartScreenCountsWhatWaitsInTheWholeStore(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{Rules: testRules})
	if err != nil {
		t.Fatal(err)
	}
	mine, other := testKey(t, dir), testKey(t, t.TempDir())
	for i := range startListRows + 30 + 20 {
		p := fixture.Complete(t, testRules)
		p.ID = fmt.Sprintf("W-%03d", i)
		_, rec, err := st.Import(p, "test")
		if err != nil {
			t.Fatal(err)
		}
		key := mine
		if i < 20 {
			key = other
		}
		if _, _, err := service.SealProtocol(st, testRules, key, rec.ID, store.AnyRevision, "Max Prüfer", fixture.SealedAt); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	d := newDriver(t, dir, 80, 24)
	d.mustSee(fmt.Sprintf("%d versiegelt, noch nicht gesendet", startListRows+30), "versiegelt")
}
