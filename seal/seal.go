package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"rueckgabe/internal/canon"

	"rueckgabe/inspection"
)

// Algorithm names the seal's signature scheme.
const Algorithm = "Ed25519"

// FormatBundle is the format tag of a bundle whose seal covers the protocol
// and its valuation (seal version 2); FormatBundleV1 of a bundle sealed
// before, whose seal covers the protocol only. Both verify.
const (
	FormatBundle   = "rueckgabe/bundle@2"
	FormatBundleV1 = "rueckgabe/bundle@1"
)

// IsBundleFormat reports a bundle's format tag.
func IsBundleFormat(f string) bool { return f == FormatBundle || f == FormatBundleV1 }

// Seal is the tamper-evident seal of one protocol.
type Seal struct {
	Algorithm    string `json:"algorithm"`
	KeyID        string `json:"key_id"`
	PublicKey    string `json:"public_key"` // base64 of the raw 32-byte key
	Hash         string `json:"hash"`       // hex SHA-256 of the canonical protocol
	Signature    string `json:"signature"`  // base64 Ed25519 signature of SignedMessage
	SealedAt     string `json:"sealed_at"`  // RFC 3339
	PreviousHash string `json:"previous_hash"`
	// ValuationHash (seal version 2) is the hex SHA-256 of the RFC 8785 form
	// of the bundle's valuation: the figures are signed with the protocol.
	ValuationHash string `json:"valuation_hash,omitempty"`
}

// SignedMessage is what the signature covers: not only the protocol's hash
// but also the chain link and the time, so neither can be altered either;
// from seal version 2 also the valuation's hash.
func (s *Seal) SignedMessage() []byte {
	if s.ValuationHash != "" {
		return []byte("rueckgabe/seal@2\n" + s.Hash + "\n" + s.PreviousHash + "\n" + s.SealedAt + "\n" + s.ValuationHash + "\n")
	}
	return []byte("rueckgabe/seal@1\n" + s.Hash + "\n" + s.PreviousHash + "\n" + s.SealedAt + "\n")
}

// ValuationHash is the hex SHA-256 of the RFC 8785 form of a valuation.
func ValuationHash(valuation []byte) (string, error) {
	canon, err := CanonicalValuation(valuation)
	if err != nil {
		return "", err
	}
	return Hash(canon), nil
}

// CanonicalValuation is the RFC 8785 form of a valuation: the bytes its
// hash covers.
func CanonicalValuation(valuation []byte) ([]byte, error) {
	c, err := canon.Transform(valuation)
	if err != nil {
		return nil, fmt.Errorf("valuation: %w", err)
	}
	return c, nil
}

// Canonical is the RFC 8785 form of a protocol's interchange JSON.
func Canonical(p *inspection.Protocol) ([]byte, error) {
	doc, err := inspection.EncodeCompact(p)
	if err != nil {
		return nil, err
	}
	return canon.Transform(doc)
}

// Hash is the hex SHA-256 of canonical bytes.
func Hash(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// Make seals a protocol and its valuation: canonical form, hashes, signature
// with the device key. A nil valuation makes a version 1 seal (tests of old
// bundles only).
func Make(p *inspection.Protocol, key *DeviceKey, previousHash string, at time.Time, valuation []byte) (*Seal, []byte, error) {
	canon, err := Canonical(p)
	if err != nil {
		return nil, nil, fmt.Errorf("canonical form: %w", err)
	}
	s := &Seal{Algorithm: Algorithm, KeyID: key.ID, PublicKey: base64.StdEncoding.EncodeToString(key.Public),
		Hash: Hash(canon), SealedAt: at.UTC().Format(time.RFC3339), PreviousHash: previousHash}
	if valuation != nil {
		if s.ValuationHash, err = ValuationHash(valuation); err != nil {
			return nil, nil, err
		}
	}
	s.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key.Private, s.SignedMessage()))
	return s, canon, nil
}

// Bundle is the signed form for sync: the protocol and its seal.
type Bundle struct {
	Format   string          `json:"format"`
	Protocol json.RawMessage `json:"protocol"`
	Seal     Seal            `json:"seal"`
	// Valuation is the quote of the protocol under its profile. From seal
	// version 2 it is signed (Seal.ValuationHash); a verifier also recomputes
	// it from the signed protocol and refuses a difference.
	Valuation json.RawMessage `json:"valuation,omitempty"`
	// Profile is the self-contained data of the profile the protocol is
	// pinned to (catalog.FormatPinned), which its profile_hash covers.
	Profile json.RawMessage `json:"profile,omitempty"`
}

