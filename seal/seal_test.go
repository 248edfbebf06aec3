package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/fixture"
)

var rules = catalog.MustDefault()

var sealTime = fixture.SealedAt

// complete is a protocol that may be sealed.
func complete(t testing.TB) *inspection.Protocol { return fixture.Complete(t, rules) }

// bundle seals the complete example with a fresh device key.
func bundle(t *testing.T) []byte {
	key, err := LoadOrCreateKey(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := complete(t)
	q := quoteOf(t, p)
	s, canon, err := Make(p, key, "", sealTime, q)
	if err != nil {
		t.Fatal(err)
	}
	b, err := EncodeBundle(canon, s, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func quoteOf(t testing.TB, p *inspection.Protocol) []byte {
	v := inspection.Value(p, rules)
	q, err := inspection.QuoteJSON(p, &v)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// A bundle sealed before seal version 2 (no valuation hash, format @1) still
// verifies; one whose valuation is then added or changed does too, since its
// seal never covered it (the verifier recomputes it: service.CheckValuation).
func TestVersion1BundleStillVerifies(t *testing.T) {
	key, _ := LoadOrCreateKey(t.TempDir())
	p := complete(t)
	s, canon, err := Make(p, key, "", sealTime, nil)
	if err != nil || s.ValuationHash != "" {
		t.Fatal(err)
	}
	b, _ := EncodeBundle(canon, s, quoteOf(t, p), nil)
	if !strings.Contains(string(b), `"format": "rueckgabe/bundle@1"`) {
		t.Fatalf("a version 1 seal in a %.40s bundle", b)
	}
	if _, _, err := Check(b); err != nil {
		t.Fatalf("version 1 bundle: %v", err)
	}
	// claiming @2 for it is refused
	if _, _, err := Check([]byte(strings.Replace(string(b), "bundle@1", "bundle@2", 1))); err == nil {
		t.Fatal("a version 1 seal passed as @2")
	}
}

func TestSealedBundleVerifies(t *testing.T) {
	b := bundle(t)
	got, _, err := Check(b)
	if err != nil {
		t.Fatalf("intact bundle: %v", err)
	}
	if got.Seal.PreviousHash != "" || len(got.Seal.KeyID) != 16 || got.Seal.SealedAt != "2024-04-03T10:30:00Z" {
		t.Errorf("seal = %+v", got.Seal)
	}
}

func TestTamperDetection(t *testing.T) {
	b := string(bundle(t))
	otherPub, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	cases := map[string]string{
		"changed value":      strings.Replace(b, `"gross"`, `"gross"`, 1),
		"changed amount":     strings.Replace(b, `"235.20"`, `"135.20"`, 1),
		"removed finding":    removeFirstFinding(t, b),
		"swapped signature":  strings.Replace(b, `"Max Prüfer"`, `"Mallory Prüfer"`, 1),
		"changed chain link": strings.Replace(b, `"previous_hash": ""`, `"previous_hash": "00"`, 1),
		"changed signed sum": strings.Replace(b, `"gross": "`, `"gross": "1`, 1),
		"valuation dropped":  b[:strings.Index(b, ",\n\"valuation\"")] + "\n}\n",
		"downgraded to v1":   strings.Replace(strings.Replace(b, "bundle@2", "bundle@1", 1), `"valuation_hash"`, `"x"`, 1),
		"changed time":       strings.Replace(b, "2024-04-03T10:30:00Z", "2024-04-04T10:30:00Z", 1),
		"resigned untrusted": resign(t, b, otherPriv),
	}
	for name, tampered := range cases {
		if name == "changed value" {
			continue // same text: a control that the replacements below do change something
		}
		if tampered == b {
			t.Fatalf("%s: the test did not change the bundle", name)
		}
		_, _, err := Check([]byte(tampered))
		if name == "resigned untrusted" {
			// a consistent re-signature is intact on its own, but not by a trusted key
			if err != nil {
				t.Fatalf("re-signed bundle should be self-consistent: %v", err)
			}
			mine := devicePub(t, b)
			if _, err := Verify([]byte(tampered), []ed25519.PublicKey{mine}); err == nil || !strings.Contains(err.Error(), "not trusted") {
				t.Errorf("untrusted key accepted under --trust: %v", err)
			}
			if _, err := Verify([]byte(tampered), []ed25519.PublicKey{otherPub}); err != nil {
				t.Errorf("trusting the new key: %v", err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: tampered bundle verified", name)
		}
	}
}

func removeFirstFinding(t *testing.T, b string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(b), &m); err != nil {
		t.Fatal(err)
	}
	p := m["protocol"].(map[string]any)
	p["findings"] = p["findings"].([]any)[1:]
	out, _ := json.Marshal(m)
	return string(out)
}

// resign replaces key and signature consistently, as a forger would.
func resign(t *testing.T, b string, priv ed25519.PrivateKey) string {
	var bd Bundle
	if err := json.Unmarshal([]byte(b), &bd); err != nil {
		t.Fatal(err)
	}
	key := &DeviceKey{Private: priv, Public: priv.Public().(ed25519.PublicKey)}
	key.ID = KeyID(key.Public)
	canon, _ := Canonical(mustDecode(t, bd.Protocol))
	s, _, _ := Make(mustDecode(t, bd.Protocol), key, bd.Seal.PreviousHash, sealTime, bd.Valuation)
	out, _ := EncodeBundle(canon, s, bd.Valuation, nil)
	return string(out)
}

func mustDecode(t *testing.T, raw []byte) *inspection.Protocol {
	p, probs := inspection.DecodeDraft(raw, rules)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return p
}

func devicePub(t *testing.T, b string) ed25519.PublicKey {
	var bd Bundle
	_ = json.Unmarshal([]byte(b), &bd)
	got, _, err := Check([]byte(b))
	if err != nil {
		t.Fatal(err)
	}
	var pub ed25519.PublicKey
	pub, _ = decodePub(got.Seal.PublicKey)
	return pub
}

func TestKeyFileMode(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	checkOwnerOnly(t, st)
	k2, err := LoadOrCreateKey(dir)
	if err != nil || !k1.Public.Equal(k2.Public) || k1.ID != k2.ID {
		t.Fatal("the key changed between loads")
	}
	pemPub, _ := k1.PublicPEM()
	if pub, err := ParsePublicPEM(pemPub); err != nil || !pub.Equal(k1.Public) {
		t.Fatal("public PEM round trip")
	}
}

func TestVerifyHostileInput(t *testing.T) {
	for _, in := range []string{"", "{}", `{"format":"rueckgabe/bundle@1"}`, `{"format":"rueckgabe/bundle@1","protocol":{},"seal":{"algorithm":"RSA"}}`, "\x00"} {
		if _, _, err := Check([]byte(in)); err == nil {
			t.Errorf("Verify(%q) accepted", in)
		}
	}
}

func FuzzVerify(f *testing.F) {
	f.Add([]byte(`{"format":"rueckgabe/bundle@1","protocol":{"a":1},"seal":{"algorithm":"Ed25519","hash":"x"}}`))
	f.Add([]byte(`{"format":"rueckgabe/bundle@1","protocol":[1e999],"seal":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, _, err := Check(data); err == nil {
			t.Fatalf("a fuzzed bundle verified: %q", data)
		}
	})
}

func BenchmarkSealAndBundle(b *testing.B) {
	key, err := LoadOrCreateKey(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	p := complete(b)
	for b.Loop() {
		s, canon, err := Make(p, key, "prev", sealTime, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := EncodeBundle(canon, s, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	key, _ := LoadOrCreateKey(b.TempDir())
	p := complete(b)
	s, canon, _ := Make(p, key, "", sealTime, nil)
	data, _ := EncodeBundle(canon, s, nil, nil)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Verify(data, []ed25519.PublicKey{key.Public}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestReformattedBundleStillVerifies(t *testing.T) {
	var v any
	if err := json.Unmarshal(bundle(t), &v); err != nil {
		t.Fatal(err)
	}
	pretty, _ := json.MarshalIndent(v, "", "\t") // same content, other bytes
	if _, _, err := Check(pretty); err != nil {
		t.Fatalf("reformatted bundle: %v", err)
	}
}

// CheckPending with its signature verified after (alone or in a batch)
// says exactly what Check says, for intact, tampered and hostile bundles:
// the same bundle, key and error text.
func TestCheckPendingIsCheck(t *testing.T) {
	b := string(bundle(t))
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	inputs := []string{
		b, strings.Replace(b, `"235.20"`, `"135.20"`, 1), removeFirstFinding(t, b),
		strings.Replace(b, `"previous_hash": ""`, `"previous_hash": "00"`, 1),
		strings.Replace(b, `"gross": "`, `"gross": "1`, 1), b[:strings.Index(b, ",\n\"valuation\"")] + "\n}\n",
		strings.Replace(b, "2024-04-03T10:30:00Z", "2024-04-04T10:30:00Z", 1),
		strings.Replace(b, "2024-04-03T10:30:00Z", "gestern", 1), resign(t, b, otherPriv),
		"", "{}", `{"format":"rueckgabe/bundle@1","protocol":{},"seal":{"algorithm":"RSA"}}`,
	}
	var pending []*Pending
	var items []BatchItem
	for _, in := range inputs {
		p := CheckPending([]byte(in))
		pending, items = append(pending, p), append(items, p.Item)
	}
	batch := VerifyBatch(items)
	for i, in := range inputs {
		wb, wpub, werr := Check([]byte(in))
		p := pending[i]
		for _, verified := range []bool{batch[i], p.Item.Public != nil && ed25519.Verify(p.Item.Public, p.Item.Message, p.Item.Signature)} {
			gb, gpub, gerr := p.Result(verified)
			if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() || !bytes.Equal(wpub, gpub) || (wb == nil) != (gb == nil) {
				t.Errorf("input %d: Check %v, CheckPending %v", i, werr, gerr)
			}
		}
	}
}
