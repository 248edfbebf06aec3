package service

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/seal"
	"rueckgabe/store"
)

// SealProtocol seals a stored draft when it is complete, by the same rules in
// the TUI and the `seal` command. The device key comes from the data directory.
func SealProtocol(st *store.Store, rules *catalog.Rules, id string, expectRevision int, by string, now time.Time) (*store.Record, *seal.Seal, error) {
	key, err := seal.LoadOrCreateKey(st.Dir())
	if err != nil {
		return nil, nil, err
	}
	var made *seal.Seal
	rec, err := st.SealChained(id, expectRevision, by, func(p *inspection.Protocol, prev string) (json.RawMessage, string, error) {
		if err := seal.CheckComplete(p, func(p *inspection.Protocol) []string { return inspection.Missing(p, rules) }); err != nil {
			return nil, "", err
		}
		s, _, err := seal.Make(p, key, prev, now)
		if err != nil {
			return nil, "", err
		}
		made = s
		b, err := json.Marshal(s)
		return b, s.Hash, err
	})
	return rec, made, err
}

// BundleOf builds the bundle of a sealed record, after checking that the
// stored protocol still matches its seal (a damaged store is not exported).
func BundleOf(rec *store.Record, rules *catalog.Rules) ([]byte, *inspection.Protocol, error) {
	if len(rec.Seal) == 0 || !rec.Status.Immutable() {
		return nil, nil, fmt.Errorf("%s ist nicht versiegelt / is not sealed (rueckgabe seal %s)", rec.ID, rec.ID)
	}
	var s seal.Seal
	if err := json.Unmarshal(rec.Seal, &s); err != nil {
		return nil, nil, &MismatchError{ID: rec.ID, Why: "the stored seal is not readable: " + err.Error()}
	}
	p, err := rec.Decode(rules)
	if err != nil {
		return nil, nil, err
	}
	canon, err := seal.Canonical(p)
	if err != nil {
		return nil, nil, err
	}
	if seal.Hash(canon) != s.Hash {
		return nil, nil, &MismatchError{ID: rec.ID, Why: fmt.Sprintf("the stored protocol hashes to %s, the seal covers %s", short(seal.Hash(canon)), short(s.Hash))}
	}
	v := inspection.Value(p, rules)
	quote, err := inspection.QuoteJSON(p, &v)
	if err != nil {
		return nil, nil, err
	}
	b, err := seal.EncodeBundle(canon, &s, quote)
	return b, p, err
}

// CheckValuation recomputes a bundle's valuation from its signed protocol
// under the protocol's own profile: the numbers a back office reads must be
// the protocol's. A bundle without one (sealed before wave 2) passes.
func CheckValuation(b *seal.Bundle, rules *catalog.Rules) error {
	if len(b.Valuation) == 0 {
		return nil
	}
	p, probs := inspection.DecodeDraft(b.Protocol, rules)
	if len(probs) > 0 {
		return fmt.Errorf("valuation cannot be checked: %v", probs)
	}
	prof, err := rules.Resolve(p.Profile)
	if err != nil {
		return fmt.Errorf("valuation cannot be checked: %w", err)
	}
	v := inspection.Value(p, prof)
	want, err := inspection.QuoteJSON(p, &v)
	if err != nil {
		return err
	}
	var got, exp bytes.Buffer
	if json.Compact(&got, b.Valuation) != nil || json.Compact(&exp, want) != nil || !bytes.Equal(got.Bytes(), exp.Bytes()) {
		return fmt.Errorf("the valuation in the bundle does not match its signed protocol under profile %s: altered after sealing", prof.Ref())
	}
	return nil
}
