package store

import (
	"fmt"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Query selects protocols for a list. The zero value lists everything.
type Query struct {
	Status Status // only this status ("" = all)
	Search string // plate, VIN or customer name prefix
	Limit  int    // 0 = no limit
	Offset int
}

// List returns records drafts first, then sealed, then exported; newest first
// within each. Ids sort by creation time, so newest first is id descending.
func (s *Store) List(q Query) ([]*Record, error) {
	return s.list(q, decodeRecord)
}

// ListSummaries is List for lists on screen: the records carry their summary
// but not their protocol (Protocol is nil), which is neither copied nor
// parsed — a list of 50,000 costs what its envelopes cost.
func (s *Store) ListSummaries(q Query) ([]*Record, error) {
	return s.list(q, decodeHead)
}

func (s *Store) list(q Query, decode func([]byte) (*Record, error)) ([]*Record, error) {
	var out []*Record
	err := s.view(func(tx *bolt.Tx) error {
		ids := s.listIDs(tx, q)
		b := tx.Bucket(bucketProtocols)
		out = make([]*Record, 0, len(ids))
		for _, id := range ids {
			v := b.Get([]byte(id))
			if v == nil {
				return fmt.Errorf("%s: %w", id, ErrNotFound)
			}
			rec, err := decode(v)
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

func (s *Store) listIDs(tx *bolt.Tx, q Query) []string {
	statuses := Statuses
	if q.Status != "" {
		statuses = []Status{q.Status}
	}
	var match func(text []byte) bool
	if strings.TrimSpace(q.Search) != "" {
		// few matches: read just those and sort them; many: walk the list in
		// display order and stop at the limit (search.go)
		few, many := candidates(tx, q.Search, smallResult)
		if !many {
			return page(s.sortByList(tx, few, statuses), q)
		}
		match = newQuery(q.Search).matches
	}
	want := q.Offset + q.Limit
	var ids []string
	for _, st := range statuses {
		scanExactReverse(tx, idxStatus, string(st), func(id, text []byte) bool {
			if match == nil || match(text) {
				ids = append(ids, string(id))
			}
			return q.Limit == 0 || len(ids) < want
		})
		if q.Limit > 0 && len(ids) >= want {
			break
		}
	}
	return page(ids, q)
}

func page(ids []string, q Query) []string {
	if q.Offset >= len(ids) {
		return nil
	}
	ids = ids[q.Offset:]
	if q.Limit > 0 && len(ids) > q.Limit {
		ids = ids[:q.Limit]
	}
	return ids
}

// Count returns how many protocols have each status.
func (s *Store) Count() (map[Status]int, error) {
	out := map[Status]int{}
	err := s.view(func(tx *bolt.Tx) error {
		for _, st := range Statuses {
			scanPrefix(tx, idxStatus, string(st), true, func([]byte) bool { out[st]++; return true })
		}
		return nil
	})
	return out, err
}

// sortedKeys is a helper for deterministic reports.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
