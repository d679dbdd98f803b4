//go:build unix && !linux

package mkstemp

import "golang.org/x/sys/unix"

// renameFile renames old to new: rename replaces a file at new, and where
// noClobber asks it not to, a hard link and an unlink. deleteOnClose
// changes nothing on Unix.
func renameFile(old, new string, noClobber, deleteOnClose bool) error {
	if noClobber {
		return linkUnlink(old, new)
	}
	return unix.Rename(old, new)
}
