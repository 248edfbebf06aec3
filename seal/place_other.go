//go:build !windows

package seal

import (
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
