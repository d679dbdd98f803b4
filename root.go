package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// MkstempIn creates a new file in the directory that root holds open and
// returns it open for reading and writing. Its Name is root.Name() joined
// with the new entry's name, as root.OpenFile names a file; the caller
// closes it and removes it when done (root.Remove(filepath.Base(f.Name()))).
// It is [Mkstemp] pinned to an open directory: renaming the directory, or
// putting a symbolic link to somewhere else in its place, after
// [os.OpenRoot] cannot move where the file lands, since its path is never
// used again.
//
// Names, mode 0600, close-on-exec, the retry rule, the refusals of prefix
// and suffix and the errors are Mkstemp's; an empty prefix means "tmp". A
// nil root is refused with an error matching [fs.ErrInvalid].
//
// On Unix each attempt is one openat relative to the root's descriptor
// (root.OpenFile with O_CREATE|O_EXCL, which never follows a link); on
// Windows, NtCreateFile relative to the directory's handle with
// FILE_CREATE, Mkstemp's owner-only DACL and a handle no child inherits.
// On js/wasm, wasip1 and Plan 9 it is whatever root.OpenFile does there
// (Go emulates os.Root by path on systems without openat).
// Go's os.Root has no CreateTemp (golang/go#73042); FreeBSD's mkostempsat
// is the model.
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

// MkdtempIn creates a new directory of mode 0700 in the directory that
// root holds open and returns its name inside root, as root.Mkdir takes
// it; the caller removes it when done. It is [Mkdtemp] pinned to an open
// directory, as [MkstempIn] is Mkstemp, with the same names, refusals,
// retries and errors.
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
