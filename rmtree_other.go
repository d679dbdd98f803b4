//go:build !unix

package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// removeAll removes path and everything in it, and returns what it could
// not remove. There are no directory descriptors to work from here, so it
// goes by path: it looks at each entry without following it (os.Lstat),
// goes only into what is a directory and not a link or, on Windows, a
// junction, and removes links and junctions themselves. Between the look
// and the removal, a directory swapped for a link could still be followed;
// on Unix, removeAll closes that window. Like the Unix removeAll, it
// refuses a path that ends in "", "." or "..", or that is a root, before
// it looks at anything.
func removeAll(path string) []error {
	if _, _, err := splitTop(path); err != nil {
		return []error{err}
	}
	var errs []error
	removePath(path, &errs)
	return errs
}

func removePath(path string, errs *[]error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		*errs = append(*errs, err)
		return
	}
	if fi.IsDir() {
		if fi.Mode().Perm()&0o700 != 0o700 {
			// Locked by its owner, or read-only on Windows: open it up.
			os.Chmod(path, 0o700)
		}
		names, err := readDirNames(path)
		if err != nil {
			*errs = append(*errs, err)
		}
		for _, name := range names {
			removePath(filepath.Join(path, name), errs)
		}
	} else if runtime.GOOS == "windows" && fi.Mode().IsRegular() && fi.Mode().Perm()&0o200 == 0 {
		// Windows refuses to delete a file with the read-only attribute.
		os.Chmod(path, 0o600)
	}
	// os.Remove removes a link or a junction itself, never its target.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		*errs = append(*errs, err)
	}
}

// readDirNames returns the names in the directory path.
func readDirNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}
