//go:build unix

package mkstemp

import "golang.org/x/sys/unix"

// The directory primitives every feature on Unix shares: WriteFile and
// CreateAtomic, Persist, the holds of TempDir and NamedFile, and the
// remover.

// openDir opens the directory name in dirfd for reading, with flags added.
func openDir(dirfd int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC|flags, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// ignoringEINTR calls f until it returns something other than EINTR.
func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}

// syncDir flushes the directory dir, so that a change of its entries
// lasts. It is a variable only so that the tests can make the flush fail.
var syncDir = func(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	err = unix.Fsync(fd)
	unix.Close(fd)
	return err
}

// fsyncDir flushes the directory open as dirfd. It is a variable only so
// that the tests can make it fail.
var fsyncDir = func(dirfd int) error {
	return ignoringEINTR(func() error { return unix.Fsync(dirfd) })
}
