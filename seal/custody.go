package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/scrypt"

	"rueckgabe/internal/atomicfile"
)

// The device key is never stored in clear (docs/security.md). The key file
// holds the public key in clear and the private key's 32-byte seed
// protected:
//   - by the operating system's key store where there is one (keystore_*.go:
//     Windows DPAPI, bound to the user account on this computer; macOS
//     Keychain), so a copy of the data directory on another computer or
//     account holds no usable key;
//   - elsewhere under a passphrase: scrypt (N=32768, r=8, p=1: 32 MiB, memory
//     hard) derives a key that seals the seed with XChaCha20-Poly1305, the key
//     id as associated data.
const (
	pemProtected = "RUECKGABE DEVICE KEY"
	pemClear     = "PRIVATE KEY" // written by versions before wave 3: migrated on first unlock

	protectPassphrase = "passphrase"
	protectOS         = "os"

	scryptN, scryptR, scryptP = 1 << 15, 8, 1
)

// Passphrase supplies the passphrase of a passphrase-protected key: fresh
// asks for a new one (the key is being created or migrated; ask twice);
// attempt counts from 1. An empty answer gives up.
type Passphrase func(fresh bool, attempt int) (string, error)

// MaxAttempts is how often a wrong passphrase is asked again.
const MaxAttempts = 3

// ErrWrongPassphrase: the passphrase does not open the device key.
var ErrWrongPassphrase = errors.New("falsche Passphrase für den Geräteschlüssel / wrong passphrase for the device key")

// LockedError: the key needs a passphrase and none was given.
type LockedError struct{ Fresh bool }

func (e *LockedError) Error() string {
	if e.Fresh {
		return "der Geräteschlüssel braucht eine neue Passphrase (im Terminal eingeben oder --passphrase-file DATEI) / the device key needs a new passphrase (type it on a terminal or use --passphrase-file FILE)"
	}
	return "der Geräteschlüssel ist mit einer Passphrase geschützt (im Terminal eingeben oder --passphrase-file DATEI) / the device key is locked by a passphrase (type it on a terminal or use --passphrase-file FILE)"
}

// MinPassphrase is the shortest passphrase taken for a new key.
const MinPassphrase = 8

// keyFile is the parsed key file.
type keyFile struct {
	clear      *DeviceKey // a pre-wave-3 file
	public     ed25519.PublicKey
	id         string
	protection string
	headers    map[string]string
	body       []byte
}

func readKeyFile(path string) (*keyFile, error) {
	data, err := readKeyBytes(path)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	block, _ := pem.Decode(data)
	switch {
	case block == nil:
		return nil, &BrokenKeyError{Path: path, Err: errors.New("not a PEM key file")}
	case block.Type == pemClear:
		k, err := parseKey(data)
		if err != nil {
			return nil, &BrokenKeyError{Path: path, Err: err}
		}
		return &keyFile{clear: k, public: k.Public, id: k.ID}, nil
	case block.Type != pemProtected:
		return nil, &BrokenKeyError{Path: path, Err: fmt.Errorf("unknown key block %q", block.Type)}
	}
	pub, err := base64.StdEncoding.DecodeString(block.Headers["Public-Key"])
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, &BrokenKeyError{Path: path, Err: errors.New("no public key in the key file")}
	}
	kf := &keyFile{public: pub, id: KeyID(pub), protection: block.Headers["Protection"], headers: block.Headers, body: block.Bytes}
	if block.Headers["Key-Id"] != kf.id {
		return nil, &BrokenKeyError{Path: path, Err: errors.New("key id does not belong to the public key")}
	}
	if kf.protection != protectPassphrase && kf.protection != protectOS {
		return nil, &BrokenKeyError{Path: path, Err: fmt.Errorf("unknown protection %q", kf.protection)}
	}
	return kf, nil
}

// maxKeyFile bounds what is read as a key file (a real one is < 1 KiB).
const maxKeyFile = 64 << 10

// readLimitedFile is os.ReadFile bounded by maxKeyFile: a key file replaced
// by something huge (or /dev/zero) is refused, not read.
func readLimitedFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err == nil && len(data) > maxKeyFile {
		return nil, &BrokenKeyError{Path: path, Err: fmt.Errorf("larger than %d bytes", maxKeyFile)}
	}
	return data, err
}

// LoadPublic reads the device's public key without unlocking anything; nil
// when the device has no key yet. The key's Private part is nil.
func LoadPublic(dir string) (*DeviceKey, error) {
	path := filepath.Join(dir, KeyFile)
	kf, err := readKeyFile(path)
	if errors.Is(err, os.ErrNotExist) || (err == nil && kf == nil) {
		return nil, nil
	}
	if err != nil {
		var broken *BrokenKeyError
		if errors.As(err, &broken) {
			return nil, err
		}
		return nil, fmt.Errorf("Geräteschlüssel lesen / read device key %s: %w", path, err)
	}
	return &DeviceKey{Public: kf.public, ID: kf.id}, nil
}

