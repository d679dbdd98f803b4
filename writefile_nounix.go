//go:build !unix

package mkstemp

import (
	"io/fs"
	"os"
)

// keepOwnerAndMode does nothing here: on Windows the only mode is the
// read-only attribute, which a file that can be replaced does not have,
// and these systems have no owner to keep.
func keepOwnerAndMode(f *os.File, fi fs.FileInfo) error { return nil }
