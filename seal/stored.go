package seal

import (
	"crypto/ed25519"
	"encoding/base64"
	"time"
)

// CheckSignature checks a seal kept beside its protocol (a store's sealed
// record) as Check checks a bundle's, but for the hash, which its caller
// compares with the protocol's canonical hash: the algorithm, that the key
// id belongs to the public key, that the signature covers hash, chain link
// and time. It returns the public key.
func (s *Seal) CheckSignature() (ed25519.PublicKey, error) {
	it, err := s.Signed()
	if err != nil {
		return nil, err
	}
	if !ed25519.Verify(it.Public, it.Message, it.Signature) {
		return nil, ErrBadSignature
	}
	return it.Public, nil
}

// ErrBadSignature: the signature does not verify.
var ErrBadSignature = fail("signature is not valid for this protocol, chain link and time")

// Signed checks everything of CheckSignature but the Ed25519 verification
// itself, and returns what that verifies: for a caller verifying thousands
// of signatures at once. A signature that is not base64 of 64 bytes is
// ErrBadSignature here already.
func (s *Seal) Signed() (BatchItem, error) {
	if s.Algorithm != Algorithm {
		return BatchItem{}, fail("seal algorithm %q is not supported (want %s)", s.Algorithm, Algorithm)
	}
	pub, err := decodePub(s.PublicKey)
	if err != nil {
		return BatchItem{}, fail("seal public key is not a base64 Ed25519 key")
	}
	if KeyID(pub) != s.KeyID {
		return BatchItem{}, fail("key id %q does not belong to the public key (%s)", s.KeyID, KeyID(pub))
	}
	sig, err := base64.StdEncoding.DecodeString(s.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return BatchItem{}, ErrBadSignature
	}
	if _, err := time.Parse(time.RFC3339, s.SealedAt); err != nil {
		return BatchItem{}, fail("sealed_at %q is not an RFC 3339 time", s.SealedAt)
	}
	return BatchItem{Public: pub, Message: s.SignedMessage(), Signature: sig}, nil
}
