package store

import "golang.org/x/sys/unix"

// releasePages: madvise(MADV_DONTNEED) drops the pages from this process's
// page tables; for a read-only file mapping nothing is lost, a later read
// maps them again from the page cache.
func releasePages(addr, size uintptr) {
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, addr, size, unix.MADV_DONTNEED)
}
