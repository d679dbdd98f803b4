package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// MkstempIn is [Mkstemp] in the directory root holds open, returned as an
// *os.File named as root.OpenFile names it. The directory's path is never
// used again: renaming it, or putting a link in its place, cannot move the
// file. A nil root is an error matching fs.ErrInvalid.
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#mkstempin-and-mkdtempin.
func MkstempIn(root *os.Root, suffix, prefix string) (*os.File, error) {
	const op = "mkstemp"
	if err := checkRoot(op, root, suffix, prefix); err != nil {
		return nil, err
	}
	f, _, err := tryNames(op, "", prefixOrTemplate(prefix), suffix, errNoUsableFileName, func(name string) (*os.File, error) {
		return openFileIn(root, name)
	}, func(err error, name string, last bool) bool {
		return collidedIn(err, root, name, last)
	})
	if err != nil {
		return nil, rootError(root, err)
	}
	return f, nil
}

// MkdtempIn is [Mkdtemp] in the directory root holds open, as [MkstempIn]
// is Mkstemp. It returns the new directory's name inside root.
func MkdtempIn(root *os.Root, suffix, prefix string) (name string, err error) {
	const op = "mkdtemp"
	if err := checkRoot(op, root, suffix, prefix); err != nil {
		return "", err
	}
	_, name, err = tryNames(op, "", prefixOrTemplate(prefix), suffix, errNoUsableDirName, func(name string) (struct{}, error) {
		return struct{}{}, makeDirIn(root, name)
	}, func(err error, name string, last bool) bool {
		return collidedIn(err, root, name, last)
	})
	if err != nil {
		return "", rootError(root, err)
	}
	return name, nil
}

// checkRoot refuses a nil root, and what Mkstemp refuses in a prefix or a
// suffix.
func checkRoot(op string, root *os.Root, suffix, prefix string) error {
	if root == nil {
		return &fs.PathError{Op: op, Path: noRoot, Err: errNilRoot}
	}
	return checkNames(op, suffix, prefix)
}

func prefixOrTemplate(prefix string) string {
	if prefix == "" {
		return template
	}
	return prefix
}

// rootError makes the path of an error from tryNames, a name inside root,
// the whole path, and takes the error of root's own method out of the
// *fs.PathError it came in, so that the error reads as Mkstemp's.
func rootError(root *os.Root, err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return err
	}
	var inner *fs.PathError
	if errors.As(pe.Err, &inner) {
		pe.Err = inner.Err
	}
	pe.Path = filepath.Join(root.Name(), pe.Path)
	return pe
}

var errNilRoot = &tempError{"nil *os.Root", syscall.EINVAL, fs.ErrInvalid}

// noRoot is the path that the error for a nil *os.Root names.
const noRoot = "(no root)"
