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
	KeyID     string      `json:"key_id"`
	PublicKey string      `json:"public_key"` // base64 of the raw 32-byte key
	Name      string      `json:"name,omitempty"`
	Role      string      `json:"role,omitempty"`     // RoleDevice (also when absent) or RolePublisher
	AddedAt   string      `json:"added_at,omitempty"` // RFC 3339
	Revoked   *Revocation `json:"revoked,omitempty"`  // set by trust revoke
	Device    bool        `json:"-"`                  // this device's own key, not in the file
}

// Revocation withdraws a key that may be in other hands (a stolen laptop, a
// copied data folder). Its seals carry a sealed_at the holder of the key
// chooses, so they cannot tell old from forged; what the holder cannot set
// is when the object store recorded an archive (its Last-Modified). An
// archive of a revoked key is accepted only through the inbox and only when
// the store recorded it before Since; anything imported before stays.
type Revocation struct {
	Since  string `json:"since"`            // RFC 3339: archives recorded from then on are refused
	Reason string `json:"reason,omitempty"` // why, for trust list
	At     string `json:"at"`               // RFC 3339: when the revocation was entered
}

// SinceTime is the revocation's time (zero for a damaged entry, which
// LoadTrust refuses).
func (r *Revocation) SinceTime() time.Time {
	t, _ := time.Parse(time.RFC3339, r.Since)
	return t
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
		if k.Revoked != nil && k.Revoked.SinceTime().IsZero() {
			return fmt.Errorf("Vertrauensliste %s: keys[%d].revoked.since ist keine Zeit / trust store: keys[%d].revoked.since is not an RFC 3339 time", t.path, i, i)
		}
		if k.Role != "" && !ValidRole(k.Role) {
			return fmt.Errorf("Vertrauensliste %s: keys[%d] hat die unbekannte Rolle %q / trust store: keys[%d] has the unknown role %q (device or publisher)", t.path, i, k.Role, i, k.Role)
		}
	}
	t.file = doc.Keys
	return nil
}

// Keys are every trusted public key, the device's own first; a revoked key
// is not among them (a bundle it signed, given by hand, is refused).
func (t *Trust) Keys() []ed25519.PublicKey {
	var out []ed25519.PublicKey
	for _, k := range t.List() {
		if pub, err := decodePub(k.PublicKey); err == nil && k.Revoked == nil {
			out = append(out, pub)
		}
	}
	return out
}

// RevokedKeysValidAt are the revoked keys an archive the object store
// recorded at recorded may still be signed with: those whose revocation
// starts after it. With Keys, they are what the inbox trusts for it.
func (t *Trust) RevokedKeysValidAt(recorded time.Time) []ed25519.PublicKey {
	var out []ed25519.PublicKey
	for _, k := range t.file {
		if pub, err := decodePub(k.PublicKey); err == nil && k.Revoked != nil && !recorded.IsZero() && recorded.Before(k.Revoked.SinceTime()) {
			out = append(out, pub)
		}
	}
	return out
}

// PublisherKeys are the keys whose signed profiles are installed: those
// trusted with the role publisher and not revoked. The device's own key is
// not one of them (its own profiles are here already).
func (t *Trust) PublisherKeys() []ed25519.PublicKey {
	var out []ed25519.PublicKey
	for _, k := range t.file {
		if pub, err := decodePub(k.PublicKey); err == nil && k.Publisher() && k.Revoked == nil {
			out = append(out, pub)
		}
	}
	return out
}

// RevokedError: a bundle signed by a revoked key, given where no server
// time vouches for it, or recorded by the object store too late.
type RevokedError struct {
	Key TrustedKey
}

func (e *RevokedError) Error() string {
	msg := fmt.Sprintf("signed by key %s, revoked since %s", e.Key.KeyID, e.Key.Revoked.Since)
	if e.Key.Revoked.Reason != "" {
		msg += " (" + e.Key.Revoked.Reason + ")"
	}
	return msg
}

// Explain turns an *UntrustedError about a revoked key into a
// *RevokedError; any other error is returned as it is.
func (t *Trust) Explain(err error) error {
	var untrusted *UntrustedError
	if t != nil && errors.As(err, &untrusted) {
		if k, ok := t.Lookup(untrusted.KeyID); ok && k.Revoked != nil {
			return &RevokedError{Key: k}
		}
	}
	return err
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
		if k, ok := t.Lookup(untrusted.KeyID); ok && k.Revoked != nil {
			return "", &RevokedError{Key: k}
		} else if ok {
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
			if k.Revoked != nil {
				return k, false, &RevokedError{Key: k}
			}
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

// ErrNotTrusted: a trust change names a key the store does not hold.
var ErrNotTrusted = errors.New("kein vertrauenswürdiger Schlüssel / not a trusted key (see 'rueckgabe trust list')")

// Revoke withdraws a trusted key from since on (see Revocation). Revoking
// again replaces time and reason. The device's own key cannot be revoked
// here: it is no entry of the file.
func (t *Trust) Revoke(keyID string, since time.Time, reason string, now time.Time) (TrustedKey, error) {
	if t.own != nil && t.own.KeyID == keyID {
		return TrustedKey{}, ErrOwnKey
	}
	for i, k := range t.file {
		if k.KeyID == keyID {
			t.file[i].Revoked = &Revocation{Since: since.UTC().Format(time.RFC3339), Reason: reason, At: now.UTC().Format(time.RFC3339)}
			return t.file[i], nil
		}
	}
	return TrustedKey{}, ErrNotTrusted
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
