package service

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"rueckgabe/bucket"
	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/progress"
	"rueckgabe/internal/textfile"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// SyncFile remembers in the data directory where sync uploads (docs/sync.md);
// credentials are never written, here or anywhere.
const SyncFile = "sync.json"

// SyncConfig is where protocols go: s3://BUCKET/PREFIX and the endpoint.
type SyncConfig struct {
	To       string `json:"to"`
	Endpoint string `json:"endpoint,omitempty"`
}

// LoadSyncConfig reads the remembered target; none is not an error.
func LoadSyncConfig(dir string) (SyncConfig, error) {
	var c SyncConfig
	b, err := textfile.ReadFile(filepath.Join(dir, SyncFile))
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("%s is damaged (%v): give --to again", SyncFile, err)
	}
	return c, nil
}

// SaveSyncConfig remembers the target (atomically, 0600).
func SaveSyncConfig(dir string, c SyncConfig) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, SyncFile), append(b, '\n'))
}

// ObjectKey is where a sealed protocol's archive lives in the bucket:
// PREFIX/<device key id>/<protocol id>/<seal hash>.zip — stable, and a new
// seal (an amendment has its own id) never overwrites an old one.
func ObjectKey(loc bucket.Location, keyID, id, hash string) string {
	return loc.Key(keyID, id, hash+".zip")
}

// SyncResult is what one sync did.
type SyncResult struct {
	Uploaded []string // ids whose archive was uploaded now
	Present  []string // ids whose archive was there already (an earlier sync ended before marking them)
	Failed   []error  // protocols that could not be archived (they stay waiting)
	Profiles []string // lessor profiles installed from the back office (the TUI's sync)
}

// syncWorkers upload in parallel: archives are built from the store (reads
// run side by side) and sent while the next is built.
const syncWorkers = 4

// Sync uploads the archive of every protocol this device sealed that is not
// uploaded yet, and marks each synced only after the server holds it. It
// lists the device's folder once: what is there already is only marked. A
// failure of the object store (offline, credentials, bucket) stops it with
// nothing more marked; the next sync completes what is left.
//
// prog (nil: none) hears of each protocol sent or found there.
func Sync(ctx context.Context, st *store.Store, rules *catalog.Rules, c *bucket.Client, keyID, by string, prog progress.Reporter) (*SyncResult, error) {
	res := &SyncResult{}
	recs, err := st.Unsynced()
	if err != nil {
		return nil, err
	}
	var mine []*store.Record
	for _, r := range recs {
		if s, err := sealOf(r); err == nil && s.KeyID == keyID {
			mine = append(mine, r)
		}
	}
	if len(mine) == 0 {
		return res, nil
	}
	present := map[string]int64{}
	objs, err := c.List(ctx, keyID)
	if err != nil {
		return nil, err
	}
	for _, o := range objs {
		present[o.Key] = o.Size
	}
	tmp, err := os.MkdirTemp(st.Dir(), ".outbox-")
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	defer os.RemoveAll(tmp)
	return res, syncAll(ctx, st, rules, c, mine, present, tmp, by, res, progress.Or(prog))
}

type syncJob struct {
	rec *store.Record
	key string
}

type syncDone struct {
	job      syncJob
	uploaded bool
	err      error
}

