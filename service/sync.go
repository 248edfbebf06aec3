package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"rueckgabe/bucket"
	"rueckgabe/catalog"
	"rueckgabe/internal/progress"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// ObjectKey is where a sealed protocol's archive lives in the bucket:
// PREFIX/<device key id>/<protocol id>/<seal hash>.zip — stable, and a new
// seal (an amendment has its own id) never overwrites an old one.
func ObjectKey(loc bucket.Location, keyID, id, hash string) string {
	return loc.Key(keyID, id, hash+".zip")
}

// SyncTimeout bounds one sync or inbox run; an offline laptop hears so
// within seconds (the dial timeout), not after this.
const SyncTimeout = 30 * time.Minute

// SyncResult is what one sync did.
type SyncResult struct {
	Uploaded []string // ids whose archive was uploaded now
	Present  []string // ids whose archive was there already (an earlier sync ended before marking them)
	Failed   []error  // protocols that could not be archived (they stay waiting)
	Profiles []string // lessor profiles installed from the back office
	Refused  []error  // published profiles not installed, each an *ObjectError naming it
}

// SyncDevice is one sync of this device, the same from the TUI (s) and
// the command line (rueckgabe sync): every protocol this device sealed that
// the bucket does not hold yet is sent (Sync), then the lessor profiles the
// back office published are installed (FetchProfiles) when trust is given.
// dir is the data directory: the device key's id (nothing is unlocked) and
// the profiles installed.
func SyncDevice(ctx context.Context, st *store.Store, rules *catalog.Rules, c *bucket.Client, dir string, trust *seal.Trust, by string, prog progress.Reporter) (*SyncResult, error) {
	keyID, err := DeviceKeyID(dir)
	if err != nil {
		return nil, err
	}
	res, err := Sync(ctx, st, rules, c, keyID, by, prog)
	if err != nil || trust == nil {
		return res, err
	}
	cr, err := FetchProfiles(ctx, c, dir, trust)
	if cr != nil {
		res.Profiles, res.Refused = cr.Installed, cr.Refused
	}
	return res, err
}

// waitingOf are the protocols sync sends: sealed with the key keyID (this
// device's), not yet in the object store. Those imported from elsewhere
// went there from the device that sealed them.
func waitingOf(st *store.Store, keyID string) ([]*store.Record, error) {
	recs, err := st.Unsynced()
	if err != nil || keyID == "" {
		return nil, err
	}
	var mine []*store.Record
	for _, r := range recs {
		if s, err := sealOf(r); err == nil && s.KeyID == keyID {
			mine = append(mine, r)
		}
	}
	return mine, nil
}

// DeviceKeyID is the id of this device's key, "" without one (a device
// without a key has sealed nothing to send). Nothing is unlocked.
func DeviceKeyID(dir string) (string, error) {
	key, err := seal.LoadPublic(dir)
	if err != nil || key == nil {
		return "", err
	}
	return key.ID, nil
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
	RemoveStale(st.Dir(), StaleOutbox) // archives a killed sync left behind
	mine, err := waitingOf(st, keyID)
	if err != nil {
		return nil, err
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
	rec, err := st.Record(j.rec.ID) // WriteArchive decodes it as it checks it
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
