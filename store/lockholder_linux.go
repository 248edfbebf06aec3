package store

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// lockHolder finds the process holding the store file's lock in /proc/locks,
// so that "open in another window" can say which one. Best effort: 0 and ""
// when it cannot tell.
func lockHolder(path string) (pid int, command string) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, ""
	}
	f, err := os.Open("/proc/locks")
	if err != nil {
		return 0, ""
	}
	defer f.Close()
	suffix := ":" + strconv.FormatUint(st.Ino, 10)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "1: FLOCK  ADVISORY  WRITE 4711 00:2a:1234 0 EOF"; waiters have "->"
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] == "->" || !strings.HasSuffix(fields[5], suffix) {
			continue
		}
		n, err := strconv.Atoi(fields[4])
		if err != nil {
			continue
		}
		comm, _ := os.ReadFile("/proc/" + fields[4] + "/comm")
		return n, strings.TrimSpace(string(comm))
	}
	return 0, ""
}
