package service

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/progress"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// Workspace is the store of one data directory as the TUI uses it. The
// store stays open while the inspector works — a burst of saves, a search
// typed key by key, opens it once — and is closed again after Idle without
// an operation, so that a second window or a command gets in: it waits at
// most Idle plus one operation, well within its lock timeout
// (docs/storage.md). Its methods do I/O: the TUI calls them inside tea.Cmds
// only; they may run concurrently and take turns.
type Workspace struct {
	Dir       string
	Options   store.Options
	Rules     *catalog.Rules
	Inspector string        // written into audit entries and seals; change it with SetInspector
	Idle      time.Duration // how long the store stays open unused (0: DefaultIdle)

	keyMu sync.Mutex
	key   *seal.DeviceKey // unlocked once per working session (Unlock)

	nameMu sync.Mutex // Inspector changes in the UI while commands run
	mu     sync.Mutex
	open   *store.Store
	timer  *time.Timer
	opens  int // how often the store was opened, for tests
	// kept is what the store kept of its last save, carried from one open
	// to the next: a finding taken a minute after the last is saved without
	// encoding or comparing every other finding again (store.Kept)
	kept store.Kept
}

// Unlock opens the device key with a passphrase the user typed, for the rest
// of this working session; notes say what happened on the way (created,
// protected). A wrong passphrase is seal.ErrWrongPassphrase.
func (w *Workspace) Unlock(pass string, fresh bool) (notes []string, err error) {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	asked := false
	k, notes, err := seal.Unlock(w.Dir, func(isNew bool, attempt int) (string, error) {
		if asked || isNew != fresh {
			return "", nil // one try per typed passphrase; the dialog counts
		}
		asked = true
		return pass, nil
	})
	if err == nil {
		w.key = k
	}
	if errors.As(err, new(*seal.LockedError)) && asked {
		err = seal.ErrWrongPassphrase
	}
	return notes, err
}

// deviceKey is the unlocked key, unlocking it without asking where that is
// possible (operating system key store, environment).
func (w *Workspace) deviceKey(ask seal.Passphrase) (*seal.DeviceKey, error) {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	if w.key != nil {
		return w.key, nil
	}
	if ask == nil {
		ask = seal.EnvPassphrase()
	}
	k, _, err := seal.Unlock(w.Dir, ask)
	if err != nil {
		return nil, err
	}
	w.key = k
	return k, nil
}

// SetInspector changes the name later operations record.
func (w *Workspace) SetInspector(name string) {
	w.nameMu.Lock()
	w.Inspector = name
	w.nameMu.Unlock()
}

func (w *Workspace) by() string {
	w.nameMu.Lock()
	defer w.nameMu.Unlock()
	return w.Inspector
}

// DefaultIdle keeps the store open across the keys of one burst of work and
// lets another process in within half a second of a pause.
const DefaultIdle = 500 * time.Millisecond

// with runs fn on the open store, opening it if needed, and schedules its
// release after the idle time. A failed operation closes it at once: the
// next one starts from a fresh open (the file may have been replaced).
func (w *Workspace) with(fn func(*store.Store) error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.open == nil {
		o := w.Options
		if o.Kept == nil {
			o.Kept = &w.kept
		}
		s, err := store.Open(w.Dir, o)
		if err != nil {
			return err
		}
		w.open, w.opens = s, w.opens+1
	}
	err := fn(w.open)
	if err != nil {
		w.closeLocked()
		return err
	}
	idle := w.Idle
	if idle == 0 {
		idle = DefaultIdle
	}
	if w.timer != nil {
		w.timer.Stop()
	}
	w.timer = time.AfterFunc(idle, w.Release)
	return nil
}

// Release closes the store now (idle, or the program ends).
func (w *Workspace) Release() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closeLocked()
}

func (w *Workspace) closeLocked() {
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
	if w.open != nil {
		w.open.Close()
		w.open = nil
	}
}

// List reads the start list: summaries only, newest first, drafts first.
func (w *Workspace) List(search string, limit int) (recs []*store.Record, err error) {
	err = w.with(func(s *store.Store) error {
		recs, err = s.ListSummaries(store.Query{Search: search, Limit: limit})
		return err
	})
	return recs, err
}

// Open reads a protocol for editing.
func (w *Workspace) Open(id string) (rec *store.Record, p *inspection.Protocol, err error) {
	rec, p, _, err = w.OpenChecked(id)
	return rec, p, err
}

// OpenChecked is Open, and for a draft what only the store can say keeps
// it from sealing (StoreProblems).
func (w *Workspace) OpenChecked(id string) (rec *store.Record, p *inspection.Protocol, problems []string, err error) {
	err = w.with(func(s *store.Store) error {
		if rec, p, err = s.Get(id); err != nil {
			return err
		}
		if !rec.Status.Immutable() {
			problems = StoreProblems(s, w.Rules, p)
		}
		return nil
	})
	return rec, p, problems, err
}

// Save stores an edit based on revision rev (store.AnyRevision for a new one).
func (w *Workspace) Save(p *inspection.Protocol, rev int) (rec *store.Record, err error) {
	err = w.with(func(s *store.Store) error {
		rec, err = s.Save(p, rev, w.by())
		return err
	})
	return rec, err
}

