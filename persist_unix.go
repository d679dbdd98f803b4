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
// (unlinked), the directory that held old, when its path is another.
func syncDirs(newPath, old string, unlinked bool) error {
	newDir := dirPart(newPath)
	if err := syncDir(newDir); err != nil {
		return err
	}
	if oldDir := dirPart(old); unlinked && oldDir != newDir {
		return syncDir(oldDir)
	}
	return nil
}

// dirPart is the absolute path up to its last slash, which the system
// resolves to the directory that holds path: "/a/link/.." for
// "/a/link/../x", where filepath.Dir's "/a" may be another directory.
func dirPart(path string) string {
	i := strings.LastIndexByte(path, '/')
	if i <= 0 {
		return "/"
	}
	return path[:i]
}

// syncDir flushes the directory dir, so that a change of its entries
// lasts.
func syncDir(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	err = unix.Fsync(fd)
	unix.Close(fd)
	return err
}