func syncAll(ctx context.Context, st *store.Store, rules *catalog.Rules, c *bucket.Client, recs []*store.Record, present map[string]int64, tmp, by string, res *SyncResult, prog progress.Reporter) error {
	prog.Start(len(recs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan syncJob)
	done := make(chan syncDone)
	var wg sync.WaitGroup
	for range syncWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				up, err := uploadOne(ctx, st, rules, c, j, present, tmp)
				done <- syncDone{job: j, uploaded: up, err: err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, r := range recs {
			s, _ := sealOf(r)
			select {
			case jobs <- syncJob{rec: r, key: ObjectKey(c.Location(), s.KeyID, r.ID, s.Hash)}:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	var fatal error
	for d := range done {
		prog.Step(d.job.rec.ID)
		var be *bucket.Error
		switch {
		case fatal != nil:
		case errors.As(d.err, &be):
			fatal = d.err
			cancel() // the store is unreachable: the others would fail alike
		case d.err != nil:
			res.Failed = append(res.Failed, fmt.Errorf("%s: %w", d.job.rec.ID, d.err))
		default:
			if _, err := st.MarkSynced(d.job.rec.ID, d.job.key, time.Now(), by); err != nil {
				fatal = err
				cancel()
				continue
			}
			if d.uploaded {
				res.Uploaded = append(res.Uploaded, d.job.rec.ID)
			} else {
				res.Present = append(res.Present, d.job.rec.ID)
			}
		}
	}
	return fatal
}

// uploadOne writes a record's archive to a temporary file and uploads it,
// unless the listing showed it there already with the same size.
func uploadOne(ctx context.Context, st *store.Store, rules *catalog.Rules, c *bucket.Client, j syncJob, present map[string]int64, tmp string) (bool, error) {
	rec, _, err := st.Get(j.rec.ID)
	if err != nil {
		return false, err
	}
	path := filepath.Join(tmp, j.rec.ID+".zip")
	defer os.Remove(path)
	f, err := os.Create(path)
	if err != nil {
		return false, err
	}
	err = WriteArchive(f, st, rec, rules)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, err
	}
	if size, ok := present[j.key]; ok {
		if st, err := os.Stat(path); err == nil && st.Size() == size {
			return false, nil
		}
	}
	return true, c.PutFile(ctx, j.key, path)
}

// sealOf reads a record's seal.
func sealOf(r *store.Record) (*seal.Seal, error) {
	var s seal.Seal
	if err := json.Unmarshal(r.Seal, &s); err != nil || s.Hash == "" {
		return nil, fmt.Errorf("%s: no seal", r.ID)
	}
	return &s, nil
}

// InboxResult is what one inbox run did.
type InboxResult struct {
	Imported []string // ids imported as sealed now
	Known    int      // archives already in the store: not downloaded
	Rejected []error  // objects not imported, each with the reason
	// Chains are the chains of seals of the keys imported now: forks (their
	// protocols held "zu prüfen"), gaps, time problems.
	Chains []ChainInfo
}

// Inbox downloads what is new under the location into the back office's
// store: each archive is verified against the trust store — seal, valuation,
// every photo — and imported as sealed only when all holds; anything else is
// reported and not imported. An archive whose id and seal hash are in the
// store already is not downloaded again, so a second run imports nothing.
// trusted gives the keys for an archive the server recorded at a time (its
// Last-Modified): a revoked key counts only for what it recorded before the
// revocation (seal.Trust.KeysRecordedAt).
//
// prog (nil: none) hears of each object listed.
func Inbox(ctx context.Context, st *store.Store, rules *catalog.Rules, c *bucket.Client, trusted func(recorded time.Time) []ed25519.PublicKey, by string, prog progress.Reporter) (*InboxResult, error) {
	prog = progress.Or(prog)
	objs, err := c.List(ctx)
	if err != nil {
		return nil, err
	}
	known, err := sealedHashes(st)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(st.Dir(), ".inbox-")
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	defer os.RemoveAll(tmp)
	res := &InboxResult{}
	touched := map[string]bool{}
	defer func() {
		// every key something was imported for: its chain as the office now
		// holds it; a fork holds both protocols
		if len(touched) == 0 {
			return
		}
		chains, err := HoldForks(st, by)
		if err != nil {
			res.Rejected = append(res.Rejected, fmt.Errorf("chain of seals: %w", err))
		}
		for _, c := range chains {
			if touched[c.KeyID] {
				res.Chains = append(res.Chains, c)
			}
		}
	}()
	prog.Start(len(objs))
	for _, o := range objs {
		prog.Step(o.Key)
		keyID, id, hash, ok := parseObjectKey(c.Location(), o.Key)
		switch {
		case !ok:
			continue // config files, other tools' objects
		case known[id] == hash:
			res.Known++
			continue
		}
		imported, err := inboxOne(ctx, st, rules, c, trusted(o.Modified), o.Key, keyID, id, hash, tmp, by)
		if err != nil {
			var be *bucket.Error
			if errors.As(err, &be) {
				return res, err
			}
			res.Rejected = append(res.Rejected, &ObjectError{Key: o.Key, Err: err})
			continue
		}
		if imported {
			res.Imported = append(res.Imported, id)
			// when the object store recorded it: the time no device sets
			if err := st.MarkReceived(id, o.Modified, by); err != nil {
				return res, err
			}
			touched[keyID] = true
		} else {
			res.Known++
		}
	}
	return res, nil
}

// ObjectError ties a reason to an object key.
type ObjectError struct {
	Key string
	Err error
}

func (e *ObjectError) Error() string { return e.Key + ": " + e.Err.Error() }

func (e *ObjectError) Unwrap() error { return e.Err }

func inboxOne(ctx context.Context, st *store.Store, rules *catalog.Rules, c *bucket.Client, trusted []ed25519.PublicKey, key, keyID, id, hash, tmp, by string) (bool, error) {
	path := filepath.Join(tmp, "incoming.zip")
	defer os.Remove(path)
	if err := c.GetFile(ctx, key, path); err != nil {
		return false, err
	}
	ar, err := OpenArchiveFile(path)
	if err != nil {
		return false, err
	}
	defer ar.Close()
	b, p, err := ar.Verify(trusted, rules)
	if err != nil {
		return false, err
	}
	if p.ID != id || b.Seal.Hash != hash || b.Seal.KeyID != keyID {
		return false, fmt.Errorf("the object's key names %s/%s/%s but the archive holds %s/%s/%s: not imported", keyID, id, hash, b.Seal.KeyID, p.ID, b.Seal.Hash)
	}
	prof, _, err := BundleProfile(b, rules)
	if err != nil {
		return false, err
	}
	full, probs := inspection.Decode(b.Protocol, rules)
	if len(probs) > 0 {
		return false, fmt.Errorf("protocol: %v", probs)
	}
	if err := StoreArchivePhotos(st.Photos(), ar, full); err != nil {
		return false, err
	}
	sealJSON, err := json.Marshal(b.Seal)
	if err != nil {
		return false, err
	}
	r, _, err := st.ImportSealed(full, prof, sealJSON, b.Seal.Hash, by)
	return err == nil && r != store.Unchanged, err
}

// parseObjectKey reads PREFIX/<key id>/<protocol id>/<seal hash>.zip.
func parseObjectKey(loc bucket.Location, key string) (keyID, id, hash string, ok bool) {
	rest := key
	if loc.Prefix != "" {
		if rest, ok = strings.CutPrefix(key, loc.Prefix+"/"); !ok {
			return "", "", "", false
		}
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || !strings.HasSuffix(parts[2], ".zip") {
		return "", "", "", false
	}
	return parts[0], parts[1], strings.TrimSuffix(parts[2], ".zip"), true
}

// sealedHashes maps each sealed protocol's id to its seal hash.
func sealedHashes(st *store.Store) (map[string]string, error) {
	out := map[string]string{}
	for _, status := range []store.Status{store.StatusSealed, store.StatusExported} {
		recs, err := st.ListSummaries(store.Query{Status: status})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if s, err := sealOf(r); err == nil {
				out[r.ID] = s.Hash
			}
		}
	}
	return out, nil
}
