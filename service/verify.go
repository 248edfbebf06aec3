package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/parallel"
	"rueckgabe/internal/progress"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// MismatchError: a sealed record in the store does not match its seal —
// its protocol, its seal or the signature were changed behind the store's
// back. Nothing is made of such a record: no PDF, bundle, archive, JSON
// or report line.
type MismatchError struct {
	ID  string
	Why string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("%s: passt nicht zu seinem Siegel, der Speicher wurde verändert / does not match its seal (%s): rueckgabe check", e.ID, e.Why)
}

// Verified is a sealed record checked against its seal.
type Verified struct {
	Bundle   []byte // the bundle it exports as
	Protocol *inspection.Protocol
	Seal     *seal.Seal
}

// VerifyRecord checks a sealed record as verify checks a bundle: the
// stored protocol's canonical hash is its seal's (BundleOf), the key id
// belongs to the seal's public key, the signature covers hash, chain link
// and time (seal.CheckSignature). Every output of a sealed protocol goes
// through it. A draft is refused (it has no seal).
func VerifyRecord(rec *store.Record, rules *catalog.Rules) (*Verified, error) {
	bundle, p, err := BundleOf(rec, rules)
	if err != nil {
		return nil, err
	}
	s := &seal.Seal{}
	if err := json.Unmarshal(rec.Seal, s); err != nil {
		return nil, &MismatchError{ID: rec.ID, Why: "the stored seal is not readable: " + err.Error()}
	}
	// BundleOf checked the signature of this seal already (the same bytes)
	return &Verified{Bundle: bundle, Protocol: p, Seal: s}, nil
}

// CheckRecord checks a sealed record as VerifyRecord does — the same
// checks, the same errors — but builds no bundle: Verified.Bundle is nil.
// What a report or check of thousands needs.
func CheckRecord(rec *store.Record, rules *catalog.Rules) (*Verified, error) {
	c, err := checkSealed(rec, rules)
	if err != nil {
		return nil, err
	}
	return &Verified{Protocol: c.p, Seal: c.seal}, nil
}

// bulkBatch is how many sealed records a walk over thousands checks at a
// time: enough for seal.VerifyBatch to spread their signatures over two
// cores, few enough to hold (about 15 MB).
const bulkBatch = 1024

// bulkChecked is one sealed record of a walk over thousands, checked:
// either by the signed bytes it keeps (signed) or the long way (verified).
type bulkChecked struct {
	signed   *signedRecord
	verified *Verified
}

// sealOf is the record's seal as checked (an empty one for a record that
// failed).
func (c bulkChecked) sealOf() *seal.Seal {
	if c.signed != nil {
		return c.signed.seal
	}
	return c.verified.seal()
}

// decodeViews reads a batch of a walk on every core: its sealed records, in
// order (drafts and records that do not read are left out, as EachSealed
// leaves them).
//
// A sealed record stored under another id than its own is a mismatch:
// moved is the errors of those. The records' protocols and kept valuations
// are views of the store's pages (SealedView.DecodeShared): nothing of them
// is kept past the batch but what is copied out of them (strings, decoded
// protocols).
func decodeViews(views []store.SealedView) (recs []*store.Record, moved []error) {
	all := make([]*store.Record, len(views))
	errs := make([]error, len(views))
	parallel.Each(len(views), func(i int) { all[i], errs[i] = views[i].DecodeShared() })
	for i, r := range all {
		var mv *store.MovedError
		if errors.As(errs[i], &mv) {
			moved = append(moved, &MismatchError{ID: mv.Key, Why: fmt.Sprintf("it is stored under another id than its own (%s): copied or moved behind the store's back", mv.ID)})
		}
		if r != nil {
			recs = append(recs, r)
		}
	}
	return recs, moved
}

// verifyAll checks records on every core — the short way where a record
// keeps its signed bytes (readSigned), else CheckRecord — results in their
// order. The signatures of the short way are verified together at the end
// (verifySignatures). prog hears of each record as it is checked.
//
// lines: the short way reads what a report line needs (readSigned).
func verifyAll(recs []*store.Record, rules *catalog.Rules, prog progress.Reporter, lines bool) ([]bulkChecked, []error) {
	out, errs := make([]bulkChecked, len(recs)), make([]error, len(recs))
	items := make([]seal.BatchItem, len(recs))
	parallel.Each(len(recs), func(i int) {
		rec := recs[i]
		sr, ok, err := readSigned(rec, lines)
		switch {
		case err != nil:
			errs[i] = err
			prog.Step(rec.ID)
		case !ok:
			out[i].verified, errs[i] = CheckRecord(rec, rules)
			prog.Step(rec.ID)
		default:
			if items[i], err = sr.seal.Signed(); err != nil {
				errs[i] = &MismatchError{ID: rec.ID, Why: err.Error()}
			} else if _, err := sr.profile(rules); err != nil {
				errs[i] = err // as the long way: its profile data must be here
			} else {
				out[i].signed = sr
			}
		}
	})
	var idx []int
	var todo []seal.BatchItem
	for i := range recs {
		if out[i].signed != nil {
			idx, todo = append(idx, i), append(todo, items[i])
		}
	}
	good := verifySignatures(todo)
	for j, i := range idx {
		if !good[j] {
			out[i].signed, errs[i] = nil, &MismatchError{ID: recs[i].ID, Why: seal.ErrBadSignature.Error()}
		}
		prog.Step(recs[i].ID)
	}
	return out, errs
}

// verifySignatures verifies Ed25519 signatures together (seal.VerifyBatch:
// the same answers as one by one, at half the cost, in groups of 64 spread
// over the cores): ok[i] is whether items[i] verifies.
func verifySignatures(items []seal.BatchItem) []bool {
	return seal.VerifyBatch(items)
}

