//go:build unix

package mkstemp

import (
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// raceRetries bounds how often the remover looks again at an entry that
// changed type under it (a directory swapped for a link, say), or at a
// directory that filled again while it was being emptied.
const raceRetries = 100

// removeAll removes path and everything in it, and returns what it could
// not remove. It works relative to open directory descriptors: after the
// directory holding path is opened, no path is followed again, and no
// symbolic link is ever followed, so swapping a directory in the tree for a
// link while it runs cannot make it touch anything outside. It does not go
// into a mount inside the tree.
func removeAll(path string) []error {
	parent := filepath.Dir(path)
	// Removing entries needs write and search permission on the parent,
	// not read permission: open it for searching only where the system can.
	pfd, err := openDir(unix.AT_FDCWD, parent, searchOnly)
	if err != nil {
		if err == unix.ENOENT {
			return nil
		}
		return []error{&fs.PathError{Op: "open", Path: parent, Err: err}}
	}
	defer unix.Close(pfd)
	var r remover
	r.removeAt(pfd, filepath.Base(path), path)
	return r.errs
}

// remover collects the errors of one removeAll.
type remover struct{ errs []error }

func (r *remover) fail(op, path string, err error) {
	r.errs = append(r.errs, &fs.PathError{Op: op, Path: path, Err: err})
}

// removeAt removes the entry name of the directory open as dirfd, which
// path names, with all it holds.
func (r *remover) removeAt(dirfd int, name, path string) {
	for range raceRetries {
		var st unix.Stat_t
		err := ignoringEINTR(func() error { return unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) })
		if err == unix.ENOENT {
			return
		}
		if err != nil {
			r.fail("fstatat", path, err)
			return
		}
		if st.Mode&unix.S_IFMT != unix.S_IFDIR {
			// A file, a link, a FIFO, a socket: unlinking needs rights on
			// dirfd only, and the entry itself is never changed.
			err = ignoringEINTR(func() error { return unix.Unlinkat(dirfd, name, 0) })
			switch err {
			case nil, unix.ENOENT:
				return
			case unix.EISDIR, unix.EPERM:
				// Linux says EISDIR, others EPERM, if a directory took
				// the name since the fstatat: look again.
				var now unix.Stat_t
				if unix.Fstatat(dirfd, name, &now, unix.AT_SYMLINK_NOFOLLOW) == nil && now.Mode&unix.S_IFMT == unix.S_IFDIR {
					continue
				}
			}
			r.fail("unlinkat", path, err)
			return
		}
		if r.removeDirAt(dirfd, name, path) {
			return
		}
	}
	r.fail("unlinkat", path, unix.EBUSY)
}

// removeDirAt empties and removes the directory name in dirfd. It reports
// false if name turned out not to be a directory, or filled again, so
// that the caller looks again.
func (r *remover) removeDirAt(dirfd int, name, path string) bool {
	fd, err := openDir(dirfd, name, unix.O_NOFOLLOW)
	if err == unix.EACCES {
		// Locked by its owner (mode 0000 or 0300): open it up.
		if err = openUpDirAt(dirfd, name); err == nil {
			fd, err = openDir(dirfd, name, unix.O_NOFOLLOW)
		}
	}
	switch err {
	case nil:
	case unix.ENOENT:
		return true
	case unix.ELOOP, unix.ENOTDIR:
		return false // no longer a directory: a link or a file took its place
	default:
		r.fail("openat", path, err)
		return true
	}
	var parent unix.Stat_t
	if unix.Fstat(dirfd, &parent) == nil && isMountRoot(fd, &parent) {
		unix.Close(fd)
		err := unix.Unlinkat(dirfd, name, unix.AT_REMOVEDIR)
		if err == nil {
			return true // unmounted meanwhile, and empty
		}
		r.fail("unlinkat", path, err)
		return true
	}
	failed := len(r.errs)
	r.emptyDir(fd, path)
	err = ignoringEINTR(func() error { return unix.Unlinkat(dirfd, name, unix.AT_REMOVEDIR) })
	switch {
	case err == nil || err == unix.ENOENT:
		return true
	case (err == unix.ENOTEMPTY || err == unix.EEXIST || err == unix.ENOTDIR) && len(r.errs) == failed:
		return false // something new is in it, or it was swapped: again
	case len(r.errs) > failed && (err == unix.ENOTEMPTY || err == unix.EEXIST):
		return true // it holds what could not be removed, said already
	}
	r.fail("unlinkat", path, err)
	return true
}

// emptyDir removes everything in the directory open as fd, which path
// names, and closes fd.
func (r *remover) emptyDir(fd int, path string) {
	var st unix.Stat_t
	if unix.Fstat(fd, &st) == nil && st.Mode&0o300 != 0o300 {
		// Locked by its owner (mode 0500, say): removing what it holds
		// needs write and search permission on it. An error here shows
		// as the unlinkat errors that follow.
		unix.Fchmod(fd, 0o700)
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		r.fail("readdirent", path, err)
	}
	for _, name := range names {
		r.removeAt(fd, name, path+"/"+name)
	}
}

// openDir opens the directory name in dirfd for reading, with flags added.
func openDir(dirfd int, name string, flags int) (int, error) {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC|flags, 0)
		return err
	})
	return fd, err
}

// ignoringEINTR calls f until it returns something other than EINTR.
func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
