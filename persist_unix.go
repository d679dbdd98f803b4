//go:build unix

package mkstemp

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// linkUnlink gives the file old the name new, failing if new exists, by a
// hard link then the removal of old: a rename that never replaces, where
// the system has none. If old cannot be removed, the link is undone. (The
// syscall package's Link, which x/sys/unix lacks on AIX.)
func linkUnlink(old, new string) error {
	if err := syscall.Link(old, new); err != nil {
		return err
	}
	if err := unix.Unlink(old); err != nil {
		unix.Unlink(new)
		return err
	}
	return nil
}

// syncDir flushes the directory dir, so that a rename into it lasts.
func syncDir(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	err = unix.Fsync(fd)
	unix.Close(fd)
	return err
}
