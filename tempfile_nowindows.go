//go:build !windows

package mkstemp

import "os"

// createAndUnlink is the way to a file without a name where the system has
// no better one: create it as Mkstemp does, then remove its name at once.
// The *os.File is named as TemporaryFile's are (see fdName).
func createAndUnlink(op, dir, prefix, suffix string) (*os.File, error) {
	fd, path, err := create(op, dir, prefix, suffix, errNoUsableFileName, func(path string) (int, error) {
		return openFile(path, false)
	})
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), fdName(fd))
	if err := os.Remove(path); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
