package catalog

import (
	"testing"

	"rueckgabe/internal/canon"
)

// Issue 26: a component's canonical form is made once and kept; a profile's
// hash is the same whether its components' forms come from the cache or
// are made anew, and the four built-in profiles share one catalogue form.
func TestComponentCanonIsKeptAndHashesAgree(t *testing.T) {
	reg, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	list := reg.List()
	if len(list) < 4 {
		t.Fatalf("%d built-in profiles", len(list))
	}
	for _, r := range list {
		want, err := profileHash(r.raw.profile, r.raw.catalogue, r.raw.factors, r.raw.fees)
		if err != nil || want != r.Hash {
			t.Fatalf("%s: %s %v, registered %s", r.Ref(), want, err, r.Hash)
		}
		// the hash made without partCanon
		h, err := profileHashFresh(r.raw.profile, r.raw.catalogue, r.raw.factors, r.raw.fees)
		if err != nil || h != r.Hash {
			t.Errorf("%s: hash without the kept forms %s %v, with %s", r.Ref(), h, err, r.Hash)
		}
		partCanon.Lock()
		c, ok := partCanon.m[string(r.raw.catalogue)]
		partCanon.Unlock()
		if !ok {
			t.Errorf("%s: its catalogue's canonical form is not kept", r.Ref())
		} else if fresh, _ := canon.Transform(r.raw.catalogue); string(c) != string(fresh) {
			t.Errorf("%s: the kept form differs from the catalogue's", r.Ref())
		}
	}
	partCanon.Lock()
	n := len(partCanon.m)
	partCanon.Unlock()
	if n > maxPartCanon {
		t.Errorf("%d forms kept, at most %d", n, maxPartCanon)
	}
}

// profileHashFresh is profileHash with every part canonicalised anew.
func profileHashFresh(parts ...[]byte) (string, error) {
	partCanon.Lock()
	saved := partCanon.m
	partCanon.m = nil
	partCanon.Unlock()
	defer func() {
		partCanon.Lock()
		partCanon.m = saved
		partCanon.Unlock()
	}()
	return profileHash(parts...)
}
