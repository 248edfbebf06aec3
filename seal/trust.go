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

	"github.com/gofrs/flock"

	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/textfile"
)

// TrustFile is the trust store inside the data directory: the public keys
// whose seals this installation accepts (a back office: its dealers'
// devices). The device's own key is trusted without being listed.
const TrustFile = "trusted-keys.json"

// MaxTrustBytes bounds the trust store file: 1 MiB holds thousands of
// keys; anything larger is not a trust store and is not read into memory.
const MaxTrustBytes = 1 << 20

// Roles of a trusted key. A device key's seals are accepted; a publisher
// key's seals are accepted and the lessor profiles it signs are installed
// on sync. An entry without a role (files written before roles) is a device
// key: trusting a colleague's device never lets it change the rules.
const (
	RoleDevice    = "device"
	RolePublisher = "publisher"
)

// ValidRole reports whether role names a role ("" is not one).
func ValidRole(role string) bool { return role == RoleDevice || role == RolePublisher }

// TrustedKey is one entry of the trust store.
type TrustedKey struct {
	KeyID     string `json:"key_id"`
	PublicKey string `json:"public_key"` // base64 of the raw 32-byte key
	Name      string `json:"name,omitempty"`
	Role      string `json:"role,omitempty"`     // RoleDevice (also when absent) or RolePublisher
	AddedAt   string `json:"added_at,omitempty"` // RFC 3339
	Device    bool   `json:"-"`                  // this device's own key, not in the file
}

// Publisher reports whether the key may publish profiles.
func (k TrustedKey) Publisher() bool { return !k.Device && k.Role == RolePublisher }

// RoleName is the key's role for display: device when the file names none.
func (k TrustedKey) RoleName() string {
	if k.Role == "" {
		return RoleDevice
	}
	return k.Role
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
	data, err := textfile.ReadLimited(t.path, MaxTrustBytes)
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
		if k.Role != "" && !ValidRole(k.Role) {
			return fmt.Errorf("Vertrauensliste %s: keys[%d] hat die unbekannte Rolle %q / trust store: keys[%d] has the unknown role %q (device or publisher)", t.path, i, k.Role, i, k.Role)
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

// PublisherKeys are the keys whose signed profiles are installed: those
// trusted with the role publisher. The device's own key is not one of them
// (its own profiles are here already).
func (t *Trust) PublisherKeys() []ed25519.PublicKey {
	var out []ed25519.PublicKey
	for _, k := range t.file {
		if pub, err := decodePub(k.PublicKey); err == nil && k.Publisher() {
			out = append(out, pub)
		}
	}
	return out
}

// NotPublisherError: a profile is validly signed by a key trusted here for
// its seals only (role device), not to publish profiles.
type NotPublisherError struct {
	KeyID string
	Name  string
}

func (e *NotPublisherError) Error() string {
	return fmt.Sprintf("signed by key %s, which is trusted here as a device, not as a publisher of profiles", e.KeyID)
}

// VerifyProfile checks a published profile's signature and that its key is
// trusted here with the role publisher; it returns the signer's key id. A
// key trusted as a device only is a *NotPublisherError, any other key an
// *UntrustedError.
func (t *Trust) VerifyProfile(data, signature []byte) (string, error) {
	id, err := VerifyConfig(data, signature, t.PublisherKeys())
	var untrusted *UntrustedError
	if errors.As(err, &untrusted) {
		if k, ok := t.Lookup(untrusted.KeyID); ok {
			return "", &NotPublisherError{KeyID: k.KeyID, Name: k.Name}
		}
	}
	return id, err
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

// ErrOwnKeyRole: the device's own key keeps the role device.
var ErrOwnKeyRole = errors.New("der eigene Geräteschlüssel ist ein Geräteschlüssel; seine Profile sind hier schon / the device's own key is a device key; its own profiles are here already")

// Add trusts a public key under a name and a role (RoleDevice,
// RolePublisher, or "" for device when new and unchanged when known). It
// reports false when the key was trusted already; a name or role given
// then replaces the old one.
func (t *Trust) Add(pub ed25519.PublicKey, name, role string, now time.Time) (TrustedKey, bool, error) {
	if role != "" && !ValidRole(role) {
		return TrustedKey{}, false, fmt.Errorf("Rolle %q unbekannt / unknown role %q: device or publisher", role, role)
	}
	id := KeyID(pub)
	if t.own != nil && t.own.KeyID == id {
		if role == RolePublisher {
			return *t.own, false, ErrOwnKeyRole
		}
		return *t.own, false, nil
	}
	for i, k := range t.file {
		if k.KeyID == id {
			if name != "" {
				t.file[i].Name = name
			}
			if role != "" {
				t.file[i].Role = role
			}
			return t.file[i], false, nil
		}
	}
	if role == "" {
		role = RoleDevice
	}
	k := TrustedKey{KeyID: id, PublicKey: base64.StdEncoding.EncodeToString(pub), Name: name, Role: role, AddedAt: now.Format(time.RFC3339)}
	t.file = append(t.file, k)
	return k, true, nil
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

// UpdateTrust changes the trust store of dir: it takes the store's lock
// (trusted-keys.json.lock beside it, honoured by every rueckgabe process),
// reads the store, lets change edit it and writes it atomically when change
// returns nil. Two commands changing the store at once therefore never
// lose each other's change: the second reads what the first wrote.
func UpdateTrust(dir string, change func(*Trust) error) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("Vertrauensliste schreiben / write trust store: %w", err)
	}
	lock := flock.New(filepath.Join(dir, TrustFile+".lock"), flock.SetPermissions(0o600))
	if err := lock.Lock(); err != nil {
		return fmt.Errorf("Vertrauensliste sperren / lock trust store: %w", err)
	}
	defer lock.Unlock()
	t, err := LoadTrust(dir)
	if err != nil {
		return err
	}
	if err := change(t); err != nil {
		return err
	}
	return t.save()
}

// save writes the trust store atomically, readable by its owner only. Only
// UpdateTrust calls it, under the lock.
func (t *Trust) save() error {
	data, err := json.MarshalIndent(trustDoc{Format: trustFormat, Keys: t.file}, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(t.path, append(data, '\n')); err != nil {
		return fmt.Errorf("Vertrauensliste schreiben / write trust store: %w", err)
	}
	return nil
}
