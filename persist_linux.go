package mkstemp

import (
	"os"

	"golang.org/x/sys/unix"
)

// renameat2 is unix.Renameat2, a variable only so that the tests can make
// it fail as a kernel or file system without it would.
var renameat2 = unix.Renameat2

// renameFile gives the open file f, whose temporary name is old, the name
// new, as nameFd does: a link straight to new if noClobber (atomic, and
// no other name ever appears), else a link to a fresh name renamed over
// new. Then it removes old if it still names f and is another entry than
// new, and reports unlinked. The name goes to the file open as f, whatever
// has the name old by then. Where the system refuses to link a descriptor
// (no /proc, a seccomp filter), it renames old itself, if it still names
// f, with renameat2 (RENAME_NOREPLACE if noClobber); without renameat2
// (ENOSYS, before Linux 3.15) or the flag (EINVAL, some file systems), it
// falls back to rename, or to a hard link and an unlink. deleteOnClose
// changes nothing on Unix.
func renameFile(f *os.File, old, new string, noClobber, deleteOnClose bool) (unlinked bool, err error) {
	fd := int(f.Fd())
	dir, base := splitDir(new)
	already, err := nameFd(fd, unix.AT_FDCWD, dir, base, !noClobber, true)
	if err == nil {
		// new was not a name of the file before, so old, if it still
		// names the file, is another entry; if it was, old may be that
		// very entry, spelled otherwise, and otherNameOf tells.
		if already && otherNameOf(old, new, f) || !already && sameFileAt(unix.AT_FDCWD, old, fd) {
			if err := unix.Unlink(old); err != nil && err != unix.ENOENT {
				return true, &afterNameError{"removing the temporary name " + old, err}
			}
		}
		return true, nil
	}
	if err != errLinkRefused {
		return false, err
	}
	// By name: the window between this check and the rename is the
	// system's, which has no rename of a descriptor.
	if !sameFileAt(unix.AT_FDCWD, old, fd) {
		return false, notNamedError(old)
	}
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