// NeedsPassphrase reports whether unlocking the device key in dir asks for a
// passphrase (and whether a new one): never where the operating system keeps
// it.
func NeedsPassphrase(dir string) (need, fresh bool, err error) {
	kf, err := readKeyFile(filepath.Join(dir, KeyFile))
	switch {
	case errors.Is(err, os.ErrNotExist) || (err == nil && kf == nil) || (err == nil && kf.clear != nil):
		return !useOSStore, !useOSStore, nil // created or migrated
	case err != nil:
		return false, false, err
	}
	return kf.protection == protectPassphrase, false, nil
}

// Unlock returns the device's signing key, creating it on first use and
// protecting a key stored in clear by an older version (said in notes). ask
// is used only for a passphrase-protected key; a wrong passphrase is asked
// again up to MaxAttempts times.
func Unlock(dir string, ask Passphrase) (k *DeviceKey, notes []string, err error) {
	path := filepath.Join(dir, KeyFile)
	kf, err := readKeyFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist) || (err == nil && kf == nil):
		var used string
		k, used, err = createProtectedKey(path, ask, err == nil)
		if err == nil && used != "" {
			notes = append(notes, "Geräteschlüssel "+k.ID+" angelegt, geschützt durch "+used)
		}
		return k, notes, err
	case err != nil:
		var broken *BrokenKeyError
		if errors.As(err, &broken) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("Geräteschlüssel lesen / read device key %s: %w", path, err)
	case kf.clear != nil:
		used, err := writeProtected(path, kf.clear, ask)
		if err != nil {
			var locked *LockedError
			if errors.As(err, &locked) {
				return nil, nil, err
			}
			return nil, nil, fmt.Errorf("Geräteschlüssel schützen / protect device key: %w", err)
		}
		return kf.clear, []string{"Geräteschlüssel " + kf.id + " lag ungeschützt im Datenordner und ist jetzt geschützt durch " + used}, nil
	}
	seed, err := kf.open(ask)
	if err != nil {
		return nil, nil, err
	}
	defer clear(seed)
	priv := ed25519.NewKeyFromSeed(seed)
	if !bytes.Equal(priv.Public().(ed25519.PublicKey), kf.public) {
		return nil, nil, &BrokenKeyError{Path: path, Err: errors.New("the protected key does not belong to the public key")}
	}
	return &DeviceKey{Private: priv, Public: kf.public, ID: kf.id}, nil, nil
}

func (kf *keyFile) open(ask Passphrase) ([]byte, error) {
	if kf.protection == protectOS {
		seed, err := osUnprotect(kf.body, []byte(kf.id))
		if err != nil {
			return nil, fmt.Errorf("Geräteschlüssel nicht lesbar: %s gibt ihn nicht frei (anderer Computer oder anderes Benutzerkonto?) / the device key cannot be opened here: %w", osStoreName, err)
		}
		return seed, nil
	}
	salt, err := base64.StdEncoding.DecodeString(kf.headers["Salt"])
	n, errN := strconv.Atoi(kf.headers["Scrypt-N"])
	r, errR := strconv.Atoi(kf.headers["Scrypt-R"])
	p, errP := strconv.Atoi(kf.headers["Scrypt-P"])
	if err != nil || errN != nil || errR != nil || errP != nil || kf.headers["KDF"] != "scrypt" || n < 1<<14 || n > 1<<20 || r < 1 || r > 32 || p < 1 || p > 16 {
		return nil, errors.New("device key: unreadable KDF parameters")
	}
	if ask == nil {
		return nil, &LockedError{}
	}
	for attempt := 1; attempt <= MaxAttempts; attempt++ {
		pass, err := ask(false, attempt)
		if err != nil {
			return nil, err
		}
		if pass == "" {
			return nil, &LockedError{}
		}
		seed, err := openSeed(kf.body, pass, salt, n, r, p, kf.id)
		if err == nil {
			return seed, nil
		}
	}
	return nil, ErrWrongPassphrase
}

