package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
)

// FormatPinned tags the self-contained data of one profile: the profile file
// and every component it uses, exactly the bytes its hash covers. A sealed
// protocol carries it (bundle member "profile"), so it is valued by the same
// data wherever it is read, whatever profiles that device has.
const FormatPinned = "rueckgabe/pinned-profile@1"

// rawParts are the bytes a profile's hash is computed over.
type rawParts struct {
	profile, catalogue, factors, fees []byte
}

type pinnedFile struct {
	Format    string          `json:"format"`
	Hash      string          `json:"hash"`
	Profile   json.RawMessage `json:"profile"`
	Catalogue json.RawMessage `json:"catalogue"`
	Factors   json.RawMessage `json:"factors"`
	Fees      json.RawMessage `json:"fees"`
}

// Pinned returns the profile's self-contained data (FormatPinned): what a
// sealed protocol's archive carries and the store keeps by hash. It is made
// once per profile hash and process (a report or export of thousands of
// protocols under one profile asked for the same 26 KB each time); the
// caller gets its own copy.
func (r *Rules) Pinned() ([]byte, error) {
	if r.Hash != "" {
		if b, ok := pinnedCache.Load(r.Hash); ok {
			return bytes.Clone(b.([]byte)), nil
		}
	}
	b, err := r.pinned()
	if err == nil && r.Hash != "" {
		pinnedCache.Store(r.Hash, bytes.Clone(b))
	}
	return b, err
}

// pinnedCache holds Pinned's data by profile hash: the hash is over the
// very bytes the data is made of, so one hash has one data.
var pinnedCache sync.Map

func (r *Rules) pinned() ([]byte, error) {
	if r.raw.profile == nil {
		return nil, fmt.Errorf("profile %s: its data is not kept (built in code?)", r.Ref())
	}
	fees := r.raw.fees
	if len(fees) == 0 {
		fees = []byte("null")
	}
	var buf bytes.Buffer
	for i, part := range [][]byte{r.raw.profile, r.raw.catalogue, r.raw.factors, fees} {
		if err := json.Compact(&buf, part); err != nil {
			return nil, fmt.Errorf("profile %s: part %d: %w", r.Ref(), i, err)
		}
		buf.WriteByte(0)
	}
	parts := bytes.Split(buf.Bytes(), []byte{0})
	return json.Marshal(pinnedFile{Format: FormatPinned, Hash: r.Hash, Profile: parts[0], Catalogue: parts[1], Factors: parts[2], Fees: parts[3]})
}

// ParsePinned reads a profile's self-contained data: every component is
// parsed from the data itself (never from this program's built-ins), and the
// hash is computed again from the bytes: data whose hash differs from the one
// it claims is refused.
func ParsePinned(data []byte) (*Rules, error) {
	var pf pinnedFile
	if err := decodeStrict("profile", data, &pf); err != nil {
		return nil, err
	}
	if pf.Format != FormatPinned {
		return nil, fmt.Errorf("profile data: format is %q, want %q", pf.Format, FormatPinned)
	}
	parts := &components{catalogues: map[string]*Catalogue{}, factors: map[string]*FactorTable{}, fees: map[string]*FeeSchedule{}, raw: map[string][]byte{}}
	if err := addPart(parts.catalogues, parts.raw, "catalogue", "profile.catalogue", pf.Catalogue, ParseCatalogue, (*Catalogue).Ref); err != nil {
		return nil, err
	}
	if err := addPart(parts.factors, parts.raw, "factors", "profile.factors", pf.Factors, ParseFactors, func(t *FactorTable) string { return t.ID + "@" + t.Version }); err != nil {
		return nil, err
	}
	if len(pf.Fees) > 0 && string(pf.Fees) != "null" {
		if err := addPart(parts.fees, parts.raw, "fees", "profile.fees", pf.Fees, ParseFees, func(s *FeeSchedule) string { return s.ID + "@" + s.Version }); err != nil {
			return nil, err
		}
	}
	r, err := parseSealedProfile("profile", pf.Profile, parts)
	if err != nil {
		return nil, err
	}
	if r.Hash != pf.Hash {
		return nil, fmt.Errorf("profile data %s: its content hashes to %s, not to the %s it claims", r.Ref(), r.Hash, pf.Hash)
	}
	return r, nil
}

// PinnedHash reads the hash pinned data claims, without parsing it.
func PinnedHash(data []byte) string {
	var pf struct {
		Hash string `json:"hash"`
	}
	_ = json.Unmarshal(data, &pf)
	return pf.Hash
}

// ByHash returns the profile with exactly this content hash: a built-in, a
// dealer's file or pinned data added with AddPinned.
func (reg *Registry) ByHash(hash string) (*Rules, bool) {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	r, ok := reg.byHash[hash]
	return r, ok
}

// AddPinned adds a profile from its self-contained data, reachable by its
// hash only (ByHash, Rules.ResolvePinned): it never changes what a ref
// resolves to or which version is the newest for new protocols, and never
// replaces a profile of the same hash. The data is checked against its hash,
// so adding it to a shared registry is safe.
//
// The same bytes again (every bundle of a device carries its profile) give
// the profile they gave before without being parsed again: parsing and
// hashing them was 58 % of verifying a bundle.
func (reg *Registry) AddPinned(data []byte) (*Rules, error) {
	reg.mu.RLock()
	r, ok := reg.pinnedRaw[string(data)]
	reg.mu.RUnlock()
	if ok {
		return r, nil
	}
	r, err := ParsePinned(data) // always: data that claims a known hash is checked too
	if err != nil {
		return nil, err
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if old, ok := reg.byHash[r.Hash]; ok {
		r = old
	} else {
		r.registry = reg
		reg.byHash[r.Hash] = r
	}
	if reg.pinnedRaw == nil || len(reg.pinnedRaw) >= maxPinnedRaw {
		reg.pinnedRaw = map[string]*Rules{}
	}
	reg.pinnedRaw[string(data)] = r
	return r, nil
}

// maxPinnedRaw bounds the bytes AddPinned remembers (a profile's data is
// tens of kilobytes; a back office sees a few versions).
const maxPinnedRaw = 64

// ResolvePinned returns the profile a protocol pinned: by its hash when it
// records one — exactly that content, or an error naming the profile; by its
// ref otherwise.
func (r *Rules) ResolvePinned(ref, hash string) (*Rules, error) {
	if hash == "" {
		return r.Resolve(ref)
	}
	if r.Hash == hash {
		return r, nil
	}
	if r.registry != nil {
		if own, ok := r.registry.ByHash(hash); ok {
			return own, nil
		}
	}
	if ref == "" {
		ref = DefaultProfile
	}
	return nil, fmt.Errorf("profile %s with content %s is not on this device: its data must come with the protocol (archive) or be installed", ref, hash)
}
