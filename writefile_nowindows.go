//go:build !windows

package mkstemp

import (
	"io/fs"
	"os"
)

// openNew creates path, which must not exist, for writeNamed, with mode
// less the umask where the system has one. O_EXCL fails on any existing
// name, a symbolic link included.
func openNew(path string, mode fs.FileMode) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
}

// commitNamed gives nf, writeNamed's filled file, the name target:
// [NamedFile.Persist].
func commitNamed(nf *NamedFile, target string) error { return nf.Persist(target) }
