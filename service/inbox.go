package service

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"rueckgabe/bucket"
	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/progress"
	"rueckgabe/internal/textfile"
	"rueckgabe/store"
)

// DefaultInboxMaxSize bounds one archive the inbox downloads (inbox
// --max-size): an object the listing shows larger is refused without a byte
// fetched. 1 GiB holds a protocol with 40 photos of the largest size a photo
// may have (25 MiB each) and its PDF.
const DefaultInboxMaxSize int64 = 1 << 30

// InboxStateFile remembers, in the data directory, the objects the inbox
// refused — by key, ETag, size and Last-Modified — so a later run does not
// download them again until they change (docs/sync.md).
const InboxStateFile = "inbox-refused.json"

// InboxOptions tune one inbox run; the zero value is the default.
type InboxOptions struct {
	MaxSize int64 // 0: DefaultInboxMaxSize
	Retry   bool  // fetch the objects refused before again, changed or not
	// Context names what a refusal depends on besides the object (the trust
	// list, the profiles): when it differs from the remembered one, every
	// remembered refusal is forgotten and the objects are checked again.
	Context string
	// OnEvent (nil: none) hears of each import, completion, refusal and
	// failure as it happens, so a run that is killed has said what it did.
	OnEvent func(InboxEvent)
	// Create opens the file a download is written to (nil: os.Create);
	// tests make it fail as a full disk does.
	Create func(path string) (io.WriteCloser, error)
	// BeforeGet (nil: none) is called before each download; tests remove
	// the object there, as another client may between listing and download.
	BeforeGet func(key string)
}

// Kinds of InboxEvent.
const (
	InboxImported  = "imported"  // a new sealed protocol
	InboxCompleted = "completed" // a sealed protocol here already got its missing photos
	InboxRefused   = "refused"   // the object is not a valid, trusted archive: remembered, not fetched again until it changes
	InboxFailed    = "failed"    // the object could not be fetched or stored (gone, not served, disk full): tried again next run
)

// InboxEvent is one thing an inbox run did with one object.
type InboxEvent struct {
	Kind   string
	Key    string
	ID     string // the protocol (imported, completed)
	Photos int    // photos stored (completed)
	Err    error  // why (refused, failed)
}

// Skipped is an object the inbox did not look at, and why.
type Skipped struct {
	Key string
	Why string
}

// InboxResult is what one inbox run did.
type InboxResult struct {
	Listed    int      // objects under the location
	Imported  []string // ids imported as sealed now
	Completed []string // ids here already whose missing photos were stored now
	Known     int      // archives already in the store (with every photo): not downloaded
	Rejected  []error  // objects not imported now (each an *ObjectError): refused and failed
	Refused   int      // of them: not valid or not trusted (remembered)
	Failed    int      // of them: not fetched or not stored (tried again next run)
	// Remembered are objects refused by an earlier run and unchanged since
	// (same ETag, size and time): not downloaded again.
	Remembered []string
	Skipped    []Skipped // objects not of the archive layout
	Cleaned    []string  // leftovers of an interrupted run removed at the start
	// Chains are the chains of seals of the keys imported now: forks (their
	// protocols held "zu prüfen"), gaps, time problems.
	Chains []ChainInfo
	// Competing are protocols' sealed amendments where one protocol has more
	// than one (ids per protocol): all held "zu prüfen"; the report books
	// the newest of them only.
	Competing [][]string
}

