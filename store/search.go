package store

import (
	"bytes"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// searchText is what a search compares a protocol by, kept as the value of
// its status-index entry: the normalised plate, the VIN and each folded word
// of the customer's name, separated by 0x00. A search is then one walk of the
// status index in display order that stops at its limit — broad or narrow,
// it reads no record and builds no set.
func searchText(r *Record) []byte {
	parts := append([]string{NormalizePlate(r.Summary.Plate), strings.ToUpper(r.Summary.VIN)}, nameTokens(r.Summary.Customer)...)
	return []byte(strings.Join(parts, "\x00"))
}

// smallResult is how many matches a search reads and sorts directly; with
// more it walks the list instead (the walk stops at the limit early when
// matches are dense).
var smallResult = 600 // a variable: tests lower it to walk both ways

// candidates collects the ids a search matches through the plate, VIN and
// name indexes — unless there are more than max, then many is true and the
// caller walks the list instead. No match at all costs a few index seeks.
func candidates(tx *bolt.Tx, text string, max int) (ids map[string]bool, many bool) {
	ids = map[string]bool{}
	add := func(id []byte) bool {
		ids[string(id)] = true
		many = len(ids) > max
		return !many
	}
	q := newQuery(text)
	if q.plate != nil {
		for _, v := range q.plates {
			if !many {
				scanPrefix(tx, idxPlate, string(v), false, add)
			}
		}
		if !many {
			scanPrefix(tx, idxVIN, string(q.plate), false, add)
		}
	}
	if many || len(q.tokens) == 0 {
		return ids, many
	}
	// every word typed must start some word of the name: collect by the
	// rarest word typed, keep those whose search text has the others too
	var names []string
	for i, t := range q.tokens {
		var these []string
		scanPrefix(tx, idxCustomer, string(t), false, func(id []byte) bool {
			these = append(these, string(id))
			return len(these) <= 4*max
		})
		if i == 0 || len(these) < len(names) {
			names = these
		}
	}
	if len(names) > 4*max {
		return ids, true
	}
	onlyNames := query{tokens: q.tokens}
	b := tx.Bucket(bucketProtocols)
	for _, id := range names {
		if ids[id] {
			continue
		}
		if rec, err := decodeHead(b.Get([]byte(id))); err == nil && onlyNames.matches(searchText(rec)) {
			if add([]byte(id)); many {
				return ids, true
			}
		}
	}
	return ids, many
}

// query is a search as typed, prepared once.
type query struct {
	plate []byte // matches the start of the plate or the VIN
	// plates are plate and its umlaut spellings (plateSpellings): "MUE"
	// and "MU" find the plate "MÜ"
	plates [][]byte
	tokens [][]byte // each must start some word of the customer's name
}

func newQuery(text string) query {
	var q query
	if p := NormalizePlate(text); p != "" {
		q.plate = []byte(p)
		for _, v := range plateSpellings(p) {
			q.plates = append(q.plates, []byte(v))
		}
	}
	for _, t := range nameTokens(text) {
		q.tokens = append(q.tokens, []byte(t))
	}
	return q
}

// matches reports whether a protocol's search text answers the query: its
// plate or VIN starts with what was typed, or every word typed starts a word
// of the customer's name.
func (q query) matches(text []byte) bool {
	var buf [16][]byte
	fields := buf[:0]
	for {
		i := bytes.IndexByte(text, 0)
		if i < 0 {
			fields = append(fields, text)
			break
		}
		fields = append(fields, text[:i])
		text = text[i+1:]
	}
	if len(fields) < 2 {
		return false
	}
	if q.plate != nil && bytes.HasPrefix(fields[1], q.plate) {
		return true
	}
	for _, v := range q.plates {
		if bytes.HasPrefix(fields[0], v) {
			return true
		}
	}
	if len(q.tokens) == 0 {
		return false
	}
	for _, t := range q.tokens {
		if !anyHasPrefix(fields[2:], t) {
			return false
		}
	}
	return true
}

// maxPlateSpellings bounds the spellings a typed plate is searched by.
const maxPlateSpellings = 16

// plateSpellings are the ways a normalised plate as typed may be spelt in
// a stored plate: itself, and with Ü, Ä, Ö for U, A, O or UE, AE, OE (a
// German plate's district may carry an umlaut: MÜ, LÖ, BÄ…) — up to
// maxPlateSpellings; the typed form first.
func plateSpellings(p string) []string {
	out := []string{""}
	r := []rune(p)
	for i := 0; i < len(r); i++ {
		var umlaut rune
		switch r[i] {
		case 'U':
			umlaut = 'Ü'
		case 'A':
			umlaut = 'Ä'
		case 'O':
			umlaut = 'Ö'
		}
		if umlaut == 0 || len(out)*2 > maxPlateSpellings {
			for j := range out {
				out[j] += string(r[i])
			}
			continue
		}
		withE := i+1 < len(r) && r[i+1] == 'E'
		next := make([]string, 0, len(out)*2)
		for _, o := range out {
			next = append(next, o+string(r[i]))
		}
		for _, o := range out {
			next = append(next, o+string(umlaut))
		}
		out = next
		if withE { // "UE": the E is the umlaut's in the second half
			for j := range out {
				if j < len(out)/2 {
					out[j] += "E"
				}
			}
			i++
		}
	}
	return out
}

func anyHasPrefix(words [][]byte, prefix []byte) bool {
	for _, w := range words {
		if bytes.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

// sortByList orders a few ids as the list shows them: by status, newest
// first within each (the status index's order).
func (s *Store) sortByList(tx *bolt.Tx, ids map[string]bool, statuses []Status) []string {
	type entry struct {
		id  string
		key string
	}
	rank := map[Status]int{}
	for i, st := range statuses {
		rank[st] = i
	}
	b := tx.Bucket(bucketProtocols)
	var es []entry
	for id := range ids {
		rec, err := decodeHead(b.Get([]byte(id)))
		if err != nil {
			continue
		}
		r, ok := rank[rec.Status]
		if !ok {
			continue // another status than asked for
		}
		es = append(es, entry{id: id, key: string(rune('0'+r)) + statusValues(rec)[0] + "\x00" + id})
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].key[0] != es[j].key[0] {
			return es[i].key[0] < es[j].key[0] // status order
		}
		return es[i].key > es[j].key // newest first, as the index walks backwards
	})
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.id
	}
	return out
}
