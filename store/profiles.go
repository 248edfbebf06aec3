package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
)

// keepProfile stores a profile's self-contained data under its hash, once.
func keepProfile(b *bolt.Bucket, r *catalog.Rules) error {
	if b.Get([]byte(r.Hash)) != nil {
		return nil
	}
	data, err := r.Pinned()
	if err != nil {
		return err
	}
	return b.Put([]byte(r.Hash), data)
}

// keepProtocolProfile keeps the data of the profile p is pinned to, when
// this device has it (an unknown profile is a validation problem of p).
func (s *Store) keepProtocolProfile(tx *bolt.Tx, p *inspection.Protocol) error {
	if p.ProfileHash == "" {
		return nil
	}
	own, err := inspection.PinnedProfile(p, s.rules)
	if err != nil {
		return nil
	}
	return keepProfile(tx.Bucket(bucketProfiles), own)
}

// normalize makes a draft what the store keeps: pinned to its profile
// (id@version and content hash: the profile it is valued with now), without
// signatures whose content changed since or that its path excludes, and with
// the digest of the content as it stands for a signature that has none (an
// interchange file or an older store: the record of what was signed).
// It reports whether it changed p.
func (s *Store) normalize(p *inspection.Protocol) bool {
	changed := false
	if p.ProfileHash == "" {
		if own, err := inspection.PinnedProfile(p, s.rules); err == nil {
			p.Profile, p.ProfileHash, p.PinnedHash = own.Ref(), own.Hash, ""
			changed = true
		}
	}
	if len(inspection.VoidStale(p, s.rules)) > 0 {
		changed = true
	}
	if inspection.FillAttests(p, s.rules) > 0 {
		changed = true
	}
	return changed
}

// loadProfiles makes every pinned profile the store keeps known to the
// store's profile registry, so a pinned protocol is valued by exactly its
// data whatever profiles are installed. Data that does not parse or hash is
// left out here and reported by Check.
func (s *Store) loadProfiles() error {
	if s.rules == nil {
		return nil // opened by Probe, closed at once: nothing resolves a profile
	}
	reg := s.rules.Registry()
	if reg == nil {
		return nil
	}
	return s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProfiles)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if _, ok := reg.ByHash(string(k)); ok {
				return nil
			}
			_, _ = reg.AddPinned(append([]byte(nil), v...))
			return nil
		})
	})
}

// ProfileData returns the pinned data of the profile with this hash.
func (s *Store) ProfileData(hash string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketProfiles); b != nil {
			out = append([]byte(nil), b.Get([]byte(hash))...)
		}
		return nil
	})
	if err == nil && len(out) == 0 {
		if r, ok := s.rules.Registry().ByHash(hash); ok {
			return r.Pinned()
		}
		return nil, fmt.Errorf("profile %s is not kept in this store", hash)
	}
	return out, err
}

// Rules is the profile the store values with by default; its registry
// resolves every profile a stored protocol is pinned to.
func (s *Store) Rules() *catalog.Rules { return s.rules }
