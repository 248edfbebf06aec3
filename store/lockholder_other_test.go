//go:build !linux

package store

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHolderFileOfADeadProcessNamesNobody: where the system cannot say who
// holds the store (Windows, macOS), the holder file names the last writer —
// but only while that process runs. One killed left its PID behind, and
// "open in another window" named it while a reading command held the lock.
func TestHolderFileOfADeadProcessNamesNobody(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	exe, _ := os.Executable()
	self := strings.TrimSuffix(filepath.Base(exe), filepath.Ext(exe))
	write := func(pid int, command string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, HolderFile), fmt.Appendf(nil, "%d\n%s\n", pid, command), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(os.Getpid(), self)
	if pid, _ := lockHolder(path); pid != os.Getpid() {
		t.Fatalf("a running holder: %d, want %d", pid, os.Getpid())
	}
	child := exec.Command(os.Args[0], "-test.run=^$") // runs no test and ends
	if err := child.Run(); err != nil {
		t.Fatal(err)
	}
	write(child.Process.Pid, self)
	if pid, command := lockHolder(path); pid != 0 {
		t.Fatalf("a process that ended is named: %d %s", pid, command)
	}
}
