package service

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"rueckgabe/seal"
	"rueckgabe/store"
)

// ChainInfo is what the store knows of one device key's chain of seals: the
// back office keeps every seal it has seen, so a copied key used on two
// machines shows as a fork, and what has not arrived yet as gaps.
type ChainInfo struct {
	KeyID string
	Seals int
	Gaps  int        // seals whose predecessor is not here (not sent yet, or lost)
	Forks [][]string // per fork: the protocols whose seals name the same predecessor
	// TimeProblems name seals whose sealed_at is before their predecessor's
	// or after the object store recorded their archive (a device clock set
	// back, or a seal made later than it claims).
	TimeProblems []string
}

// ForkReview is the reason a protocol of a forked chain is held.
const ForkReview = "zu prüfen: Kette der Siegel verzweigt (Schlüssel kopiert?)"

// Chains reads the seals of every sealed record (seals only: no
// verification, which check does) and describes each key's chain, sorted by
// key id.
func Chains(st *store.Store) ([]ChainInfo, error) {
	byKey := map[string][]chainLink{}
	err := st.EachSealedHead(func(rec *store.Record) error {
		var s seal.Seal
		if json.Unmarshal(rec.Seal, &s) != nil || s.KeyID == "" {
			return nil
		}
		byKey[s.KeyID] = append(byKey[s.KeyID], linkOf(rec, &s))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return chainsOf(byKey), nil
}

// chainLink is one seal in its key's chain.
type chainLink struct {
	id, hash, prev string
	at, received   time.Time
}

func linkOf(rec *store.Record, s *seal.Seal) chainLink {
	l := chainLink{id: rec.ID, hash: s.Hash, prev: s.PreviousHash}
	l.at, _ = time.Parse(time.RFC3339, s.SealedAt)
	if rec.ReceivedAt != nil {
		l.received = *rec.ReceivedAt
	}
	return l
}

// chainsOf describes each key's chain of the links read, sorted by key id.
func chainsOf(byKey map[string][]chainLink) []ChainInfo {
	type link = chainLink
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]ChainInfo, 0, len(keys))
	for _, key := range keys {
		links := byKey[key]
		c := ChainInfo{KeyID: key, Seals: len(links)}
		byHash := map[string]link{}
		next := map[string][]string{}
		for _, l := range links {
			byHash[l.hash] = l
			next[l.prev] = append(next[l.prev], l.id)
		}
		sort.Slice(links, func(i, j int) bool { return links[i].id < links[j].id })
		for _, l := range links {
			prev, ok := byHash[l.prev]
			if l.prev != "" && !ok {
				c.Gaps++
			}
			if ok && !l.at.IsZero() && !prev.at.IsZero() && l.at.Before(prev.at) {
				c.TimeProblems = append(c.TimeProblems, fmt.Sprintf("%s: sealed %s, before the seal it follows (%s, %s)", l.id, l.at.Format(time.RFC3339), prev.id, prev.at.Format(time.RFC3339)))
			}
			if !l.received.IsZero() && !l.at.IsZero() && l.at.After(l.received) {
				c.TimeProblems = append(c.TimeProblems, fmt.Sprintf("%s: sealed %s, after the object store received it (%s)", l.id, l.at.Format(time.RFC3339), l.received.Format(time.RFC3339)))
			}
		}
		prevs := make([]string, 0, len(next))
		for p := range next {
			prevs = append(prevs, p)
		}
		sort.Strings(prevs)
		for _, p := range prevs {
			if ids := next[p]; len(ids) > 1 {
				sort.Strings(ids)
				c.Forks = append(c.Forks, ids)
			}
		}
		out = append(out, c)
	}
	return out
}

// HoldForks marks every protocol of a forked chain "zu prüfen" (once) and
// returns the chains, for inbox and check.
func HoldForks(st *store.Store, by string) ([]ChainInfo, error) {
	chains, err := Chains(st)
	if err != nil {
		return nil, err
	}
	for _, c := range chains {
		for _, ids := range c.Forks {
			for _, id := range ids {
				if err := st.MarkReview(id, ForkReview, by); err != nil {
					return chains, err
				}
			}
		}
	}
	return chains, nil
}

// CompetingReview is why a sealed amendment is held when the protocol it
// amends has another sealed amendment.
const CompetingReview = "zu prüfen: mehrere Nachträge zum selben Protokoll (gebucht wird nur der neueste)"

// HoldCompetingAmendments marks every sealed amendment "zu prüfen" (once)
// whose protocol has another sealed amendment, and returns them per
// protocol: one return must not be corrected twice side by side (a device
// refuses to seal the second; two devices can still each seal one).
func HoldCompetingAmendments(st *store.Store, by string) ([][]string, error) {
	groups, err := st.CompetingAmendments()
	if err != nil {
		return nil, err
	}
	for _, ids := range groups {
		for _, id := range ids {
			if err := st.MarkReview(id, CompetingReview, by); err != nil {
				return groups, err
			}
		}
	}
	return groups, nil
}

// Lines says what a chain shows, one line each: forks (with the protocols
// held), gaps as a count, time problems.
func (c ChainInfo) Lines() []string {
	var out []string
	for _, ids := range c.Forks {
		out = append(out, fmt.Sprintf("FORK key %s: the seals of %s follow the same seal — held \"zu prüfen\" (a copied key?)", c.KeyID, strings.Join(ids, ", ")))
	}
	if c.Gaps > 0 {
		out = append(out, fmt.Sprintf("key %s: %d seal(s) not here yet (gaps in the chain)", c.KeyID, c.Gaps))
	}
	for _, t := range c.TimeProblems {
		out = append(out, fmt.Sprintf("TIME key %s: %s", c.KeyID, t))
	}
	return out
}
