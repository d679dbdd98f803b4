//go:build unix && !linux

package mkstemp

import "syscall"

// renameFile renames old to new: rename replaces a file at new, and where
// noClobber asks it not to, a hard link and an unlink. deleteOnClose
// changes nothing on Unix. (The syscall package's Rename, which x/sys/unix
// lacks on AIX.)
func renameFile(old, new string, noClobber, deleteOnClose bool) error {
	if noClobber {
		return linkUnlink(old, new)
	}
	return syscall.Rename(old, new)
}
