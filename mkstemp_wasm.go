//go:build js || wasip1

package mkstemp

import (
	"os"
	"path/filepath"
	"syscall"
)

// openFile creates path with O_EXCL, which fails on any existing name, using
// the syscall package: an fd taken from an *os.File would be closed when the
// dropped File is garbage-collected.
func openFile(path string, text bool) (int, error) {
	fd, err := syscall.Open(path, syscall.O_RDWR|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o600)
	if err != nil {
		return -1, err
	}
	return fd, nil
}

// systemDeletesOnClose is false: there is no delete-on-close here, so a
// NamedFile's Close removes the file by name.
const systemDeletesOnClose = false

// openTempFile creates path for NamedTemporaryFile and TemporaryFile as
// openFile does; deleteOnClose asks for nothing more here.
func openTempFile(path string, deleteOnClose bool) (int, error) {
	return openFile(path, false)
}

func makeDir(path string) error {
	return syscall.Mkdir(path, 0o700)
}

// collided reports whether err means that the name tried is taken.
func collided(err error, dir, path string, last bool) bool {
	return err == syscall.EEXIST
}

func getwd() (string, error) {
	return os.Getwd()
}

func abspath(path string) (string, error) {
	return filepath.Abs(path)
}

// checkPrefix and checkSuffix refuse what this system cannot hold in a
// name beyond checkName's rules: nothing here.
func checkPrefix(prefix string) error { return nil }
func checkSuffix(suffix string) error { return nil }
