//go:build unix

package mkstemp

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// openFile creates path with CPython's flags, adding close-on-exec, which
// CPython sets on every descriptor it opens. O_EXCL makes the creation
// atomic and fails on any existing name, a symbolic link included;
// O_NOFOLLOW says so again for systems that do not make O_EXCL imply it.
func openFile(path string, text bool) (int, error) {
	for {
		fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
		if err == nil {
			return fd, nil
		}
		if err != unix.EINTR {
			return -1, err
		}
	}
}

// systemDeletesOnClose is false: Unix has no delete-on-close, so a
// NamedFile's Close removes the file by name.
const systemDeletesOnClose = false

// openTempFile creates path for NamedTemporaryFile and TemporaryFile as
// openFile does; deleteOnClose asks for nothing more here.
func openTempFile(path string, deleteOnClose bool) (int, error) {
	return openFile(path, false)
}

func makeDir(path string) error {
	for {
		err := unix.Mkdirat(unix.AT_FDCWD, path, 0o700)
		if err != unix.EINTR {
			return err
		}
	}
}

// collided reports whether err means that the name tried is taken, so that
// the next name should be tried. On Unix only EEXIST means that.
func collided(err error, dir, path string, last bool) bool {
	return err == unix.EEXIST
}

// getwd is os.getcwd: the kernel's name for the current directory, not
// $PWD, which os.Getwd may prefer when it names the same directory through
// a symbolic link.
func getwd() (string, error) {
	return unix.Getwd()
}

// abspath is posixpath.abspath: path joined to the current directory if it
// is relative, then cleaned without looking at the file system. Like POSIX
// and CPython, it keeps a leading "//", which may mean something else than
// "/"; filepath.Clean would fold it.
func abspath(path string) (string, error) {
	if !filepath.IsAbs(path) {
		wd, err := getwd()
		if err != nil {
			return "", os.NewSyscallError("getcwd", err)
		}
		// posixpath.join adds no separator after one: in "/", "tmp" is
		// "/tmp", never the "//tmp" that the rule below would keep.
		if !strings.HasSuffix(wd, "/") {
			wd += "/"
		}
		path = wd + path
	}
	clean := filepath.Clean(path)
	if strings.HasPrefix(path, "//") && !strings.HasPrefix(path, "///") {
		clean = "/" + clean
	}
	return clean, nil
}

// checkPrefix and checkSuffix refuse what this system cannot hold in a
// name beyond checkName's rules: nothing here.
func checkPrefix(prefix string) error { return nil }
func checkSuffix(suffix string) error { return nil }
