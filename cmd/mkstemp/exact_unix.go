//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// noFollow is O_NOFOLLOW, which the package adds beside O_EXCL for
// systems that do not make O_EXCL imply it.
const noFollow = syscall.O_NOFOLLOW

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
