package service

import (
	"errors"
	"testing"
	"time"

	"rueckgabe/internal/editcheck"
	"rueckgabe/store"
)

// The workspace keeps the store open across a burst of operations and lets
// another process in once it is idle.
func TestWorkspaceHoldsTheStoreWhileBusyAndLetsOthersInWhenIdle(t *testing.T) {
	dir := t.TempDir()
	w := &Workspace{Dir: dir, Rules: rules, Inspector: "t", Idle: 150 * time.Millisecond}
	defer w.Release()
	p := complete(t)
	rec, err := w.Save(p, store.AnyRevision)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 { // a burst: one open
		p.Findings[0].Note = string(rune('a' + i))
		if rec, err = w.Save(p, rec.Revision); err != nil {
			t.Fatal(err)
		}
		if _, err := w.List("", 10); err != nil {
			t.Fatal(err)
		}
	}
	if w.opens != 1 {
		t.Fatalf("%d opens for a burst of saves and lists, want 1", w.opens)
	}
	// while held, another process would wait ...
	if _, err := store.Open(dir, store.Options{LockTimeout: 50 * time.Millisecond}); !errors.As(err, new(*store.LockedError)) {
		t.Fatalf("the store was not held: %v", err)
	}
	// ... and gets in once the workspace is idle
	start := time.Now()
	other, err := store.Open(dir, store.Options{LockTimeout: 3 * time.Second})
	if err != nil {
		t.Fatalf("another process did not get in: %v", err)
	}
	waited := time.Since(start)
	changed := p.Clone()
	changed.Customer.Name = "Anders Anders"
	if _, err := other.Save(changed, rec.Revision, "other"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	if waited > time.Second {
		t.Fatalf("the other process waited %v", waited)
	}
	// the workspace opens again, sees the other's save and goes on
	if _, _, err := w.Open(p.ID); err != nil {
		t.Fatal(err)
	}
	p.Findings[0].Note = "mine"
	if _, err := w.Save(p, rec.Revision); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a stale revision after another's save: %v", err)
	}
	if w.opens != 2 || w.open != nil { // the conflict closed it: the next operation opens afresh
		t.Fatalf("opens = %d, open %v; want 2 and closed", w.opens, w.open != nil)
	}
	if _, _, err := w.Open(p.ID); err != nil || w.opens != 3 {
		t.Fatalf("open after a conflict: %v, opens %d", err, w.opens)
	}
}

// TestWorkspaceCarriesTheLastSaveAcrossReleases: a finding taken after a
// pause (the store released) is saved without encoding every finding
// again: the workspace carries what the store kept to its next open.
func TestWorkspaceCarriesTheLastSaveAcrossReleases(t *testing.T) {
	w := &Workspace{Dir: t.TempDir(), Rules: rules, Inspector: "t"}
	defer w.Release()
	p := complete(t)
	p.Signatures = nil
	rec, err := w.Save(p, store.AnyRevision)
	if err != nil {
		t.Fatal(err)
	}
	p.Findings[0].Note = "eins"
	if rec, err = w.Save(p, rec.Revision); err != nil {
		t.Fatal(err)
	}
	w.Release()
	before := editcheck.Named()
	p.Findings[0].Note = "zwei"
	if _, _, err = w.SaveEditChecked(p, rec.Revision, []int{0}); err != nil {
		t.Fatal(err)
	}
	if w.opens != 2 || editcheck.Named() != before+1 {
		t.Fatalf("%d opens, %d saves with findings taken unread; want 2 and 1", w.opens, editcheck.Named()-before)
	}
}
