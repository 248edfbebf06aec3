package seal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Where the system's key store refuses (a locked Keychain, a profile without
// DPAPI), the key is protected by a passphrase instead — never left in clear,
// and sealing is not blocked; the note says why.
func TestRefusingKeyStoreFallsBackToAPassphrase(t *testing.T) {
	savedUse, savedProtect := useOSStore, osStoreProtect
	t.Cleanup(func() { useOSStore, osStoreProtect = savedUse, savedProtect })
	useOSStore = true
	osStoreProtect = func(seed, entropy []byte) ([]byte, error) { return nil, errors.New("Schlüsselbund gesperrt") }
	dir := t.TempDir()
	if _, _, err := Unlock(dir, nil); !errors.As(err, new(*LockedError)) || !err.(*LockedError).Fresh {
		t.Fatalf("without a way to ask: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFile)); err == nil {
		t.Fatal("a key was written without protection")
	}
	k, notes, err := Unlock(dir, func(bool, int) (string, error) { return "Pferdestall 17", nil })
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0], "Passphrase (") || !strings.Contains(notes[0], "Schlüsselbund gesperrt") {
		t.Fatalf("%v %v", notes, err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	if !strings.Contains(string(data), "Protection: passphrase") {
		t.Fatalf("key file:\n%s", data)
	}
	again, _, err := Unlock(dir, func(bool, int) (string, error) { return "Pferdestall 17", nil })
	if err != nil || !again.Private.Equal(k.Private) {
		t.Fatalf("again: %v", err)
	}
}
