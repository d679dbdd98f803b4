//go:build !windows

package mkstemp

import (
	"io/fs"
	"os"
)

// openNew creates path, which must not exist, for the named way, with
// mode less the umask where the system has one. O_EXCL fails on any
// existing name, a symbolic link included.
func openNew(path string, mode fs.FileMode) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
}

// commitNamed gives nf, the named way's filled file, the name target:
// [NamedFile.Persist], or PersistNoClobber.
func commitNamed(nf *NamedFile, target string, noClobber bool) error {
	if noClobber {
		return nf.PersistNoClobber(target)
	}
	return nf.Persist(target)
}
