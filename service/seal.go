package service

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/jsonspan"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// StoreProblems are what keeps a protocol from sealing that only the store
// can tell: an amendment whose original or seal is not here, a baseline
// that does not match the sealed handover protocol here (its km at
// handover included). The TUI shows them with the other open points.
func StoreProblems(st *store.Store, rules *catalog.Rules, p *inspection.Protocol) []string {
	var open []string
	for _, m := range []string{amendsProblem(st, p), baselineProblem(st, rules, p)} {
		if m != "" {
			open = append(open, m)
		}
	}
	return open
}

// SealProtocol seals a stored draft when it is complete, by the same rules in
// the TUI and the `seal` command. The device key comes from the data directory.
//
// key is the unlocked device key (seal.Unlock): asked for before, never
// inside the store's write transaction, which other windows wait for.
func SealProtocol(st *store.Store, rules *catalog.Rules, key *seal.DeviceKey, id string, expectRevision int, by string, now time.Time) (*store.Record, *seal.Seal, error) {
	if key == nil || key.Private == nil {
		return nil, nil, &seal.LockedError{}
	}
	if _, p, err := st.Get(id); err == nil {
		if open := StoreProblems(st, rules, p); len(open) > 0 {
			return nil, nil, &seal.ErrIncomplete{Missing: open}
		}
	}
	var made *seal.Seal
	rec, err := st.SealChainedSigned(id, expectRevision, by, func(p *inspection.Protocol, prev string) (store.SealMade, error) {
		if err := seal.CheckComplete(p, func(p *inspection.Protocol) []string { return inspection.Missing(p, rules) }); err != nil {
			return store.SealMade{}, err
		}
		prof, err := inspection.PinnedProfile(p, rules)
		if err != nil {
			return store.SealMade{}, err
		}
		v := inspection.Value(p, prof)
		quote, err := inspection.QuoteJSON(p, &v)
		if err != nil {
			return store.SealMade{}, err
		}
		s, canon, err := seal.Make(p, key, prev, now, quote)
		if err != nil {
			return store.SealMade{}, err
		}
		valuation, err := seal.CanonicalValuation(quote)
		if err != nil {
			return store.SealMade{}, err
		}
		made = s
		b, err := json.Marshal(s)
		// the record keeps what was signed: a check hashes it as it stands
		return store.SealMade{Seal: b, Hash: s.Hash, Signed: store.Signed{Protocol: canon, Valuation: valuation}}, err
	})
	return rec, made, err
}

// SealMissing is what stands between a stored draft and its seal (empty:
// ready), checked before the device key is unlocked: nobody is asked for a
// passphrase to hear that a category is open. SealProtocol checks again.
func SealMissing(st *store.Store, rules *catalog.Rules, id string) ([]string, error) {
	rec, p, err := st.Get(id)
	if err != nil {
		return nil, err
	}
	if rec.Status.Immutable() {
		return nil, store.ErrSealed
	}
	err = seal.CheckComplete(p, func(p *inspection.Protocol) []string { return inspection.Missing(p, rules) })
	missing, _ := seal.IsIncomplete(err)
	if m := amendsProblem(st, p); m != "" {
		missing = append(missing, m)
	}
	if m := baselineProblem(st, rules, p); m != "" {
		missing = append(missing, m)
	}
	return missing, nil
}

// amendsProblem says why an amendment cannot be sealed here: the protocol it
// names must be a sealed protocol of this store with the seal hash it names
// (a forged or mistyped reference would print "Nachtrag zu …" for nothing).
func amendsProblem(st *store.Store, p *inspection.Protocol) string {
	a := p.Amends
	if a == nil {
		return ""
	}
	rec, _, err := st.Get(a.ID)
	if err != nil || !rec.Status.Immutable() {
		return fmt.Sprintf("Nachtrag: %s ist hier kein versiegeltes Protokoll", a.ID)
	}
	var s seal.Seal
	if json.Unmarshal(rec.Seal, &s) != nil || s.Hash != a.SealHash {
		return fmt.Sprintf("Nachtrag: %s hat ein anderes Siegel als das genannte (%s)", a.ID, short(a.SealHash))
	}
	// one return, one current record: a second sealed amendment of the same
	// protocol would be booked beside the first
	others, err := st.SealedAmendments(a.ID, a.SealHash)
	if err != nil {
		return fmt.Sprintf("Nachtrag: die Nachträge zu %s sind nicht lesbar (%v)", a.ID, err)
	}
	if others = slices.DeleteFunc(others, func(id string) bool { return id == p.ID }); len(others) > 0 {
		return fmt.Sprintf("Nachtrag: %s hat schon einen versiegelten Nachtrag (%s) – diesen berichtigen: rueckgabe amend %s", a.ID, others[0], others[0])
	}
	return ""
}