// Inbox downloads what is new under the location into the back office's
// store, at any depth below the prefix: every object named
// …/<key id>/<protocol id>/<seal hash>.zip. Each archive is verified against
// the trust store — seal, valuation, every photo and its type — and imported
// as sealed only when all holds. Every object is handled on its own: one that
// is refused, gone, not served or too large for the disk is named with the
// reason and the run goes on; only a failure of the object store itself
// (offline, credentials, no bucket, clock) ends it. An archive whose id and
// seal hash are in the store already, with every photo, is not downloaded
// again; one whose photos are missing here (its bundle was imported bare) is,
// and completes them. An object larger than opt.MaxSize by the listing is
// refused without downloading it. trusted gives the keys for an archive the
// server recorded at a time (its Last-Modified): a revoked key counts only
// for what it recorded before the revocation (seal.Trust.KeysRecordedAt).
//
// prog (nil: none) hears of each object listed.
func Inbox(ctx context.Context, st *store.Store, rules *catalog.Rules, c *bucket.Client, trusted func(recorded time.Time) []ed25519.PublicKey, by string, prog progress.Reporter, opt InboxOptions) (*InboxResult, error) {
	prog = progress.Or(prog)
	if opt.MaxSize <= 0 {
		opt.MaxSize = DefaultInboxMaxSize
	}
	if opt.Create == nil {
		opt.Create = func(path string) (io.WriteCloser, error) { return os.Create(path) }
	}
	res := &InboxResult{}
	res.Cleaned = RemoveStale(st.Dir(), StaleInbox, StalePhoto)
	objs, err := c.List(ctx)
	if err != nil {
		return nil, err
	}
	res.Listed = len(objs)
	known, err := knownSealed(st)
	if err != nil {
		return nil, err
	}
	state := loadInboxState(st.Dir(), opt.Context)
	tmp, err := os.MkdirTemp(st.Dir(), ".inbox-")
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	defer os.RemoveAll(tmp)
	loc := c.Location()
	listed := map[string]bool{}
	touched := map[string]bool{}
	emit := func(e InboxEvent) {
		if e.Err != nil {
			res.Rejected = append(res.Rejected, &ObjectError{Key: e.Key, Err: e.Err})
		}
		if opt.OnEvent != nil {
			opt.OnEvent(e)
		}
	}
	defer func() {
		state.forget(loc, listed)
		if err := state.save(st.Dir()); err != nil {
			res.Rejected = append(res.Rejected, fmt.Errorf("%s: %w", InboxStateFile, err))
		}
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
		competing, err := HoldCompetingAmendments(st, by)
		if err != nil {
			res.Rejected = append(res.Rejected, fmt.Errorf("amendments: %w", err))
		}
		res.Competing = competing
	}()
	prog.Start(len(objs))
	for _, o := range objs {
		prog.Step(o.Key)
		listed[stateKey(loc, o.Key)] = true
		keyID, id, hash, why := parseObjectKey(loc, o.Key)
		if why != "" {
			res.Skipped = append(res.Skipped, Skipped{Key: o.Key, Why: why})
			continue
		}
		missing := 0
		if k, ok := known[id]; ok && k.hash == hash {
			if missing = k.missingPhotos(st.Photos()); missing == 0 {
				res.Known++
				continue
			}
		}
		if !opt.Retry && state.refusedBefore(loc, o) {
			res.Remembered = append(res.Remembered, o.Key)
			continue
		}
		if o.Size > opt.MaxSize {
			res.Failed++
			emit(InboxEvent{Kind: InboxFailed, Key: o.Key, Err: &TooLargeError{Size: o.Size, Max: opt.MaxSize}})
			continue
		}
		if opt.BeforeGet != nil {
			opt.BeforeGet(o.Key)
		}
		stored, refused, err := inboxOne(ctx, st, rules, c, trusted(o.Modified), o, keyID, id, hash, tmp, by, missing > 0, opt)
		switch {
		case err != nil && bucket.Fatal(err):
			return res, err
		case err != nil && refused:
			res.Refused++
			state.refuse(loc, o, err)
			emit(InboxEvent{Kind: InboxRefused, Key: o.Key, Err: err})
		case err != nil:
			res.Failed++
			emit(InboxEvent{Kind: InboxFailed, Key: o.Key, Err: err})
		case missing > 0:
			res.Completed = append(res.Completed, id)
			emit(InboxEvent{Kind: InboxCompleted, Key: o.Key, ID: id, Photos: missing})
		case stored:
			res.Imported = append(res.Imported, id)
			// when the object store recorded it: the time no device sets
			if err := st.MarkReceived(id, o.Modified, by); err != nil {
				return res, err
			}
			touched[keyID] = true
			emit(InboxEvent{Kind: InboxImported, Key: o.Key, ID: id})
		default:
			res.Known++
		}
	}
	return res, nil
}

// TooLargeError: the listing shows an object larger than the inbox takes,
// or (Grew) the server sent more than that for one it listed smaller.
type TooLargeError struct {
	Size, Max int64
	Grew      bool
}

func (e *TooLargeError) Error() string {
	if e.Grew {
		return fmt.Sprintf("was listed as %s, but the server sent more than the %s an archive may have (--max-size): cut off, not taken", byteSize(e.Size), byteSize(e.Max))
	}
	return fmt.Sprintf("is %s, more than the %s an archive may have (--max-size): not downloaded", byteSize(e.Size), byteSize(e.Max))
}

// byteSize words a size for people: "2.0 GiB", "512 KiB", "300 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// DiskFullError: a download or a photo did not fit on the disk.
type DiskFullError struct {
	Dir  string
	Size int64 // the object's size
	Err  error
}

func (e *DiskFullError) Error() string {
	return fmt.Sprintf("Datenträger voll / disk full: the archive (%s) does not fit in %s; free space there, then run inbox again (%v)", byteSize(e.Size), e.Dir, e.Err)
}

