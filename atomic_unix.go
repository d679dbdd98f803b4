//go:build unix

package mkstemp

import (
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// keepOwnerAndMode gives f, the file that will replace the one described
// by fi, that file's owner and group where the process may set them (root
// may; a user may set a group it is in), then its mode, setuid, setgid and
// sticky bits included (in that order: chown clears setuid and setgid).
// fi nil (a new file) asks for nothing.
func keepOwnerAndMode(f *os.File, fi fs.FileInfo) error {
	if fi == nil {
		return nil
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && (int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid()) {
		if err := f.Chown(int(st.Uid), int(st.Gid)); err != nil {
			// Not allowed to give the owner: try the group alone.
			f.Chown(-1, int(st.Gid))
		}
	}
	return f.Chmod(fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
}

// stickyOwner reports whether this process may follow the symbolic link,
// or replace the file, that fi describes in the directory dir, by the
// rules Linux applies with fs.protected_symlinks and fs.protected_regular
// set, whatever they are set to, on every Unix: in a sticky
// world-writable directory (/tmp), only what the process's effective user
// or the directory's owner owns. A directory that cannot be looked at is
// left for the operation itself to refuse. Root is held to the rule too:
// it is the user the rule is for.
func stickyOwner(dir string, fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || int(st.Uid) == os.Geteuid() {
		return true
	}
	di, err := os.Stat(dir)
	if err != nil {
		return true
	}
	ds, ok := di.Sys().(*syscall.Stat_t)
	return !ok || di.Mode()&fs.ModeSticky == 0 || di.Mode().Perm()&0o002 == 0 || ds.Uid == st.Uid
}

// errLoop is the errno of open(2) through too many symbolic links.
var errLoop error = syscall.ELOOP

// sourceErrnos are the errors of a copy in the kernel that only its
// source can cause: a directory, a file not open for reading.
var sourceErrnos = []error{syscall.EISDIR, syscall.EBADF}

// canFlush reports why the directory dir could not be flushed at Commit,
// if it could not: one the caller may write but not read (mode 0333).
func canFlush(dir string) error {
	fd, err := openDir(unix.AT_FDCWD, dir, 0)
	if err != nil {
		return err
	}
	unix.Close(fd) // opened for reading: closing it says nothing more
	return nil
}