// EncodeBundle writes a bundle with the protocol exactly in its canonical
// form (built by hand: encoding/json would re-escape it), so a verifier can
// hash the bytes as they stand.
func EncodeBundle(canonical []byte, s *Seal, valuation, profile []byte) ([]byte, error) {
	sealJSON, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	format := FormatBundleV1
	if s.ValuationHash != "" {
		format = FormatBundle
	}
	var buf bytes.Buffer
	buf.WriteString("{\n\"format\": \"" + format + "\",\n\"protocol\": ")
	buf.Write(canonical)
	buf.WriteString(",\n\"seal\": ")
	buf.Write(sealJSON)
	if len(valuation) > 0 {
		buf.WriteString(",\n\"valuation\": ")
		buf.Write(bytes.TrimSpace(valuation))
	}
	if len(profile) > 0 {
		buf.WriteString(",\n\"profile\": ")
		buf.Write(bytes.TrimSpace(profile))
	}
	buf.WriteString("\n}\n")
	return buf.Bytes(), nil
}

// VerifyError says why a bundle is not intact or not trusted.
type VerifyError struct{ Reason string }

func (e *VerifyError) Error() string { return e.Reason }

func fail(format string, args ...any) error {
	return &VerifyError{Reason: fmt.Sprintf(format, args...)}
}

// UntrustedError: the bundle is intact and validly signed, but by a key this
// installation does not trust. Any key can sign; only a trusted one seals.
type UntrustedError struct {
	KeyID string
}

func (e *UntrustedError) Error() string {
	return fmt.Sprintf("signed by key %s, which is not trusted here", e.KeyID)
}

// Verify checks a bundle (Check) and that its key is one of the trusted
// keys. The decision is made on the public key itself, never on the key id
// the bundle claims. No trusted keys: nothing is trusted.
func Verify(data []byte, trusted []ed25519.PublicKey) (*Bundle, error) {
	b, pub, err := Check(data)
	if err != nil {
		return nil, err
	}
	return Trusted(b, pub, trusted)
}

// Check verifies a bundle's integrity: strict JSON (no duplicate key, nothing
// after the bundle), the protocol's canonical hash, the key id, and the
// signature over hash, chain link and time. It says nothing about whether the
// key may seal (Verify does). It returns the bundle and its public key.
func Check(data []byte) (*Bundle, ed25519.PublicKey, error) {
	return checkWith(data, ed25519.Verify)
}

// Pending is a bundle checked as Check checks it, but for the Ed25519
// verification of its signature: a verifier of thousands verifies those
// together (VerifyBatch) and then asks Result what Check would have said.
type Pending struct {
	Item   BatchItem // the signature to verify; Public nil when there is none to (err says why)
	b      *Bundle
	pub    ed25519.PublicKey
	err    error
	signed bool // the checks reached the signature (Item is set)
}

// CheckPending checks a bundle but for its signature's verification.
func CheckPending(data []byte) *Pending {
	p := &Pending{}
	p.b, p.pub, p.err = checkWith(data, func(pub ed25519.PublicKey, msg, sig []byte) bool {
		p.Item, p.signed = BatchItem{Public: pub, Message: msg, Signature: sig}, true
		return true // the checks after it run as if it verified: Result decides
	})
	return p
}

// Result is what Check returns for the bundle, given whether its signature
// verified (ignored when the checks did not reach it).
func (p *Pending) Result(verified bool) (*Bundle, ed25519.PublicKey, error) {
	if p.signed && !verified {
		return nil, nil, fail("signature is not valid for this protocol, chain link and time")
	}
	if p.err != nil {
		return nil, nil, p.err
	}
	return p.b, p.pub, nil
}

// Trusted is Verify's verdict on a checked bundle: an UntrustedError when
// its key is not one of the trusted keys.
func Trusted(b *Bundle, pub ed25519.PublicKey, trusted []ed25519.PublicKey) (*Bundle, error) {
	if !isTrusted(pub, trusted) {
		return b, &UntrustedError{KeyID: KeyID(pub)}
	}
	return b, nil
}

