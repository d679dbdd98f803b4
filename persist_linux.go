package mkstemp

import "golang.org/x/sys/unix"

// renameat2 is unix.Renameat2, a variable only so that the tests can make
// it fail as a kernel or file system without it would.
var renameat2 = unix.Renameat2

// renameFile renames old to new with renameat2, RENAME_NOREPLACE if
// noClobber. Without renameat2 (ENOSYS, before Linux 3.15) or the flag
// (EINVAL, some file systems), it falls back to rename, or to a hard link
// and an unlink, and then reports unlinked. deleteOnClose changes nothing
// on Unix.
func renameFile(old, new string, noClobber, deleteOnClose bool) (unlinked bool, err error) {
	var flags uint
	if noClobber {
		flags = unix.RENAME_NOREPLACE
	}
	err = renameat2(unix.AT_FDCWD, old, unix.AT_FDCWD, new, flags)
	if err != unix.ENOSYS && err != unix.EINVAL {
		return false, err
	}
	if noClobber {
		return true, linkUnlink(old, new)
	}
	return false, unix.Rename(old, new)
}
