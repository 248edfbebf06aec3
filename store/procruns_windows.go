package store

import (
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

// stillActive is the exit code GetExitCodeProcess gives a running process.
const stillActive = 259

// processRuns reports whether process pid runs, as the program command
// when its image name can be read (a PID handed on to another program is
// not the holder).
func processRuns(pid int, command string) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return false
	}
	defer windows.CloseHandle(h)
	var code uint32
	if err := windows.GetExitCodeProcess(h, &code); err != nil || code != stillActive {
		return false
	}
	buf := make([]uint16, windows.MAX_LONG_PATH)
	n := uint32(len(buf))
	if err := windows.QueryFullProcessImageName(h, 0, &buf[0], &n); err != nil || command == "" {
		return true // it runs; which program, the system does not say
	}
	name := strings.TrimSuffix(filepath.Base(windows.UTF16ToString(buf[:n])), filepath.Ext(windows.UTF16ToString(buf[:n])))
	return strings.EqualFold(name, command)
}
