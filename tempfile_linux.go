package mkstemp

import (
	"cmp"
	"io/fs"
	"os"
	"strconv"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// noTmpfile is CPython's _O_TMPFILE_WORKS turned around: set once open has
// read O_TMPFILE as O_DIRECTORY (Linux before 3.11), after which the
// process stops trying it.
var noTmpfile atomic.Bool

// openTmpfile opens an unnamed file in the directory dir with O_EXCL, so
// that it can never be given a name with linkat, and close-on-exec.
// CPython adds O_NOFOLLOW, which guards nothing here (no name is made) and
// makes a dir that is a symbolic link to a directory fail with ENOTDIR,
// sending CPython to its create-and-unlink fallback, where a name appears;
// this package leaves it out. It is a variable only so that the tests can
// make it fail as an old kernel or file system would.
var openTmpfile = func(dir string) (int, error) {
	for {
		fd, err := unix.Open(dir, unix.O_RDWR|unix.O_EXCL|unix.O_TMPFILE|unix.O_CLOEXEC, 0o600)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// temporaryFile is CPython's TemporaryFile on Linux: O_TMPFILE, and where
// that fails, create and unlink. EISDIR means the kernel does not know
// O_TMPFILE, so it is not tried again; any other error (a file system
// without it, such as mqueue, or a dir that is missing or refuses new
// files) falls back for this call only, and the fallback's error is the
// one returned.
func temporaryFile(dir, prefix, suffix string) (*os.File, error) {
	const op = "temporaryfile"
	if !noTmpfile.Load() {
		absDir, err := abspath(dir)
		if err != nil {
			return nil, &fs.PathError{Op: op, Path: cmp.Or(dir, "."), Err: err}
		}
		fd, err := openTmpfile(absDir)
		if err == nil {
			// The file has no name: "" is one that os.Remove and
			// os.RemoveAll cannot act on.
			return os.NewFile(uintptr(fd), ""), nil
		}
		if err == unix.EISDIR {
			noTmpfile.Store(true)
		}
	}
	return createAndUnlink(op, dir, prefix, suffix)
}

// searchOnly opens a directory to work relative to it without asking for
// read permission on it.
const searchOnly = unix.O_PATH

// openUpDirAt gives the owner read, write and search permission on name in
// dirfd, a directory that its owner locked, without following a link and
// without ever changing anything but a directory: it opens name with
// O_PATH|O_DIRECTORY|O_NOFOLLOW, which needs no permission on it, and
// changes the mode of that descriptor, through fchmodat2 (Linux 6.6) or,
// before it, the descriptor's link in /proc, as glibc does.
func openUpDirAt(dirfd int, name string) error {
	fd, err := unix.Openat(dirfd, name, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	err = unix.Fchmodat(fd, "", 0o700, unix.AT_EMPTY_PATH)
	if err == unix.EOPNOTSUPP || err == unix.ENOSYS || err == unix.EINVAL {
		err = unix.Chmod("/proc/self/fd/"+strconv.Itoa(fd), 0o700)
	}
	return err
}

// isMountRoot reports whether the directory open as fd is the root of a
// mount, a bind mount of a directory on the same file system included,
// or, where the kernel cannot say (before Linux 5.8), whether it is on
// another device than its parent's, st.
func isMountRoot(fd int, parent *unix.Stat_t) bool {
	var stx unix.Statx_t
	if unix.Statx(fd, "", unix.AT_EMPTY_PATH|unix.AT_STATX_DONT_SYNC, unix.STATX_INO, &stx) == nil &&
		stx.Attributes_mask&unix.STATX_ATTR_MOUNT_ROOT != 0 {
		return stx.Attributes&unix.STATX_ATTR_MOUNT_ROOT != 0
	}
	var st unix.Stat_t
	return unix.Fstat(fd, &st) == nil && st.Dev != parent.Dev
}