func (e *DiskFullError) Unwrap() error { return e.Err }

// ObjectError ties a reason to an object key.
type ObjectError struct {
	Key string
	Err error
}

func (e *ObjectError) Error() string { return e.Key + ": " + e.Err.Error() }

func (e *ObjectError) Unwrap() error { return e.Err }

// inboxOne downloads, verifies and stores one archive. refused says the
// archive itself is at fault (not valid, not trusted, not what its key
// names); any other error is the download's or the disk's. complete: the
// protocol is here already, only its photos are stored.
func inboxOne(ctx context.Context, st *store.Store, rules *catalog.Rules, c *bucket.Client, trusted []ed25519.PublicKey, o bucket.Object, keyID, id, hash, tmp, by string, complete bool, opt InboxOptions) (stored, refused bool, err error) {
	path := filepath.Join(tmp, "incoming.zip")
	defer os.Remove(path)
	if err := download(ctx, c, o, path, opt); err != nil {
		return false, false, err
	}
	ar, err := OpenArchiveFile(path)
	if err != nil {
		return false, true, err
	}
	defer ar.Close()
	b, p, err := ar.Verify(trusted, rules)
	if err != nil {
		return false, true, err
	}
	if p.ID != id || b.Seal.Hash != hash || b.Seal.KeyID != keyID {
		return false, true, fmt.Errorf("the object's key names %s/%s/%s but the archive holds %s/%s/%s: not imported", keyID, id, hash, b.Seal.KeyID, p.ID, b.Seal.Hash)
	}
	prof, _, err := BundleProfile(b, rules)
	if err != nil {
		return false, true, err
	}
	full, probs := inspection.DecodeSealed(b.Protocol, rules)
	if len(probs) > 0 {
		return false, true, fmt.Errorf("protocol: %v", probs)
	}
	if err := StoreArchivePhotos(st.Photos(), ar, full); err != nil {
		return false, false, err
	}
	if complete {
		return true, false, nil
	}
	sealJSON, err := json.Marshal(b.Seal)
	if err != nil {
		return false, false, err
	}
	r, _, err := st.ImportSealedSigned(full, prof, sealJSON, b.Seal.Hash, by, SignedOf(b))
	var exists *store.ExistsError
	if errors.As(err, &exists) {
		return false, true, err
	}
	return err == nil && r != store.Unchanged, false, err
}

// download fetches one object into path, bounded by the size cap; a full
// disk is said as such.
func download(ctx context.Context, c *bucket.Client, o bucket.Object, path string, opt InboxOptions) error {
	f, err := opt.Create(path)
	if err != nil {
		return localWriteError(filepath.Dir(path), o.Size, err)
	}
	_, err = c.GetTo(ctx, o.Key, f, opt.MaxSize)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = &bucket.WriteError{Err: cerr}
	}
	var we *bucket.WriteError
	if errors.As(err, &we) {
		return localWriteError(filepath.Dir(path), o.Size, we.Err)
	}
	if errors.Is(err, bucket.ErrTooLarge) {
		return &TooLargeError{Size: o.Size, Max: opt.MaxSize, Grew: true}
	}
	return err
}

func localWriteError(dir string, size int64, err error) error {
	if atomicfile.DiskFull(err) {
		return &DiskFullError{Dir: filepath.Dir(dir), Size: size, Err: err}
	}
	return fmt.Errorf("cannot write the download in %s: %w", filepath.Dir(dir), err)
}

