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

// fdName is the Name of TemporaryFile's file open as fd: the entry of
// /proc/self/fd that opens it again in this process while it is open, and
// that neither unlink nor rmdir can remove, whatever the descriptor is.
func fdName(fd int) string {
	return "/proc/self/fd/" + strconv.Itoa(fd)
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
			return os.NewFile(uintptr(fd), fdName(fd)), nil
		}
		if err == unix.EISDIR {
			noTmpfile.Store(true)
		}
	}
	return createAndUnlink(op, dir, prefix, suffix)
}
