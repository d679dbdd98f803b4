//go:build !linux && !windows

package mkstemp

import (
	"os"
	"runtime"
	"strconv"
)

// temporaryFile is CPython's TemporaryFile where there is no O_TMPFILE:
// the file is created as Mkstemp creates it and its name removed at once.
func temporaryFile(dir, prefix, suffix string) (*os.File, error) {
	return createAndUnlink("temporaryfile", dir, prefix, suffix)
}

// fdName is the Name of TemporaryFile's file open as fd: its entry in the
// file system of this process's descriptors, /dev/fd (/fd on Plan 9),
// which has nothing to remove.
func fdName(fd int) string {
	if runtime.GOOS == "plan9" {
		return "/fd/" + strconv.Itoa(fd)
	}
	return "/dev/fd/" + strconv.Itoa(fd)
}