// parseObjectKey reads …/<key id>/<protocol id>/<seal hash>.zip at any
// depth below the location's prefix; why says what else the key is.
func parseObjectKey(loc bucket.Location, key string) (keyID, id, hash, why string) {
	rest := key
	if loc.Prefix != "" {
		var ok bool
		if rest, ok = strings.CutPrefix(key, loc.Prefix+"/"); !ok {
			return "", "", "", "outside the prefix"
		}
	}
	parts := strings.Split(rest, "/")
	for _, p := range parts[:len(parts)-1] {
		if p == "config" {
			return "", "", "", "configuration (published profiles)"
		}
	}
	layout := "not …/<key id>/<protocol id>/<seal hash>.zip"
	n := len(parts)
	if n < 3 || !strings.HasSuffix(parts[n-1], ".zip") {
		return "", "", "", layout
	}
	keyID, id, hash = parts[n-3], parts[n-2], strings.TrimSuffix(parts[n-1], ".zip")
	if !isHex(keyID, 16) || !isHex(hash, 64) || store.CheckID(id) != nil {
		return "", "", "", layout
	}
	return keyID, id, hash, ""
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// knownProtocol is a sealed protocol in the store: its seal hash and the
// photos it names.
type knownProtocol struct {
	hash   string
	photos []string
}

// missingPhotos counts the photos not in the store's folder.
func (k knownProtocol) missingPhotos(ph store.Photos) int {
	n := 0
	for _, sha := range k.photos {
		if path, err := ph.Path(sha); err == nil {
			if _, err := os.Stat(path); err != nil {
				n++
			}
		}
	}
	return n
}

// knownSealed maps each sealed protocol's id to its seal hash and photos.
// The photos are read from the protocol document without decoding it: every
// photo is an object {"sha256":"…", …}, and nothing else has that field.
func knownSealed(st *store.Store) (map[string]knownProtocol, error) {
	out := map[string]knownProtocol{}
	err := st.EachSealed(func(r *store.Record) error { // one record at a time
		if s, err := sealOf(r); err == nil {
			out[r.ID] = knownProtocol{hash: s.Hash, photos: photoHashes(r.Protocol)}
		}
		return nil
	})
	return out, err
}

var sha256Field = []byte(`"sha256":"`)

func photoHashes(doc []byte) []string {
	var out []string
	for {
		i := bytes.Index(doc, sha256Field)
		if i < 0 {
			return out
		}
		doc = doc[i+len(sha256Field):]
		if len(doc) >= 64 && isHex(string(doc[:64]), 64) {
			out = append(out, string(doc[:64]))
		}
	}
}

// inboxState is the memory of refused objects (InboxStateFile).
type inboxState struct {
	Version int                      `json:"version"`
	Context string                   `json:"context"`
	Refused map[string]refusedObject `json:"refused"`
	changed bool
}

type refusedObject struct {
	ETag     string    `json:"etag"`
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified"`
	Reason   string    `json:"reason"`
	At       time.Time `json:"at"`
}

// stateKey names an object in any bucket: BUCKET/KEY.
func stateKey(loc bucket.Location, key string) string { return loc.Bucket + "/" + key }

func loadInboxState(dir, context string) *inboxState {
	s := &inboxState{Version: 1, Context: context, Refused: map[string]refusedObject{}}
	b, err := textfile.ReadFile(filepath.Join(dir, InboxStateFile))
	if err != nil {
		return s
	}
	var old inboxState
	if json.Unmarshal(b, &old) != nil || old.Version != 1 || old.Context != context || old.Refused == nil {
		s.changed = true // damaged or of another trust list: everything is checked again
		return s
	}
	old.changed = false
	return &old
}

func (s *inboxState) refusedBefore(loc bucket.Location, o bucket.Object) bool {
	r, ok := s.Refused[stateKey(loc, o.Key)]
	return ok && r.ETag == o.ETag && r.Size == o.Size && r.Modified.Equal(o.Modified)
}

func (s *inboxState) refuse(loc bucket.Location, o bucket.Object, err error) {
	s.Refused[stateKey(loc, o.Key)] = refusedObject{ETag: o.ETag, Size: o.Size, Modified: o.Modified, Reason: err.Error(), At: time.Now().UTC()}
	s.changed = true
}

// forget drops the objects under the location that are no longer listed.
func (s *inboxState) forget(loc bucket.Location, listed map[string]bool) {
	under := stateKey(loc, loc.Key())
	if loc.Prefix != "" {
		under += "/"
	}
	for k := range s.Refused {
		if strings.HasPrefix(k, under) && !listed[k] {
			delete(s.Refused, k)
			s.changed = true
		}
	}
}

func (s *inboxState) save(dir string) error {
	if !s.changed {
		return nil
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, InboxStateFile), append(b, '\n'))
}

// Leftovers of an interrupted run (kill -9, power loss), by pattern: each
// operation removes its own at its next start; check lists them all.
const (
	StaleInbox  = ".inbox-*"             // inbox: the download folder
	StaleOutbox = ".outbox-*"            // sync: archives being built (customer data)
	StalePhoto  = "photos/*/.incoming-*" // a photo being stored
)

// StaleFiles lists the leftovers of interrupted runs in a data directory.
func StaleFiles(dir string) []string {
	var out []string
	for _, pat := range []string{StaleInbox, StaleOutbox, StalePhoto} {
		m, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pat)))
		out = append(out, m...)
	}
	sort.Strings(out)
	return out
}

// RemoveStale removes the leftovers matching the patterns and returns what
// it removed. The caller holds the store, so no run of the same operation
// is writing them now.
func RemoveStale(dir string, patterns ...string) []string {
	var out []string
	for _, pat := range patterns {
		m, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pat)))
		for _, p := range m {
			if os.RemoveAll(p) == nil {
				out = append(out, p)
			}
		}
	}
	return out
}
