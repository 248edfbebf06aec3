//go:build darwin

package seal

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os/exec"
	"strings"
)

// On macOS the seed is kept in the login Keychain (a generic password of
// service "rueckgabe device key", account the key id), through the system's
// own /usr/bin/security — as github.com/zalando/go-keyring does, without cgo.
// The key file then holds only a reference.
const (
	osStoreAvailable = true
	osStoreName      = "macOS-Schlüsselbund"
	keychainService  = "rueckgabe device key"
)

var securityTool = "/usr/bin/security"

func osProtect(seed, entropy []byte) ([]byte, error) {
	account := string(entropy)
	cmd := exec.Command(securityTool, "add-generic-password", "-U", "-s", keychainService, "-a", account, "-w", hex.EncodeToString(seed))
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("security add-generic-password: %v: %s", err, bytes.TrimSpace(out))
	}
	return []byte("keychain:" + account), nil
}

func osUnprotect(ref, entropy []byte) ([]byte, error) {
	account := string(entropy)
	if string(ref) != "keychain:"+account {
		return nil, fmt.Errorf("the key file names another Keychain item")
	}
	out, err := exec.Command(securityTool, "find-generic-password", "-s", keychainService, "-a", account, "-w").Output()
	if err != nil {
		return nil, fmt.Errorf("security find-generic-password: %v", err)
	}
	return hex.DecodeString(strings.TrimSpace(string(out)))
}
