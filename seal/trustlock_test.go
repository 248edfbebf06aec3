package seal

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"rueckgabe/internal/textfile"
)

func newPub(t testing.TB) ed25519.PublicKey {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// fileKeyIDs are the key ids the trust file of dir holds, sorted.
func fileKeyIDs(t *testing.T, dir string) []string {
	t.Helper()
	tr, err := LoadTrust(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range tr.List() {
		if !k.Device {
			ids = append(ids, k.KeyID)
		}
	}
	slices.Sort(ids)
	return ids
}

// Five writers add and remove keys at once, 50 rounds each, through the
// function the trust command uses: every change survives (issue 29: two
// concurrent adds lost a key in 7 of 20 rounds, a remove beside an add
// left the removed key trusted). Each UpdateTrust takes its own lock on
// its own file descriptor, as separate processes do.
func TestConcurrentTrustChangesLoseNothing(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadOrCreateKey(dir); err != nil {
		t.Fatal(err)
	}
	const writers, rounds = 5, 50
	keys := make([][]ed25519.PublicKey, writers)
	for w := range keys {
		for range rounds {
			keys[w] = append(keys[w], newPub(t))
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for r := range rounds {
				if err := UpdateTrust(dir, func(tr *Trust) error {
					_, added, err := tr.Add(keys[w][r], fmt.Sprintf("w%d r%d", w, r), "", time.Now())
					if err == nil && !added {
						err = fmt.Errorf("writer %d round %d: key already there", w, r)
					}
					return err
				}); err != nil {
					errs <- err
					return
				}
				if r == 0 {
					continue
				}
				if err := UpdateTrust(dir, func(tr *Trust) error {
					removed, err := tr.Remove(KeyID(keys[w][r-1]))
					if err == nil && !removed {
						err = fmt.Errorf("writer %d round %d: the key added in round %d was lost", w, r, r-1)
					}
					return err
				}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var want []string
	for w := range writers {
		want = append(want, KeyID(keys[w][rounds-1]))
	}
	slices.Sort(want)
	if got := fileKeyIDs(t, dir); !slices.Equal(got, want) {
		t.Fatalf("after %d×%d changes the trust store holds %d keys %v, want the %d last ones %v", writers, rounds, len(got), got, len(want), want)
	}
}

// The lock holds between processes too: three child processes add 20
// keys each at the same time, and all 60 are there.
func TestTrustLockHoldsAcrossProcesses(t *testing.T) {
	if os.Getenv("RUECKGABE_TRUST_CHILD") != "" {
		return
	}
	dir := t.TempDir()
	const children, adds = 3, 20
	var cmds []*exec.Cmd
	for c := range children {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTrustLockChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "RUECKGABE_TRUST_CHILD="+dir, "RUECKGABE_TRUST_ADDS="+strconv.Itoa(adds), "RUECKGABE_TRUST_NAME="+strconv.Itoa(c))
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if t.Failed() {
				t.Log(out.String())
			}
		})
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	if got := fileKeyIDs(t, dir); len(got) != children*adds {
		t.Fatalf("%d processes × %d adds left %d keys", children, adds, len(got))
	}
}

func TestTrustLockChild(t *testing.T) {
	dir := os.Getenv("RUECKGABE_TRUST_CHILD")
	if dir == "" {
		t.Skip("run by TestTrustLockHoldsAcrossProcesses")
	}
	n, _ := strconv.Atoi(os.Getenv("RUECKGABE_TRUST_ADDS"))
	for i := range n {
		pub := newPub(t)
		if err := UpdateTrust(dir, func(tr *Trust) error {
			_, _, err := tr.Add(pub, os.Getenv("RUECKGABE_TRUST_NAME")+"-"+strconv.Itoa(i), "", time.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// A change that fails writes nothing.
func TestFailedTrustChangeWritesNothing(t *testing.T) {
	dir := t.TempDir()
	pub := newPub(t)
	boom := errors.New("boom")
	if err := UpdateTrust(dir, func(tr *Trust) error {
		tr.Add(pub, "", "", time.Now())
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if len(fileKeyIDs(t, dir)) != 0 {
		t.Fatal("a failed change was written")
	}
}

// An endless or huge trust file is refused after MaxTrustBytes, not read
// into memory.
func TestHugeTrustStoreIsRefused(t *testing.T) {
	dir := t.TempDir()
	big := make([]byte, MaxTrustBytes+1)
	for i := range big {
		big[i] = ' '
	}
	if err := os.WriteFile(filepath.Join(dir, TrustFile), big, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadTrust(dir)
	var large *textfile.TooLargeError
	if !errors.As(err, &large) || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("a trust store of %d bytes: %v", len(big), err)
	}
}

// Roles: a new key is a device unless told; an entry without a role (a
// file from before roles) is a device; only publishers' keys verify
// profiles, and a device key's profile is named as such.
func TestTrustRoles(t *testing.T) {
	dir := t.TempDir()
	own, _ := LoadOrCreateKey(dir)
	dev, pubr, old := newPub(t), newPub(t), newPub(t)
	doc := fmt.Sprintf(`{"format": "rueckgabe/trust@1", "keys": [{"key_id": %q, "public_key": %q, "name": "alt"}]}`, KeyID(old), base64.StdEncoding.EncodeToString(old))
	if err := os.WriteFile(filepath.Join(dir, TrustFile), []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	err := UpdateTrust(dir, func(tr *Trust) error {
		if k, _, _ := tr.Add(dev, "Gerät", "", time.Now()); k.Role != RoleDevice {
			t.Errorf("default role %q", k.Role)
		}
		if k, _, _ := tr.Add(pubr, "Backoffice", RolePublisher, time.Now()); k.Role != RolePublisher {
			t.Errorf("publisher role %q", k.Role)
		}
		if _, _, err := tr.Add(newPub(t), "", "admin", time.Now()); err == nil {
			t.Error("role admin accepted")
		}
		if _, _, err := tr.Add(own.Public, "", RolePublisher, time.Now()); !errors.Is(err, ErrOwnKeyRole) {
			t.Errorf("own key as publisher: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := LoadTrust(dir)
	if err != nil {
		t.Fatal(err)
	}
	if k, ok := tr.Lookup(KeyID(old)); !ok || k.RoleName() != RoleDevice || k.Publisher() {
		t.Errorf("entry without role: %+v", k)
	}
	if len(tr.Keys()) != 4 {
		t.Errorf("every role's seals are trusted: %d keys", len(tr.Keys()))
	}
	if p := tr.PublisherKeys(); len(p) != 1 || !p[0].Equal(pubr) {
		t.Errorf("publisher keys: %v", p)
	}
	// a known key keeps its role unless one is given
	UpdateTrust(dir, func(tr *Trust) error { _, _, err := tr.Add(pubr, "neu", "", time.Now()); return err })
	if tr, _ = LoadTrust(dir); len(tr.PublisherKeys()) != 1 {
		t.Error("adding a publisher again without --role demoted it")
	}
	UpdateTrust(dir, func(tr *Trust) error { _, _, err := tr.Add(pubr, "", RoleDevice, time.Now()); return err })
	if tr, _ = LoadTrust(dir); len(tr.PublisherKeys()) != 0 {
		t.Error("--role device did not demote")
	}
	os.WriteFile(filepath.Join(dir, TrustFile), []byte(strings.Replace(doc, `"name": "alt"`, `"role": "root"`, 1)), 0o600)
	if _, err := LoadTrust(dir); err == nil || !strings.Contains(err.Error(), `unknown role "root"`) {
		t.Errorf("unknown role in the file: %v", err)
	}
}