// SaveChecked is Save, and then what only the store can say keeps the
// protocol from sealing (StoreProblems), in the same hold of the store.
func (w *Workspace) SaveChecked(p *inspection.Protocol, rev int) (rec *store.Record, problems []string, err error) {
	err = w.with(func(s *store.Store) error {
		if rec, err = s.Save(p, rev, w.by()); err != nil {
			return err
		}
		problems = StoreProblems(s, w.Rules, p)
		return nil
	})
	return rec, problems, err
}

// SaveEditChecked is SaveChecked for an edit of the findings edited
// alone (and of what lies outside the findings): the store takes the other
// findings from revision rev as it saved it (store.SaveEdit). With edited
// nil it is SaveChecked.
func (w *Workspace) SaveEditChecked(p *inspection.Protocol, rev int, edited []int) (rec *store.Record, problems []string, err error) {
	if edited == nil {
		return w.SaveChecked(p, rev)
	}
	err = w.with(func(s *store.Store) error {
		if rec, err = s.SaveEdit(p, rev, edited, w.by()); err != nil {
			return err
		}
		problems = StoreProblems(s, w.Rules, p)
		return nil
	})
	return rec, problems, err
}

// Seal seals a stored draft of revision rev when it is complete.
//
// The device key is unlocked on first use: where the operating system keeps
// it, or with the passphrase from the environment; otherwise the error is a
// *seal.LockedError and the caller asks for the passphrase (Unlock).
func (w *Workspace) Seal(id string, rev int, now time.Time) (rec *store.Record, sl *seal.Seal, err error) {
	key, err := w.deviceKey(nil)
	if err != nil {
		return nil, nil, err
	}
	err = w.with(func(s *store.Store) error {
		rec, sl, err = SealProtocol(s, w.Rules, key, id, rev, w.by(), now)
		return err
	})
	return rec, sl, err
}

// WritePDF writes a stored protocol's PDF to path and returns the path.
// prog hears of each photo's thumbnail as the PDF is made.
func (w *Workspace) WritePDF(id, path string, prog progress.Reporter) error {
	return w.with(func(s *store.Store) error {
		rec, p, err := s.Get(id)
		if err != nil {
			return err
		}
		doc, err := recordPDF(w.Rules, w.Dir, prog)(rec, p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		return atomicfile.WriteBytes(path, doc)
	})
}

// ExportPending writes bundle and PDF of every sealed protocol not yet
// exported into dir (ExportPending); prog hears of each protocol.
func (w *Workspace) ExportPending(dir string, prog progress.Reporter) (done []string, failed []error, err error) {
	err = w.with(func(s *store.Store) error {
		done, failed, err = ExportPending(s, w.Rules, dir, w.by(), nil, prog)
		return err
	})
	return done, failed, err
}

// StorePhotos reads and checks photo files and copies them into the data
// directory (all or nothing: any refusal stores none and names each file).
// It needs no lock: photo files are written once under their hash. prog
// hears of each file read and checked.
func (w *Workspace) StorePhotos(paths []string, prog progress.Reporter) ([]inspection.Photo, []error) {
	files, errs := ReadPhotoFiles(paths, prog)
	if len(errs) > 0 {
		return nil, errs
	}
	photos, err := StorePhotos(store.PhotosIn(w.Dir), files)
	if err != nil {
		return nil, []error{err}
	}
	return photos, nil
}

// MakeThumbnails makes the PDF's thumbnails of photos ahead of the PDF
// (0.25 s each for 12 megapixels), so sealing at the car does not wait.
// prog hears of each photo.
func (w *Workspace) MakeThumbnails(photos []inspection.Photo, prog progress.Reporter) {
	prog = progress.Or(prog)
	prog.Start(len(photos))
	defer prog.Done()
	for _, ph := range photos {
		_, _ = Thumbnail(w.Dir, ph.SHA256) // a failure shows in the PDF and in check
		prog.Step(ph.Name)
	}
}

// Waiting counts the protocols the next sync sends: sealed on this device,
// not yet in the object store (of the whole store, not of a list's rows).
func (w *Workspace) Waiting() (n int, err error) {
	keyID, err := DeviceKeyID(w.Dir)
	if err != nil || keyID == "" {
		return 0, err
	}
	err = w.with(func(s *store.Store) error {
		recs, err := waitingOf(s, keyID)
		n = len(recs)
		return err
	})
	return n, err
}

// ErrNoSyncTarget: sync was never given a target (rueckgabe sync --to …).
var ErrNoSyncTarget = errors.New("no sync target: run 'rueckgabe sync --to s3://BUCKET/PREFIX' once")

// Sync is SyncDevice to the remembered target, with the publishers this
// device trusts (a trust list that cannot be read fetches no profiles: the
// command line names why, rueckgabe sync).
func (w *Workspace) Sync(ctx context.Context, prog progress.Reporter) (res *SyncResult, cfg SyncConfig, err error) {
	if cfg, err = LoadSyncConfig(w.Dir); err != nil {
		return nil, cfg, err
	}
	c, err := OpenSyncTarget(cfg)
	if err != nil {
		return nil, cfg, err
	}
	trust, terr := seal.LoadTrust(w.Dir)
	if terr != nil {
		trust = nil
	}
	err = w.with(func(s *store.Store) error {
		res, err = SyncDevice(ctx, s, w.Rules, c, w.Dir, trust, w.by(), prog)
		return err
	})
	return res, cfg, err
}
