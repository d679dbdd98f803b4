//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// noFollow is O_NOFOLLOW, which the package adds beside O_EXCL for
// systems that do not make O_EXCL imply it.
const noFollow = syscall.O_NOFOLLOW

// dotDotAsText is false: the kernel resolves a ".." after a name from
// where the name leads, not as text (see upAfterName).
const dotDotAsText = false

// absDir makes dir absolute as the system resolves it: joined to the
// kernel's name for the current directory, not $PWD, which filepath.Abs
// prefers and which may name it through a symbolic link, and cleaned as
// text only where that names the same directory: a ".." after a name (see
// upAfterName) is left for the system to resolve, as Persist leaves it.
func absDir(dir string) (string, error) {
	abs := dir
	if !filepath.IsAbs(dir) {
		wd, err := unix.Getwd()
		if err != nil {
			return "", &os.PathError{Op: "getcwd", Path: ".", Err: err}
		}
		abs = strings.TrimSuffix(wd, "/") + "/" + dir
	}
	if upAfterName(dir) {
		return abs, nil
	}
	return filepath.Clean(abs), nil
}