// BundleOf builds the bundle of a sealed record, after checking that the
// stored protocol still matches its seal (a damaged store is not exported):
// its canonical hash, and for a version 2 seal the valuation computed under
// its pinned profile. The bundle carries that profile's data.
func BundleOf(rec *store.Record, rules *catalog.Rules) ([]byte, *inspection.Protocol, error) {
	c, err := checkSealed(rec, rules)
	if err != nil {
		return nil, nil, err
	}
	profile, err := c.prof.Pinned()
	if err != nil {
		return nil, nil, err
	}
	b, err := seal.EncodeBundle(c.canon, c.seal, c.quote, profile)
	return b, c.p, err
}

// sealedCheck is what checkSealed read and checked of a sealed record.
type sealedCheck struct {
	p     *inspection.Protocol
	seal  *seal.Seal
	canon []byte
	quote []byte
	prof  *catalog.Rules
}

// keptBytesProblem is what is wrong with the signed bytes a sealed record
// keeps (store.Signed), nil when nothing is: a kept valuation must hash to
// the seal. A protocol document with a member named twice is refused
// whoever stored it (readers that take the first and the last would see
// different protocols). That a record which keeps a valuation keeps the
// signed protocol bytes too is checked after its signature (checkSealed).
func keptBytesProblem(rec *store.Record, s *seal.Seal) error {
	if err := keptValuationProblem(rec, s); err != nil {
		return err
	}
	// nested no deeper than a protocol may be (the decoder's limit), so
	// the scan for a repeated member cannot recurse without end
	if jsonspan.Depth(rec.Protocol) > maxProtocolDepth || seal.DuplicateKey(rec.Protocol) {
		return &MismatchError{ID: rec.ID, Why: "its stored protocol names a member twice or nests too deeply"}
	}
	return nil
}

// keptValuationProblem: a kept valuation must hash to the seal.
func keptValuationProblem(rec *store.Record, s *seal.Seal) error {
	if len(rec.Valuation) > 0 {
		if h := seal.Hash(rec.Valuation); h != s.ValuationHash {
			return &MismatchError{ID: rec.ID, Why: fmt.Sprintf("its kept valuation hashes to %s, the seal covers %s", short(h), short(s.ValuationHash))}
		}
	}
	return nil
}

// maxProtocolDepth is the deepest nesting a protocol document may have
// (inspection's decoder refuses more than 512).
const maxProtocolDepth = 512

// checkSealed checks a sealed record against its seal — everything
// BundleOf checks, without building the bundle (a report or check of
// thousands needs the protocol and the seal, not the bundle's bytes).
func checkSealed(rec *store.Record, rules *catalog.Rules) (*sealedCheck, error) {
	if len(rec.Seal) == 0 || !rec.Status.Immutable() {
		return nil, fmt.Errorf("%s ist nicht versiegelt / is not sealed (rueckgabe seal %s)", rec.ID, rec.ID)
	}
	var s seal.Seal
	if err := json.Unmarshal(rec.Seal, &s); err != nil {
		return nil, &MismatchError{ID: rec.ID, Why: "the stored seal is not readable: " + err.Error()}
	}
	if err := keptBytesProblem(rec, &s); err != nil {
		return nil, err
	}
	p, err := rec.Decode(rules)
	if err != nil {
		return nil, err
	}
	// a record that keeps the canonical form it was sealed with is hashed
	// as it stands (Signed) — its own id must be the record's, which Decode
	// gave p; others are encoded again
	canon := rec.Protocol
	if seal.Hash(canon) != s.Hash || docID(canon) != rec.ID {
		if canon, err = seal.Canonical(p); err != nil {
			return nil, err
		}
	}
	if seal.Hash(canon) != s.Hash {
		return nil, &MismatchError{ID: rec.ID, Why: fmt.Sprintf("the stored protocol hashes to %s, the seal covers %s", short(seal.Hash(canon)), short(s.Hash))}
	}
	if _, err := s.CheckSignature(); err != nil {
		return nil, &MismatchError{ID: rec.ID, Why: err.Error()}
	}
	// a record that keeps a valuation was sealed or imported by this
	// version: its protocol is the signed bytes themselves, not merely the
	// same protocol in another layout
	if len(rec.Valuation) > 0 {
		if h := seal.Hash(rec.Protocol); h != s.Hash {
			return nil, &MismatchError{ID: rec.ID, Why: fmt.Sprintf("its stored protocol is not the bytes its seal signed (they hash to %s, the seal covers %s)", short(h), short(s.Hash))}
		}
	}
	prof, err := inspection.PinnedProfile(p, rules)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rec.ID, err)
	}
	v := inspection.Value(p, prof)
	quote, err := inspection.QuoteJSON(p, &v)
	if err != nil {
		return nil, err
	}
	if s.ValuationHash != "" {
		if h, err := seal.ValuationHash(quote); err != nil || h != s.ValuationHash {
			return nil, &MismatchError{ID: rec.ID, Why: fmt.Sprintf("its valuation under profile %s no longer gives the sealed figures (the store or the profile data was changed)", prof.Ref())}
		}
	}
	return &sealedCheck{p: p, seal: &s, canon: canon, quote: quote, prof: prof}, nil
}