func openSeed(body []byte, pass string, salt []byte, n, r, p int, id string) ([]byte, error) {
	k, err := scrypt.Key([]byte(pass), salt, n, r, p, chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(k)
	if err != nil {
		return nil, err
	}
	if len(body) < aead.NonceSize() {
		return nil, errors.New("too short")
	}
	return aead.Open(nil, body[:aead.NonceSize()], body[aead.NonceSize():], []byte(id))
}

// createProtectedKey makes a new key and writes it protected, never over an
// existing one (two windows creating at once: the loser uses the winner's).
func createProtectedKey(path string, ask Passphrase, replaceEmpty bool) (*DeviceKey, string, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, "", fmt.Errorf("generate device key: %w", err)
	}
	k := &DeviceKey{Private: priv, Public: pub, ID: KeyID(pub)}
	data, used, err := protect(k, ask)
	if err != nil {
		return nil, "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, "", fmt.Errorf("Geräteschlüssel anlegen / create device key: %w", err)
	}
	tmp, err := atomicfile.Temp(filepath.Dir(path), KeyFile, func(w io.Writer) error { _, err := w.Write(data); return err })
	if err != nil {
		return nil, "", fmt.Errorf("Geräteschlüssel anlegen / create device key: %w", err)
	}
	defer os.Remove(tmp)
	if replaceEmpty {
		err = atomicfile.Rename(tmp, path)
	} else {
		err = placeKey(tmp, path)
	}
	if errors.Is(err, os.ErrExist) {
		if err := waitForWinner(path); err != nil {
			return nil, "", err
		}
		winner, _, err := Unlock(filepath.Dir(path), ask)
		return winner, "", err
	}
	if err != nil {
		return nil, "", fmt.Errorf("Geräteschlüssel anlegen / create device key: %w", err)
	}
	if err := atomicfile.SyncDir(filepath.Dir(path)); err != nil {
		return nil, "", fmt.Errorf("Geräteschlüssel anlegen / create device key: %w", err)
	}
	return k, used, nil
}

// writeProtected replaces a clear key file by its protected form.
func writeProtected(path string, k *DeviceKey, ask Passphrase) (string, error) {
	data, used, err := protect(k, ask)
	if err != nil {
		return "", err
	}
	return used, atomicfile.WriteBytes(path, data)
}

// useOSStore and osStoreProtect are the seam's answers; variables so that a
// test can play a key store that fails.
var (
	useOSStore     = osStoreAvailable
	osStoreProtect = osProtect
)

// protect encodes k's key file: by the OS key store where there is one, else
// — also where that store refuses (a locked Keychain, a profile without
// DPAPI) — under a new passphrase. It says which protection it used.
func protect(k *DeviceKey, ask Passphrase) ([]byte, string, error) {
	headers := map[string]string{"Key-Id": k.ID, "Public-Key": base64.StdEncoding.EncodeToString(k.Public)}
	seed := k.Private.Seed()
	defer clear(seed)
	used := "Passphrase"
	if useOSStore {
		blob, err := osStoreProtect(seed, []byte(k.ID))
		if err == nil {
			headers["Protection"] = protectOS
			return pem.EncodeToMemory(&pem.Block{Type: pemProtected, Headers: headers, Bytes: blob}), osStoreName, nil
		}
		used = fmt.Sprintf("Passphrase (%s nicht verfügbar: %v)", osStoreName, err)
	}
	if ask == nil {
		return nil, "", &LockedError{Fresh: true}
	}
	pass, err := ask(true, 1)
	if err != nil {
		return nil, "", err
	}
	if pass == "" {
		return nil, "", &LockedError{Fresh: true}
	}
	if len([]rune(pass)) < MinPassphrase {
		return nil, "", fmt.Errorf("die Passphrase hat weniger als %d Zeichen / the passphrase has fewer than %d characters", MinPassphrase, MinPassphrase)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return nil, "", err
	}
	key, err := scrypt.Key([]byte(pass), salt, scryptN, scryptR, scryptP, chacha20poly1305.KeySize)
	if err != nil {
		return nil, "", err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, "", err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(seed)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, "", err
	}
	headers["Protection"] = protectPassphrase
	headers["KDF"] = "scrypt"
	headers["Scrypt-N"], headers["Scrypt-R"], headers["Scrypt-P"] = strconv.Itoa(scryptN), strconv.Itoa(scryptR), strconv.Itoa(scryptP)
	headers["Salt"] = base64.StdEncoding.EncodeToString(salt)
	body := aead.Seal(nonce, nonce, seed, []byte(k.ID))
	return pem.EncodeToMemory(&pem.Block{Type: pemProtected, Headers: headers, Bytes: body}), used, nil
}

// ClearKeyPEM is a key in the form versions before wave 3 stored it (PKCS #8
// in clear): for tests of the migration and for LoadOrCreateKey's callers in
// tests only.
func ClearKeyPEM(k *DeviceKey) []byte {
	der, _ := x509.MarshalPKCS8PrivateKey(k.Private)
	return pem.EncodeToMemory(&pem.Block{Type: pemClear, Bytes: der})
}

// EnvPassphraseVar names the environment variable a passphrase may come
// from for automation (a back office's scheduled publish, tests); a person
// types it, or gives --passphrase-file.
const EnvPassphraseVar = "RUECKGABE_PASSPHRASE"

// EnvPassphrase is the passphrase from the environment, nil when unset.
func EnvPassphrase() Passphrase {
	v, ok := os.LookupEnv(EnvPassphraseVar)
	if !ok || v == "" {
		return nil
	}
	return func(bool, int) (string, error) { return v, nil }
}

// LoadOrCreateKey unlocks the device key with the passphrase from the
// environment, if any (EnvPassphrase): for tests and automation. People's
// commands ask (Unlock).
func LoadOrCreateKey(dir string) (*DeviceKey, error) {
	k, _, err := Unlock(dir, EnvPassphrase())
	return k, err
}
