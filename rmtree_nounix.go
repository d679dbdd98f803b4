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
// junction, and removes links and junctions themselves. It tries each
// removal first, and opens up a directory (or, on Windows, clears a
// read-only attribute) only after that failed, putting the mode back if
// the entry stays. Between the look and the removal, a directory swapped
// for a link could still be followed; on Unix, removeAll closes that
// window. Like the Unix removeAll, it refuses a path that ends in "", "."
// or "..", or that is a root, before it looks at anything.
func removeAll(path string) []error {
	return removeDir(path, nil)
}

// removeDir is removeAll, but that, if want is not nil, the top must be
// the directory want: it is opened once (see openTop) and checked before
// anything is changed, and anything else at the name is left untouched and
// reported with errNotMade.
func removeDir(path string, want *fileID) []error {
	if _, _, err := splitTop(path); err != nil {
		return []error{err}
	}
	var errs []error
	if want == nil {
		removePath(path, &errs)
		return errs
	}
	top, err := openTop(path, *want)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return []error{&fs.PathError{Op: "cleanup", Path: path, Err: err}}
	}
	defer top.close()
	fi, err := os.Lstat(path)
	if err == nil {
		err = removeDirAt(path, fi, top.names, top.remove, &errs)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		if _, ok := err.(*fs.PathError); !ok {
			err = &fs.PathError{Op: "remove", Path: path, Err: err}
		}
		errs = append(errs, err)
	}
	return errs
}

func removePath(path string, errs *[]error) {
	// Try first: a file, a link, a junction or an empty directory goes at
	// once (os.Remove removes a link or a junction itself, never its
	// target), and nothing is looked at or changed.
	err := os.Remove(path)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return
	}
	fi, lerr := os.Lstat(path)
	if errors.Is(lerr, fs.ErrNotExist) {
		return
	}
	if lerr != nil {
		*errs = append(*errs, lerr)
		return
	}
	if fi.IsDir() {
		err = removeDirAt(path, fi, func() ([]string, error) { return readDirNames(path) }, func() error { return os.Remove(path) }, errs)
	} else if runtime.GOOS == "windows" && fi.Mode().IsRegular() && fi.Mode().Perm()&0o200 == 0 {
		// Windows refuses to delete a file with the read-only attribute.
		if os.Chmod(path, 0o600) == nil {
			if err = os.Remove(path); err != nil {
				os.Chmod(path, fi.Mode().Perm())
			}
		}
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		*errs = append(*errs, err)
	}
}

// removeDirAt removes what the directory path, which fi describes, holds,
// as names lists it, and then the directory with remove, and returns
// remove's error.
func removeDirAt(path string, fi fs.FileInfo, names func() ([]string, error), remove func() error, errs *[]error) error {
	list, rerr := names()
	unlocked := false
	if errors.Is(rerr, fs.ErrPermission) && fi.Mode().Perm()&0o700 != 0o700 {
		// Locked by its owner: open it up, and only now.
		unlocked = os.Chmod(path, 0o700) == nil
		list, rerr = names()
	}
	if rerr != nil {
		*errs = append(*errs, rerr)
	}
	for _, name := range list {
		removePath(filepath.Join(path, name), errs)
	}
	err := remove()
	if errors.Is(err, fs.ErrPermission) && !unlocked && fi.Mode().Perm()&0o700 != 0o700 {
		// Read-only on Windows, or locked elsewhere.
		unlocked = os.Chmod(path, 0o700) == nil
		err = remove()
	}
	if err != nil && unlocked {
		os.Chmod(path, fi.Mode().Perm()) // it stays: put its mode back
	}
	return err
}
