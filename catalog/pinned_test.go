package catalog

import (
	"bytes"
	"strings"
	"testing"
)

// Every profile's pinned data parses on its own to the same profile, with the
// same hash, and reaches a registry by hash without touching the newest version.
func TestPinnedRoundTrip(t *testing.T) {
	reg, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reg.List() {
		data, err := r.Pinned()
		if err != nil {
			t.Fatalf("%s: %v", r.Ref(), err)
		}
		back, err := ParsePinned(data)
		if err != nil {
			t.Fatalf("%s: %v", r.Ref(), err)
		}
		if back.Hash != r.Hash || back.Ref() != r.Ref() || !back.VATPercent.Equal(r.VATPercent) || len(back.Catalogue.Categories) != len(r.Catalogue.Categories) {
			t.Errorf("%s: pinned data gives %s %s", r.Ref(), back.Ref(), back.Hash)
		}
		if got, ok := reg.ByHash(r.Hash); !ok || got != r {
			t.Errorf("%s: not found by hash", r.Ref())
		}
	}
}

// Pinned data whose content was changed is refused, even when the claimed
// hash is left as it was; a different profile under a known ref is reachable
// by its hash only.
func TestPinnedTamperedAndForeign(t *testing.T) {
	def := MustDefault()
	data, err := def.Pinned()
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(data, []byte(`"vat_percent":"19"`), []byte(`"vat_percent":"0"`), 1)
	if bytes.Equal(bad, data) {
		t.Fatal("test data: vat_percent not found")
	}
	if _, err := ParsePinned(bad); err == nil || !strings.Contains(err.Error(), "hashes to") {
		t.Fatalf("tampered data: %v", err)
	}
	// a profile of the same ref with other content (a newer publication of the
	// same version elsewhere) is kept apart: by hash only
	other := bytes.Replace(data, []byte(`"dealer_surcharge_percent":"5"`), []byte(`"dealer_surcharge_percent":"6"`), 1)
	if bytes.Equal(other, data) {
		t.Fatal("test data: dealer_surcharge_percent not found")
	}
	r, err := ParsePinned(other)
	if err == nil {
		t.Fatal("changed data with the old hash must be refused")
	}
	_ = r
	reg, _ := LoadDir(t.TempDir())
	fresh, err := reg.AddPinned(data)
	if err != nil || fresh.Hash != def.Hash {
		t.Fatalf("AddPinned of a known profile: %v", err)
	}
	if reg.Default().Ref() != def.Ref() {
		t.Errorf("AddPinned changed the default to %s", reg.Default().Ref())
	}
	if _, err := def.ResolvePinned(def.Ref(), "sha256:00"); err == nil || !strings.Contains(err.Error(), "not on this device") {
		t.Errorf("unknown hash: %v", err)
	}
}

// AddPinned remembers the exact bytes it checked: the same data again gives
// the same profile without a new parse, while data that differs in a
// single byte is still checked and refused — also when the caller changes
// the slice it passed before.
func TestAddPinnedSameBytesOnceOtherBytesChecked(t *testing.T) {
	data, err := MustDefault().Pinned()
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := LoadDir(t.TempDir())
	buf := append([]byte(nil), data...)
	first, err := reg.AddPinned(buf)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(5, func() {
		again, err := reg.AddPinned(data)
		if err != nil || again != first {
			t.Fatalf("same bytes again: %v, same profile %v", err, again == first)
		}
	})
	if allocs > 2 {
		t.Errorf("the same bytes again took %.0f allocations: parsed again", allocs)
	}
	copy(buf, bytes.Replace(buf, []byte(`"vat_percent":"19"`), []byte(`"vat_percent":"0"`), 1))
	if bytes.Equal(buf, data) {
		t.Fatal("test data: vat_percent not found")
	}
	if _, err := reg.AddPinned(buf); err == nil || !strings.Contains(err.Error(), "hashes to") {
		t.Fatalf("tampered data after the genuine was remembered: %v", err)
	}
}

// Pinned is made once per profile hash; every caller gets the same bytes
// and its own copy of them.
func TestPinnedIsTheSameAndEachCallersOwn(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	a, err := r.Pinned()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := r.pinned()
	if err != nil || !bytes.Equal(a, fresh) {
		t.Fatalf("cached %d bytes differ from made %d: %v", len(a), len(fresh), err)
	}
	a[0] = 'X'
	b, _ := r.Pinned()
	if !bytes.Equal(b, fresh) {
		t.Fatal("a caller's change reached the next caller")
	}
}
