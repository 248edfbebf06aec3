//go:build !windows

package seal

import (
	"errors"
	"os"
	"syscall"
)

var linkUnsupportedErrors = []error{syscall.EPERM, syscall.ENOTSUP, syscall.EOPNOTSUPP, syscall.ENOSYS, syscall.EMLINK}

// place links the key into place (a link never replaces); without hard
// links it claims the name with an exclusive create instead.
func place(tmp, path string) error {
	err := link(tmp, path)
	if err != nil && linkUnsupported(err) {
		return placeByPlaceholder(tmp, path, os.Rename)
	}
	return err
}

// transientReadError: none; a rename never makes a reader fail here.
func transientReadError(error) bool { return false }

// linkUnsupported: the file system has no hard links (EPERM is what Linux
// answers for vfat, ENOTSUP/EOPNOTSUPP what macOS answers for exFAT) or no
// more of them; the placeholder scheme works there.
func linkUnsupported(err error) bool {
	var le *os.LinkError
	if !errors.As(err, &le) || errors.Is(err, os.ErrExist) {
		return false
	}
	for _, e := range linkUnsupportedErrors {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
