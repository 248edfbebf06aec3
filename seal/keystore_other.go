//go:build !windows && !darwin

package seal

import "errors"

// Elsewhere (Linux, the BSDs) there is no key store every installation has
// (a Secret Service needs a desktop session): the key is protected by a
// passphrase.
const (
	osStoreAvailable = false
	osStoreName      = "Passphrase"
)

func osProtect(seed, entropy []byte) ([]byte, error) {
	return nil, errors.New("no operating system key store here")
}

func osUnprotect(blob, entropy []byte) ([]byte, error) {
	return nil, errors.New("no operating system key store here")
}
