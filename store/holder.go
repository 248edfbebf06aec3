package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// HolderFile names, beside the store, the process that opened it for
// writing last: its PID and program. Where the system cannot say who holds
// a file lock (Windows, macOS: lockholder_other.go), "open in another window"
// names that process from here. Best effort: it is never needed for
// correctness, a failed write is ignored, and a stale one (after a kill)
// is overwritten by the next writer.
const HolderFile = FileName + ".holder"

func writeHolder(dir string) {
	exe, _ := os.Executable()
	name := strings.TrimSuffix(filepath.Base(exe), ".exe")
	_ = os.WriteFile(filepath.Join(dir, HolderFile), fmt.Appendf(nil, "%d\n%s\n", os.Getpid(), name), 0o600)
}

// removeHolder removes the holder file when it still names this process.
func removeHolder(dir string) {
	if pid, _ := holderFromFile(dir); pid == os.Getpid() {
		_ = os.Remove(filepath.Join(dir, HolderFile))
	}
}

// holderFromFile reads the holder file: 0, "" when there is none.
func holderFromFile(dir string) (pid int, command string) {
	f, err := os.Open(filepath.Join(dir, HolderFile))
	if err != nil {
		return 0, ""
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, _ := f.Read(buf)
	lines := strings.SplitN(string(buf[:n]), "\n", 3)
	if len(lines) < 2 {
		return 0, ""
	}
	pid, err = strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil || pid <= 0 {
		return 0, ""
	}
	return pid, strings.TrimSpace(lines[1])
}
