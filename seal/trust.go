package seal

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"rueckgabe/internal/atomicfile"
)

// TrustFile is the trust store inside the data directory: the public keys
// whose seals this installation accepts (a back office: its dealers'
// devices). The device's own key is trusted without being listed.
const TrustFile = "trusted-keys.json"

// TrustedKey is one entry of the trust store.
type TrustedKey struct {
	KeyID     string `json:"key_id"`
	PublicKey string `json:"public_key"` // base64 of the raw 32-byte key
	Name      string `json:"name,omitempty"`
	AddedAt   string `json:"added_at,omitempty"` // RFC 3339
	Device    bool   `json:"-"`                  // this device's own key, not in the file
}

// Trust is the trust store of one data directory.
type Trust struct {
	path string
	file []TrustedKey // as stored
	own  *TrustedKey  // the device key, when there is one
}

type trustDoc struct {
	Format string       `json:"format"`
	Keys   []TrustedKey `json:"keys"`
}

const trustFormat = "rueckgabe/trust@1"

// LoadTrust reads the trust store of dir (none yet: empty) and adds the
// device's own key, if it has one. It creates nothing.
func LoadTrust(dir string) (*Trust, error) {
	t := &Trust{path: filepath.Join(dir, TrustFile)}
	data, err := os.ReadFile(t.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("Vertrauensliste lesen / read trust store: %w", err)
	default:
		if err := t.decode(data); err != nil {
			return nil, err
		}
	}
	own, err := LoadKey(dir)
	if err != nil {
		return nil, err
	}
	if own != nil {
		t.own = &TrustedKey{KeyID: own.ID, PublicKey: base64.StdEncoding.EncodeToString(own.Public), Name: "dieses Gerät", Device: true}
	}
	return t, nil
}

func (t *Trust) decode(data []byte) error {
	var doc trustDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("Vertrauensliste %s ist beschädigt / trust store is damaged: %w", t.path, err)
	}
	for i, k := range doc.Keys {
		pub, err := decodePub(k.PublicKey)
		if err != nil || KeyID(pub) != k.KeyID {
			return fmt.Errorf("Vertrauensliste %s: keys[%d] ist kein gültiger Schlüssel / trust store: keys[%d] is not a valid key", t.path, i, i)
		}
	}
	t.file = doc.Keys
	return nil
}

// Keys are every trusted public key, the device's own first.
func (t *Trust) Keys() []ed25519.PublicKey {
	var out []ed25519.PublicKey
	for _, k := range t.List() {
		if pub, err := decodePub(k.PublicKey); err == nil {
			out = append(out, pub)
		}
	}
	return out
}

// List is the trust store for display: the device's own key first.
func (t *Trust) List() []TrustedKey {
	var out []TrustedKey
	if t.own != nil {
		out = append(out, *t.own)
	}
	return append(out, t.file...)
}

// Lookup finds a trusted key by its id.
func (t *Trust) Lookup(keyID string) (TrustedKey, bool) {
	for _, k := range t.List() {
		if k.KeyID == keyID {
			return k, true
		}
	}
	return TrustedKey{}, false
}

// Add trusts a public key under a name. It reports false when the key was
// trusted already (the name is then updated if one is given).
func (t *Trust) Add(pub ed25519.PublicKey, name string, now time.Time) (TrustedKey, bool) {
	id := KeyID(pub)
	if t.own != nil && t.own.KeyID == id {
		return *t.own, false
	}
	for i, k := range t.file {
		if k.KeyID == id {
			if name != "" {
				t.file[i].Name = name
			}
			return t.file[i], false
		}
	}
	k := TrustedKey{KeyID: id, PublicKey: base64.StdEncoding.EncodeToString(pub), Name: name, AddedAt: now.Format(time.RFC3339)}
	t.file = append(t.file, k)
	return k, true
}

// ErrOwnKey: the device's own key cannot be removed from the trust store.
var ErrOwnKey = errors.New("der eigene Geräteschlüssel ist immer vertrauenswürdig / the device's own key is always trusted")

// Remove stops trusting a key. Seals made with it stay in the store; new
// bundles signed with it are refused.
func (t *Trust) Remove(keyID string) (bool, error) {
	if t.own != nil && t.own.KeyID == keyID {
		return false, ErrOwnKey
	}
	n := len(t.file)
	t.file = slices.DeleteFunc(t.file, func(k TrustedKey) bool { return k.KeyID == keyID })
	return len(t.file) < n, nil
}

// Save writes the trust store atomically, readable by its owner only.
func (t *Trust) Save() error {
	data, err := json.MarshalIndent(trustDoc{Format: trustFormat, Keys: t.file}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(t.path), 0o700); err != nil {
		return fmt.Errorf("Vertrauensliste schreiben / write trust store: %w", err)
	}
	if err := atomicfile.WriteBytes(t.path, append(data, '\n')); err != nil {
		return fmt.Errorf("Vertrauensliste schreiben / write trust store: %w", err)
	}
	return nil
}
