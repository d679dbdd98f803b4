//go:build !linux && !windows

package mkstemp

import (
	"os"
	"strconv"
)

// temporaryFile is CPython's TemporaryFile where there is no O_TMPFILE:
// the file is created as Mkstemp creates it and its name removed at once.
func temporaryFile(dir, prefix, suffix string) (*os.File, error) {
	return createAndUnlink("temporaryfile", dir, prefix, suffix)
}

// fdName is the Name of TemporaryFile's file open as fd: a label, not the
// file's path, as os.Pipe's files are named "|0" and "|1". (/dev/fd/N would
// name another file once fd is closed and its number used again, and
// os.RemoveAll, which opens what it cannot unlink, might empty it.)
func fdName(fd int) string {
	return "(temporary file, fd " + strconv.Itoa(fd) + ")"
}