// BundleProfile is the profile a bundle's protocol is valued by: the data the
// bundle carries (checked against the protocol's profile_hash), else the
// profile of that hash on this device; for a protocol sealed before profiles
// were pinned, the version its valuation names — what it was valued with
// when sealed. Never the newest version in its place: missing data is an
// error naming the profile. A profile from the bundle is added to rules'
// registry by its hash.
func BundleProfile(b *seal.Bundle, rules *catalog.Rules) (*catalog.Rules, *inspection.Protocol, error) {
	p, probs := inspection.DecodeDraft(b.Protocol, rules)
	if len(probs) > 0 {
		return nil, nil, fmt.Errorf("protocol: %v", probs)
	}
	if len(b.Profile) > 0 {
		reg := rules.Registry()
		if reg == nil {
			return nil, nil, fmt.Errorf("no profile registry")
		}
		prof, err := reg.AddPinned(b.Profile)
		if err != nil {
			return nil, nil, fmt.Errorf("the bundle's profile data: %w", err)
		}
		if p.ProfileHash != "" && prof.Hash != p.ProfileHash {
			return nil, nil, fmt.Errorf("the bundle's profile data is %s (%s), the signed protocol is pinned to %s", prof.Ref(), prof.Hash, p.ProfileHash)
		}
		if p.ProfileHash == "" {
			p.PinnedHash = prof.Hash
		}
		return prof, p, nil
	}
	if p.ProfileHash == "" && len(b.Valuation) > 0 {
		var q struct {
			Profile string `json:"profile"`
		}
		if json.Unmarshal(b.Valuation, &q) == nil && q.Profile != "" {
			prof, err := rules.Resolve(q.Profile)
			if err != nil {
				return nil, nil, fmt.Errorf("sealed under profile %s: %w", q.Profile, err)
			}
			p.PinnedHash = prof.Hash
			return prof, p, nil
		}
	}
	prof, err := inspection.PinnedProfile(p, rules)
	if err != nil {
		return nil, nil, err
	}
	if p.ProfileHash == "" {
		p.PinnedHash = prof.Hash
	}
	return prof, p, nil
}

// CheckValuation recomputes a bundle's valuation from its signed protocol
// under the protocol's pinned profile (BundleProfile): the numbers a back
// office reads must be the protocol's. A bundle without one (sealed before
// wave 2) passes.
func CheckValuation(b *seal.Bundle, rules *catalog.Rules) error {
	_, err := CheckValuationOf(b, rules)
	return err
}

// CheckValuationOf is CheckValuation that also gives the bundle's protocol
// as it decoded it (nil when the bundle has neither valuation nor profile
// data: nothing was decoded), so a verifier decodes it once.
func CheckValuationOf(b *seal.Bundle, rules *catalog.Rules) (*inspection.Protocol, error) {
	if len(b.Valuation) == 0 && len(b.Profile) == 0 {
		return nil, nil
	}
	prof, p, err := BundleProfile(b, rules)
	if err != nil {
		return nil, fmt.Errorf("valuation cannot be checked: %w", err)
	}
	if len(b.Valuation) == 0 {
		return p, nil
	}
	v := inspection.Value(p, prof)
	want, err := inspection.QuoteJSON(p, &v)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(bytes.TrimSpace(b.Valuation), bytes.TrimSpace(want)) {
		return p, nil // as EncodeBundle writes it: no need to compact both
	}
	var got, exp bytes.Buffer
	if json.Compact(&got, b.Valuation) != nil || json.Compact(&exp, want) != nil || !bytes.Equal(got.Bytes(), exp.Bytes()) {
		return nil, fmt.Errorf("the valuation in the bundle does not match its signed protocol under profile %s: altered after sealing", prof.Ref())
	}
	return p, nil
}
