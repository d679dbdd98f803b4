package mkstemp

import (
	"cmp"
	"errors"
	"io/fs"
	"os"
	"slices"
	"syscall"
)

// Persist gives the open file the lasting name path, replacing any file
// there, durably: it flushes the file, renames it in one atomic step, and
// flushes the directory. Then Name returns path, and Close and Cleanup
// leave the file; its mode stays 0600 unless changed first. On error the
// file is as it was and Cleanup still removes it, unless the error says
// the file has the new name. The error is an *os.LinkError matching
// fs.ErrPermission, syscall.EXDEV (another file system), os.ErrClosed, or
// fs.ErrExist (the temporary name names another file).
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#persist-and-persistnoclobber.
func (f *NamedFile) Persist(path string) error {
	return f.persist("persist", path, false)
}

// PersistNoClobber is [NamedFile.Persist] that never replaces: if anything
// has the name path, it fails with an error matching fs.ErrExist.
func (f *NamedFile) PersistNoClobber(path string) error {
	return f.persist("persistnoclobber", path, true)
}

func (f *NamedFile) persist(op, path string, noClobber bool) error {
	if f.zero() {
		return &os.LinkError{Op: op, Old: noFile, New: cmp.Or(path, noPath), Err: errZeroNamedFile}
	}
	if path == "" {
		return &os.LinkError{Op: op, Old: f.Name(), New: noPath, Err: syscall.ENOENT}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	old := f.name
	fail := func(err error) error { return &os.LinkError{Op: op, Old: old, New: path, Err: err} }
	if f.closeCalled {
		return fail(os.ErrClosed)
	}
	newPath, err := targetPath(path)
	if err != nil {
		return fail(err)
	}
	if err := syncFile(f.File); err != nil {
		return fail(unwrapPathError(err))
	}
	systemDeletes := f.delete && f.deleteOnClose && systemDeletesOnClose
	unlinked, err := renameFile(f.File, old, newPath, noClobber, systemDeletes)
	var after *afterNameError
	if errors.As(err, &after) {
		f.name, f.delete = newPath, false
	}
	if err != nil {
		return fail(err)
	}
	// A rename onto another name of the file itself does nothing (rename(2)
	// says so; Wine's MoveFileEx does the same): remove the temporary
	// name. A file the system deletes on close loses it at Close.
	if !unlinked && !systemDeletes && otherNameOf(old, newPath, f.File) {
		if noClobber {
			return fail(fs.ErrExist)
		}
		if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			f.name, f.delete = newPath, false
			return fail(&afterNameError{"removing the temporary name " + old, unwrapPathError(err)})
		}
		unlinked = true
	}
	f.name = newPath
	f.delete = false
	if err := syncDirs(newPath, old, unlinked); err != nil {
		return fail(err)
	}
	return nil
}

// syncFile is (*os.File).Sync. It is a variable only so that tests can
// see when Persist flushes the file, and make the flush fail.
var syncFile = (*os.File).Sync

// otherNameOf reports whether old, the name the file f had before a
// rename to newPath that succeeded, still names f, and is another entry
// than newPath: not the same name (Persist onto the file's own path),
// however spelled. Two names in one directory are two entries only if its
// listing holds both: a file system may take names that differ in case, or
// in their Unicode form, for one entry. (A directory that cannot be read
// keeps the temporary name: safe, if untidy.)
func otherNameOf(old, newPath string, f *os.File) bool {
	fi, err := os.Lstat(old)
	if err != nil {
		return false // gone, as a rename leaves it
	}
	if st, err := f.Stat(); err != nil || !os.SameFile(fi, st) {
		return false
	}
	oldDir, oldBase := splitDir(old)
	newDir, newBase := splitDir(newPath)
	od, err := os.Stat(oldDir)
	if err != nil {
		return false
	}
	if nd, err := os.Stat(newDir); err != nil || !os.SameFile(od, nd) {
		return err == nil
	}
	if oldBase == newBase {
		return false
	}
	names, err := readDirNames(oldDir)
	return err == nil && slices.Contains(names, oldBase) && slices.Contains(names, newBase)
}

// errNameReplaced is the error of an operation on a NamedFile by its name
// when another file has the name by then: the package acts only on the
// file it made.
var errNameReplaced = &tempError{"another file has the name", syscall.EEXIST, fs.ErrExist}

// notNamedError is the error of an operation on a NamedFile by its name
// when path no longer names the file: ENOENT if nothing has the name,
// errNameReplaced if something else has it.
func notNamedError(path string) error {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return syscall.ENOENT
	}
	return errNameReplaced
}
