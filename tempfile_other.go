//go:build !linux && !windows

package mkstemp

import "os"

// temporaryFile is CPython's TemporaryFile where there is no O_TMPFILE:
// the file is created as Mkstemp creates it and its name removed at once.
func temporaryFile(dir, prefix, suffix string) (*os.File, error) {
	return createAndUnlink("temporaryfile", dir, prefix, suffix)
}