// checkWith is Check with the signature verified by verify.
func checkWith(data []byte, verify func(ed25519.PublicKey, []byte, []byte) bool) (*Bundle, ed25519.PublicKey, error) {
	b, ok := fastBundle(data) // scan.go
	if !ok {
		if err := strictJSON(data); err != nil {
			return nil, nil, fail("not a bundle: %v", err)
		}
		b = new(Bundle)
		if err := json.Unmarshal(data, b); err != nil {
			return nil, nil, fail("not a bundle: %v", err)
		}
	}
	if !IsBundleFormat(b.Format) {
		return nil, nil, fail("format is %q, want %q", b.Format, FormatBundle)
	}
	if len(b.Protocol) == 0 {
		return nil, nil, fail("the bundle has no protocol")
	}
	s := &b.Seal
	if s.Algorithm != Algorithm {
		return nil, nil, fail("seal algorithm %q is not supported (want %s)", s.Algorithm, Algorithm)
	}
	// as written by EncodeBundle the bytes are canonical already; only a
	// reformatted bundle needs the canonical transform
	got := Hash(b.Protocol)
	if got != s.Hash {
		canon, err := canon.Transform(b.Protocol)
		if err != nil {
			return nil, nil, fail("protocol is not valid JSON: %v", err)
		}
		got = Hash(canon)
	}
	if got != s.Hash {
		return nil, nil, fail("protocol was changed after sealing: hash %s, seal says %q", got, s.Hash)
	}
	pub, err := decodePub(s.PublicKey)
	if err != nil {
		return nil, nil, fail("seal public key is not a base64 Ed25519 key")
	}
	if KeyID(pub) != s.KeyID {
		return nil, nil, fail("key id %q does not belong to the public key (%s)", s.KeyID, KeyID(pub))
	}
	sig, err := base64.StdEncoding.DecodeString(s.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize || !verify(pub, s.SignedMessage(), sig) {
		return nil, nil, fail("signature is not valid for this protocol, chain link and time")
	}
	if _, err := time.Parse(time.RFC3339, s.SealedAt); err != nil {
		return nil, nil, fail("sealed_at %q is not an RFC 3339 time", s.SealedAt)
	}
	switch {
	case b.Format == FormatBundle && s.ValuationHash == "":
		return nil, nil, fail("a %s bundle's seal must cover its valuation (valuation_hash missing)", FormatBundle)
	case b.Format == FormatBundleV1 && s.ValuationHash != "":
		return nil, nil, fail("a %s bundle carries a version 2 seal", FormatBundleV1)
	case s.ValuationHash != "":
		if len(b.Valuation) == 0 {
			return nil, nil, fail("the seal covers a valuation, but the bundle has none")
		}
		got, err := ValuationHash(b.Valuation)
		if err != nil || got != s.ValuationHash {
			return nil, nil, fail("valuation was changed after sealing: hash %s, seal says %q", got, s.ValuationHash)
		}
	}
	return b, pub, nil
}

func isTrusted(pub ed25519.PublicKey, trusted []ed25519.PublicKey) bool {
	for _, t := range trusted {
		if pub.Equal(t) {
			return true
		}
	}
	return false
}

// ErrIncomplete lists what is missing before a protocol may be sealed.
type ErrIncomplete struct{ Missing []string }

func (e *ErrIncomplete) Error() string {
	return fmt.Sprintf("nicht vollständig / incomplete: %d missing", len(e.Missing))
}

// CheckComplete applies the sealing rules shared by the TUI and `seal`:
// every category done, preconditions confirmed, no validation problem, and
// the signatures the chosen path needs.
func CheckComplete(p *inspection.Protocol, missing func(*inspection.Protocol) []string) error {
	m := append(missing(p), inspection.MissingSignatures(p)...)
	if len(m) > 0 {
		return &ErrIncomplete{Missing: m}
	}
	return nil
}

// IsIncomplete extracts the missing pieces from an error.
func IsIncomplete(err error) ([]string, bool) {
	var e *ErrIncomplete
	if errors.As(err, &e) {
		return e.Missing, true
	}
	return nil, false
}

func decodePub(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("not a base64 Ed25519 key")
	}
	return ed25519.PublicKey(b), nil
}
