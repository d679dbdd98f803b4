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

// syncDirs flushes the directory that holds newPath, so that the rename
// into it lasts, then, if old's name was removed by an unlink of its own
// (unlinked), the directory that held old, when its path is another. Its
// error names the directory: the file is at newPath by then, and the
// caller's error must not read as a failed rename.
func syncDirs(newPath, old string, unlinked bool) error {
	newDir, _ := splitDir(newPath)
	if err := syncDir(newDir); err != nil {
		return &afterNameError{"flushing directory " + newDir, err}
	}
	if oldDir, _ := splitDir(old); unlinked && oldDir != newDir {
		if err := syncDir(oldDir); err != nil {
			return &afterNameError{"flushing directory " + oldDir, err}
		}
	}
	return nil
}
