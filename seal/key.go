// Package seal makes a signed protocol tamper-evident: the canonical JSON of
// the protocol (RFC 8785) is hashed with SHA-256 and signed with the device's
// Ed25519 key; each seal names the previous seal of the device, so a back
// office can see that no protocol of a sequence is missing.
package seal

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// KeyFile is the device key inside the data directory.
const KeyFile = "device-key.pem"

// DeviceKey is this device's signing key.
type DeviceKey struct {
	Private ed25519.PrivateKey
	Public  ed25519.PublicKey
	ID      string
}

// KeyID is the first 16 hex digits of SHA-256 of the public key.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// LoadOrCreateKey reads the device key from dir, creating it (mode 0600) on
// first use. The file is written completely before it is used.
func LoadOrCreateKey(dir string) (*DeviceKey, error) {
	path := filepath.Join(dir, KeyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return createKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("Geräteschlüssel lesen / read device key: %w", err)
	}
	return parseKey(data)
}

func createKey(path string) (*DeviceKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate device key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, err
	}
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	// O_EXCL: two windows creating the key at once must not overwrite each other
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		data, rerr := os.ReadFile(path)
		if rerr != nil {
			return nil, rerr
		}
		return parseKey(data)
	}
	if err != nil {
		return nil, fmt.Errorf("Geräteschlüssel anlegen / create device key: %w", err)
	}
	if _, err := f.Write(pemBytes); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return &DeviceKey{Private: priv, Public: pub, ID: KeyID(pub)}, nil
}

func parseKey(data []byte) (*DeviceKey, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("device key file is not a PEM private key")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("device key: %w", err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("device key is not an Ed25519 key")
	}
	pub := priv.Public().(ed25519.PublicKey)
	return &DeviceKey{Private: priv, Public: pub, ID: KeyID(pub)}, nil
}

// PublicPEM is the public key as the back office stores it for --trust.
func (k *DeviceKey) PublicPEM() ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(k.Public)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// ParsePublicPEM reads a trusted public key file.
func ParsePublicPEM(data []byte) (ed25519.PublicKey, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, errors.New("not a PEM public key")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("not an Ed25519 public key")
	}
	return pub, nil
}
