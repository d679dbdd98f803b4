//go:build !unix && !windows

package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// keepOwnerAndMode gives f the permission bits of the file it replaces
// (fi; nil for a new file): these systems have no owner to keep, and
// where they have no modes either (wasip1) there is nothing to keep.
func keepOwnerAndMode(f *os.File, fi fs.FileInfo) error {
	if fi == nil {
		return nil
	}
	err := f.Chmod(fi.Mode() & fs.ModePerm)
	if errors.Is(err, errors.ErrUnsupported) { // ENOSYS
		return nil
	}
	return err
}

// stickyOwner reports true: these systems have no sticky directories.
func stickyOwner(dir string, fi fs.FileInfo) bool { return true }

// errLoop is EINVAL here: Plan 9 has no ELOOP (nor symbolic links).
var errLoop error = syscall.EINVAL

// sourceErrnos is empty: these systems copy in the kernel for no *os.File.
var sourceErrnos []error

// canFlush is nil: these systems flush no directory.
func canFlush(dir string) error { return nil }
