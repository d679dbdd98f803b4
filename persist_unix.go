//go:build unix

package mkstemp

import (
	"os"
	"strings"
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

// targetPath is path made absolute as the system resolves it: joined to
// the current directory, without cleaning. filepath.Abs would clean
// "link/../x" to "x", but the system takes link's parent: with link a
// symbolic link to real/sub, it names real/x.
func targetPath(path string) (string, error) {
	if strings.HasPrefix(path, "/") {
		return path, nil
	}
	wd, err := getwd()
	if err != nil {
		return "", os.NewSyscallError("getcwd", err)
	}
	if !strings.HasSuffix(wd, "/") {
		wd += "/"
	}
	return wd + path, nil
}

// syncDirs flushes the directory that holds newPath, so that the rename
// into it lasts, then, if old's name was removed by an unlink of its own
// (unlinked), the directory that held old, when its path is another. Its
// error names the directory: the file is at newPath by then, and the
// caller's error must not read as a failed rename.
func syncDirs(newPath, old string, unlinked bool) error {
	newDir, _ := splitPath(newPath)
	if err := syncDir(newDir); err != nil {
		return &afterNameError{"flushing directory " + newDir, err}
	}
	if oldDir, _ := splitPath(old); unlinked && oldDir != newDir {
		if err := syncDir(oldDir); err != nil {
			return &afterNameError{"flushing directory " + oldDir, err}
		}
	}
	return nil
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
