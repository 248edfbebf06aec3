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
	if s.Algorithm != Algorithm {
		return nil, fail("seal algorithm %q is not supported (want %s)", s.Algorithm, Algorithm)
	}
	pub, err := decodePub(s.PublicKey)
	if err != nil {
		return nil, fail("seal public key is not a base64 Ed25519 key")
	}
	if KeyID(pub) != s.KeyID {
		return nil, fail("key id %q does not belong to the public key (%s)", s.KeyID, KeyID(pub))
	}
	sig, err := base64.StdEncoding.DecodeString(s.Signature)
	if err != nil || !ed25519.Verify(pub, s.SignedMessage(), sig) {
		return nil, fail("signature is not valid for this protocol, chain link and time")
	}
	if _, err := time.Parse(time.RFC3339, s.SealedAt); err != nil {
		return nil, fail("sealed_at %q is not an RFC 3339 time", s.SealedAt)
	}
	return pub, nil
}
