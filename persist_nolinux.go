//go:build !linux

package mkstemp

import "os"

// namesFile reports whether path, not followed if it is a symbolic link,
// names the file open as f: where the system has no rename of a
// descriptor, Persist checks it before renaming path (the window between
// the check and the rename is the system's).
func namesFile(path string, f *os.File) bool {
	fi, err := os.Lstat(path)
	if err != nil {
		return false
	}
	st, err := f.Stat()
	return err == nil && os.SameFile(fi, st)
}
