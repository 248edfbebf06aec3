// Package seal makes a signed protocol tamper-evident: the canonical JSON of
// the protocol (RFC 8785) is hashed with SHA-256 and signed with the device's
// Ed25519 key; each seal names the previous seal of the device, so a back
// office can see that no protocol of a sequence is missing.
package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"rueckgabe/internal/atomicfile"
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
// first use. The key is written to a temporary file, synced and only then
// moved into place without replacing anything (placeKey), so a failed creation (disk full, power cut) never leaves
// a half-written key behind; an empty key file — left by an older version
// after such a failure — was never used to seal and is replaced.
func LoadOrCreateKey(dir string) (*DeviceKey, error) {
	path := filepath.Join(dir, KeyFile)
	data, err := readKeyFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return createKey(path, false)
	case err != nil:
		return nil, fmt.Errorf("Geräteschlüssel lesen / read device key %s: %w", path, err)
	case len(bytes.TrimSpace(data)) == 0:
		return createKey(path, true)
	}
	k, err := parseKey(data)
	if err != nil {
		return nil, &BrokenKeyError{Path: path, Err: err}
	}
	return k, nil
}

// LoadKey reads the device key without creating one; nil when there is none.
func LoadKey(dir string) (*DeviceKey, error) {
	path := filepath.Join(dir, KeyFile)
	data, err := readKeyFile(path)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(bytes.TrimSpace(data)) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("Geräteschlüssel lesen / read device key %s: %w", path, err)
	}
	k, err := parseKey(data)
	if err != nil {
		return nil, &BrokenKeyError{Path: path, Err: err}
	}
	return k, nil
}

// BrokenKeyError: the key file exists but holds no usable key. It is never
// replaced silently: protocols were sealed with it.
type BrokenKeyError struct {
	Path string
	Err  error
}

func (e *BrokenKeyError) Error() string {
	return fmt.Sprintf("Geräteschlüssel %s ist beschädigt (%v): Sicherung der Datei zurückspielen; "+
		"nur wenn keine vorhanden ist, die Datei entfernen – dann entsteht ein neuer Schlüssel, dem das Backoffice "+
		"erst vertrauen muss (rueckgabe key) / device key %s is damaged: restore it from a backup, or remove it to make a new key "+
		"the back office must trust", e.Path, e.Err, e.Path)
}

func (e *BrokenKeyError) Unwrap() error { return e.Err }

func createKey(path string, replaceEmpty bool) (*DeviceKey, error) {
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
		return nil, fmt.Errorf("Geräteschlüssel anlegen / create device key: %w", err)
	}
	tmp, err := atomicfile.Temp(filepath.Dir(path), KeyFile, func(w io.Writer) error { _, err := w.Write(pemBytes); return err })
	if err != nil {
		return nil, fmt.Errorf("Geräteschlüssel anlegen / create device key: %w", err)
	}
	defer os.Remove(tmp)
	if replaceEmpty {
		err = atomicfile.Rename(tmp, path)
	} else {
		// placing fails if the file exists: two windows creating the key at
		// once must not overwrite each other; the loser uses the winner's key
		err = placeKey(tmp, path)
	}
	if errors.Is(err, os.ErrExist) {
		return readWinnersKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("Geräteschlüssel anlegen / create device key: %w", err)
	}
	if err := atomicfile.SyncDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("Geräteschlüssel anlegen / create device key: %w", err)
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
