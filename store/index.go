package store

import (
	"bytes"
	"strings"
	"time"
	"unicode"

	bolt "go.etcd.io/bbolt"
)

// index is a secondary index: key = value + 0x00 + id; the entry's value is
// the index's payload (empty for most). Entries are written in the same
// transaction as their record.
type index struct {
	name    string
	bucket  []byte
	values  func(*Record) []string
	payload func(*Record) []byte // nil: entries carry no value
}

// value is what an entry of r holds.
func (ix *index) value(r *Record) []byte {
	if ix.payload == nil {
		return nil
	}
	return ix.payload(r)
}

var (
	idxPlate    = &index{"plate", []byte("idx_plate"), func(r *Record) []string { return nonEmpty(NormalizePlate(r.Summary.Plate)) }, nil}
	idxVIN      = &index{"vin", []byte("idx_vin"), func(r *Record) []string { return nonEmpty(strings.ToUpper(r.Summary.VIN)) }, nil}
	idxCustomer = &index{"customer", []byte("idx_customer"), func(r *Record) []string { return nameTokens(r.Summary.Customer) }, nil}
	idxStatus   = &index{"status", []byte("idx_status"), statusValues, searchText}
	idxReturn   = &index{"return_date", []byte("idx_return"), func(r *Record) []string { return nonEmpty(r.Summary.ReturnDate) }, nil}
	indexes     = []*index{idxPlate, idxVIN, idxCustomer, idxStatus, idxReturn}
)

// indexed is everything the indexes and their payloads are computed from.
// Comparing it first spares a save folding the customer's name four times
// when none of it changed (a test checks that nothing else moves an index).
type indexed struct {
	status                           Status
	created                          time.Time
	plate, vin, customer, returnDate string
}

func indexedOf(r *Record) indexed {
	return indexed{r.Status, r.CreatedAt, r.Summary.Plate, r.Summary.VIN, r.Summary.Customer, r.Summary.ReturnDate}
}

// statusValues orders each status group by creation time, so "newest first"
// holds whatever the id looks like (back-office ids too).
func statusValues(r *Record) []string {
	return []string{string(r.Status) + "\x00" + r.CreatedAt.UTC().Format("20060102T150405.000000000Z")}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// NormalizePlate makes "M-AB 1234", "m ab1234" and "MAB1234" the same key.
func NormalizePlate(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// nameTokens indexes every word of a name, so "Muster" finds "Erika Mustermann".
func nameTokens(name string) []string {
	words := strings.FieldsFunc(Fold(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	seen := map[string]bool{}
	var out []string
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func indexKey(value, id string) []byte {
	k := make([]byte, 0, len(value)+1+len(id))
	k = append(k, value...)
	k = append(k, 0)
	return append(k, id...)
}

func putIndexes(tx *bolt.Tx, r *Record) error {
	for _, ix := range indexes {
		b := tx.Bucket(ix.bucket)
		for _, v := range ix.values(r) {
			if err := b.Put(indexKey(v, r.ID), ix.value(r)); err != nil {
				return err
			}
		}
	}
	return nil
}

func deleteIndexes(tx *bolt.Tx, r *Record) error {
	for _, ix := range indexes {
		b := tx.Bucket(ix.bucket)
		for _, v := range ix.values(r) {
			if err := b.Delete(indexKey(v, r.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// scanPrefix calls fn with the id of every entry whose value starts with
// prefix; exact=true matches the whole value only. The id is bbolt's memory,
// valid during the call only: searches over 50,000 entries copy none.
func scanPrefix(tx *bolt.Tx, ix *index, prefix string, exact bool, fn func(id []byte) bool) {
	c := tx.Bucket(ix.bucket).Cursor()
	p := []byte(prefix)
	if exact {
		p = append(p, 0)
	}
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		i := bytes.LastIndexByte(k, 0)
		if i < 0 || !fn(k[i+1:]) {
			return
		}
	}
}

// scanExactReverse walks the ids under one exact value from the last
// (newest) back, with each entry's payload; both are valid during the call only.
func scanExactReverse(tx *bolt.Tx, ix *index, value string, fn func(id, payload []byte) bool) {
	c := tx.Bucket(ix.bucket).Cursor()
	p := append([]byte(value), 0)
	end := append([]byte(value), 1)
	k, _ := c.Seek(end)
	var v []byte
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, p); k, v = c.Prev() {
		if !fn(k[bytes.LastIndexByte(k, 0)+1:], v) {
			return
		}
	}
}

// moveIndexes updates only the index entries whose value changed between two
// versions of a record: an edit of a finding touches no index page at all.
func moveIndexes(tx *bolt.Tx, old, cur *Record) error {
	if indexedOf(old) == indexedOf(cur) {
		return nil // the typical save: a finding edited, no index touched
	}
	for _, ix := range indexes {
		before, after := ix.values(old), ix.values(cur)
		if equalStrings(before, after) && bytes.Equal(ix.value(old), ix.value(cur)) {
			continue
		}
		b := tx.Bucket(ix.bucket)
		for _, v := range before {
			if err := b.Delete(indexKey(v, old.ID)); err != nil {
				return err
			}
		}
		for _, v := range after {
			if err := b.Put(indexKey(v, cur.ID), ix.value(cur)); err != nil {
				return err
			}
		}
	}
	return nil
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
