//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// absDir makes dir absolute as the package makes its directories: joined
// to the kernel's name for the current directory, not $PWD, which
// filepath.Abs prefers and which may name it through a symbolic link.
func absDir(dir string) (string, error) {
	if filepath.IsAbs(dir) {
		return filepath.Clean(dir), nil
	}
	wd, err := unix.Getwd()
	if err != nil {
		return "", &os.PathError{Op: "getcwd", Path: ".", Err: err}
	}
	return filepath.Join(wd, dir), nil
}

// createAt makes name in dir as the package makes an entry here: a file
// with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600, closed at once (the Go
// runtime adds close-on-exec), or a directory of mode 0700. Nothing that
// has the name, a symbolic link included, is opened or followed. head and
// suffix are the name's fixed parts, which only Windows checks.
func createAt(dir, name, head, suffix string, mkdir bool) error {
	path := filepath.Join(dir, name)
	if mkdir {
		return os.Mkdir(path, 0o700)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}
