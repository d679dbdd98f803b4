//go:build !windows

package mkstemp

import (
	"errors"
	"io/fs"
	"os"
)

// openFileIn creates name in root with root.OpenFile, which on Unix is one
// openat relative to the root's descriptor with O_NOFOLLOW and O_CLOEXEC
// added; O_EXCL fails on any existing name, a symbolic link included.
func openFileIn(root *os.Root, name string) (*os.File, error) {
	return root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
}

// makeDirIn creates the directory name in root with root.Mkdir: one
// mkdirat relative to the root's descriptor on Unix.
func makeDirIn(root *os.Root, name string) error {
	return root.Mkdir(name, 0o700)
}

// collidedIn reports whether err, from creating name in root, means that
// the name is taken: as for collided, only "exists".
func collidedIn(err error, root *os.Root, name string, last bool) bool {
	return errors.Is(err, fs.ErrExist)
}