// OutputProtocol is the protocol of a record for any output: a draft as it
// is stored, a sealed one only when it matches its seal (VerifyRecord).
func OutputProtocol(rec *store.Record, rules *catalog.Rules) (*inspection.Protocol, error) {
	if !rec.Status.Immutable() {
		return rec.Decode(rules)
	}
	v, err := VerifyRecord(rec, rules)
	if err != nil {
		return nil, err
	}
	return v.Protocol, nil
}

func (v *Verified) seal() *seal.Seal {
	if v == nil {
		return &seal.Seal{}
	}
	return v.Seal
}

// SealCheck is what CheckSeals found.
type SealCheck struct {
	Sealed   int      // sealed records checked
	Problems []string // each names the protocol and what is wrong
	Chains   []Chain  // one per signing key, sorted by key id
	// Infos are the chains as Chains describes them (forks, gaps, times),
	// read in the same walk.
	Infos []ChainInfo
}

// Chain describes the seals of one key in the store.
type Chain struct {
	KeyID string
	Own   bool // this device's key: its chain must be complete
	Seals int
	Gaps  int // seals whose predecessor no stored seal is
	Forks int // predecessors named by more than one seal
}

// CheckSeals verifies every sealed record against its seal (VerifyRecord)
// and the chains the seals form, per key: a seal names its key's previous
// seal, so two seals naming the same predecessor are a fork (an error, for
// any key), and a predecessor no stored seal has is a gap. Protocols
// imported from other devices come with gaps (the office holds what was
// sent to it): counted, not an error. For this device's own key (own; ""
// when it has none) the chain must be whole: no gap, and its head
// (store.ChainHead) is a stored seal.
//
// prog (nil: none) hears of each sealed record verified; the total is not
// known in advance.
func CheckSeals(st *store.Store, rules *catalog.Rules, own string, prog progress.Reporter) (*SealCheck, error) {
	prog = progress.Or(prog)
	prog.Start(0)
	rep := &SealCheck{}
	type link struct{ id, hash, prev string }
	byKey := map[string][]link{}
	infos := map[string][]chainLink{} // every stored seal with a key, as Chains reads them
	var batch []*store.Record
	flush := func() {
		verified, errs := verifyAll(batch, rules, prog, false)
		for i, rec := range batch {
			rep.Sealed++
			stored := verified[i].sealOf()
			if errs[i] != nil || stored.KeyID == "" { // read as Chains reads it
				stored = &seal.Seal{}
				_ = json.Unmarshal(rec.Seal, stored)
			}
			if stored.KeyID != "" {
				infos[stored.KeyID] = append(infos[stored.KeyID], linkOf(rec, stored))
			}
			s := verified[i].sealOf()
			if errs[i] != nil {
				rep.Problems = append(rep.Problems, problemOf(rec.ID, errs[i]))
				// its seal, as stored, still holds its place in the chain:
				// the chain then shows only what is missing besides
				if json.Unmarshal(rec.Seal, s) != nil || s.KeyID == "" {
					continue
				}
			}
			byKey[s.KeyID] = append(byKey[s.KeyID], link{rec.ID, s.Hash, s.PreviousHash})
		}
		batch = batch[:0]
	}
	err := st.EachSealedBatch(bulkBatch, func(views []store.SealedView) error {
		var moved []error
		batch, moved = decodeViews(views)
		for _, m := range moved {
			rep.Problems = append(rep.Problems, problemOf(m.(*MismatchError).ID, m))
		}
		flush()
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep.Infos = chainsOf(infos)
	head, err := st.ChainHead()
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	if own != "" && head != "" && byKey[own] == nil {
		keys = append(keys, own)
	}
	sort.Strings(keys)
	for _, key := range keys {
		links := byKey[key]
		c := Chain{KeyID: key, Own: key == own, Seals: len(links)}
		have := map[string]bool{}
		next := map[string][]string{} // predecessor → the protocols whose seals name it
		for _, l := range links {
			have[l.hash] = true
			next[l.prev] = append(next[l.prev], l.id)
		}
		for _, l := range links {
			if l.prev != "" && !have[l.prev] {
				c.Gaps++
				if c.Own {
					rep.Problems = append(rep.Problems, fmt.Sprintf("%s: its seal follows seal %s, which is not in the store: this device's chain has a gap (a protocol was removed)", l.id, short(l.prev)))
				}
			}
		}
		prevs := make([]string, 0, len(next))
		for prev := range next {
			prevs = append(prevs, prev)
		}
		sort.Strings(prevs)
		for _, prev := range prevs {
			if ids := next[prev]; len(ids) > 1 {
				c.Forks++
				after := "the start of the chain"
				if prev != "" {
					after = "seal " + short(prev)
				}
				sort.Strings(ids)
				rep.Problems = append(rep.Problems, fmt.Sprintf("key %s: the seals of %s all follow %s: the chain forks", key, strings.Join(ids, ", "), after))
			}
		}
		if c.Own && head != "" && !have[head] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("key %s: this device's last seal %s is not in the store (a protocol was removed)", key, short(head)))
		}
		rep.Chains = append(rep.Chains, c)
	}
	return rep, nil
}

// problemOf is one line of check's report for a record that fails.
func problemOf(id string, err error) string {
	var m *MismatchError
	if errors.As(err, &m) {
		return fmt.Sprintf("%s: does not match its seal: %s", id, m.Why)
	}
	return fmt.Sprintf("%s: %v", id, err)
}

func short(hash string) string {
	if len(hash) > 16 {
		return hash[:16] + "…"
	}
	return hash
}
