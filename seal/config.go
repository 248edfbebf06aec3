package seal

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// Configuration a back office publishes to its devices (lessor profiles)
// is signed like a seal: Ed25519 over the file's SHA-256, with a context
// string so a config signature can never pass for a seal or the reverse.
func configMessage(data []byte) []byte {
	sum := sha256.Sum256(data)
	return []byte("rueckgabe/config@1\n" + hex.EncodeToString(sum[:]) + "\n")
}

// SignConfig signs a configuration file with the device key: base64 of the
// public key and of the signature, one line.
func SignConfig(key *DeviceKey, data []byte) []byte {
	sig := ed25519.Sign(key.Private, configMessage(data))
	return []byte(base64.StdEncoding.EncodeToString(key.Public) + " " + base64.StdEncoding.EncodeToString(sig) + "\n")
}

// VerifyConfig checks a configuration file's signature and that its key is
// trusted here; it returns the signer's key id.
func VerifyConfig(data, signature []byte, trusted []ed25519.PublicKey) (string, error) {
	var pubB64, sigB64 string
	if _, err := fmt.Sscanf(string(signature), "%s %s", &pubB64, &sigB64); err != nil {
		return "", fail("signature file is not \"KEY SIGNATURE\"")
	}
	pub, err := decodePub(pubB64)
	if err != nil {
		return "", fail("signature names no Ed25519 key")
	}
	sig, err := base64.StdEncoding.DecodeString(sigB64)
	if err != nil || !ed25519.Verify(pub, configMessage(data), sig) {
		return "", fail("signature does not match the file: changed after it was signed")
	}
	if !isTrusted(pub, trusted) {
		return "", &UntrustedError{KeyID: KeyID(pub)}
	}
	return KeyID(pub), nil
}
