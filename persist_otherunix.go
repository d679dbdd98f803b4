//go:build unix && !linux

package mkstemp

import (
	"os"
	"syscall"
)

// renameFile renames old to new, if old still names f: rename replaces a file at new, and where
// noClobber asks it not to, a hard link and an unlink, after which it
// reports unlinked. deleteOnClose changes nothing on Unix. (The syscall
// package's Rename, which x/sys/unix lacks on AIX.)
func renameFile(f *os.File, old, new string, noClobber, deleteOnClose bool) (unlinked bool, err error) {
	if !namesFile(old, f) {
		return false, notNamedError(old)
	}
	if noClobber {
		return true, linkUnlink(old, new)
	}
	return false, syscall.Rename(old, new)
}
