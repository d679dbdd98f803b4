//go:build !unix && !windows

package mkstemp

import (
	"io/fs"
	"os"
)

// keepOwnerAndMode does nothing here: these systems have no owner to
// keep.
func keepOwnerAndMode(f *os.File, fi fs.FileInfo) error { return nil }

// openNew creates path, which must not exist, for writeNamed, with mode.
func openNew(path string, mode fs.FileMode) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
}
