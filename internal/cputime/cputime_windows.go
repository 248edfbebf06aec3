package cputime

import (
	"time"

	"golang.org/x/sys/windows"
)

// Used is the user + kernel time of the process so far.
func Used() time.Duration {
	var c, e, k, u windows.Filetime
	if windows.GetProcessTimes(windows.CurrentProcess(), &c, &e, &k, &u) != nil {
		return 0
	}
	return ticks(k) + ticks(u)
}

// ticks is a duration given in 100 ns units (not a date: Nanoseconds
// would count from 1601).
func ticks(f windows.Filetime) time.Duration {
	return time.Duration(uint64(f.HighDateTime)<<32|uint64(f.LowDateTime)) * 100
}
