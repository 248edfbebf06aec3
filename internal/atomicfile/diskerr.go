package atomicfile

import (
	"errors"
	"syscall"
)

// DiskFull reports whether err says the disk (or the user's quota) is full:
// ENOSPC/EDQUOT on Unix, ERROR_DISK_FULL/ERROR_HANDLE_DISK_FULL/
// ERROR_DISK_QUOTA_EXCEEDED on Windows (where ENOSPC is an invented value
// that the system never returns).
func DiskFull(err error) bool { return isOneOf(err, diskFullErrors) }

// WriteProtected reports whether err says the medium cannot be written:
// EROFS on Unix, ERROR_WRITE_PROTECT on Windows (a locked SD card or stick).
func WriteProtected(err error) bool { return isOneOf(err, writeProtectedErrors) }

func isOneOf(err error, codes []syscall.Errno) bool {
	if err == nil {
		return false
	}
	for _, c := range codes {
		if errors.Is(err, c) {
			return true
		}
	}
	return false
}

const errorDiskQuotaExceeded = syscall.Errno(1295) // ERROR_DISK_QUOTA_EXCEEDED

// The Windows lists; syscall's Unix names are kept in them because code
// and tests may construct those (on Windows they are numbers the system
// never uses, so they cannot be mistaken for another error).
var (
	windowsDiskFullErrors       = []syscall.Errno{errorDiskFull, errorHandleDiskFull, errorDiskQuotaExceeded, syscall.ENOSPC, syscall.EDQUOT}
	windowsWriteProtectedErrors = []syscall.Errno{errorWriteProtect, syscall.EROFS}
)
