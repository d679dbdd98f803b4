package mkstemp

import (
	"cmp"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// Persist makes the temporary file a lasting one at path, replacing any
// file there, so that after a crash path holds either what it held before
// or all of the new data, never a part. From then on Name returns path
// (made absolute), and Close and Cleanup leave the file; it stays open.
// If Persist fails, the file is as it was, and Cleanup still removes it.
// The embedded *os.File keeps the temporary name (see [NamedFile.Name]).
// The file keeps its mode, 0600 as NamedTemporaryFile made it: call
// f.Chmod first for a file others may read.
//
// path is made absolute but not cleaned as text: the system resolves it,
// as it does for os.Rename, so "link/../x" with link a symbolic link to
// real/sub names real/x. If path is another name of the file itself (a
// hard link to it), the temporary name is removed and path stays (on
// Windows the name may stay until Close, as for any open file removed);
// if it is the temporary name itself, the file stays there.
//
// The error is an *os.LinkError naming both paths; it matches
// fs.ErrPermission when the directory refuses the rename, syscall.EXDEV
// when path is on another file system (a rename cannot cross file
// systems; create the file in path's directory instead), os.ErrClosed when
// the file was closed, fs.ErrNotExist when path is "" (as for os.Rename),
// and fs.ErrInvalid for a NamedFile not made by NamedTemporaryFile. Only
// when flushing a directory (the error then says "flushing directory"),
// or removing the temporary name of a file already at path, fails after
// the rename is the file already at path when the error comes back.
//
// It flushes the file's data to stable storage (fsync; FlushFileBuffers on
// Windows), renames it to path in one atomic step, then, on Unix, flushes
// the directory that now holds it. On Linux the name goes to the open
// file, not to whatever has the temporary name by then: the file is linked
// (linkat with AT_EMPTY_PATH where the process may, else of
// /proc/self/fd/N) to a fresh name in path's directory, which is
// renamed over path (that name exists only between the two calls), and
// the temporary name is removed only if it still names the file. On
// Windows the open file is renamed through its handle (it is opened again
// through the handle with DELETE access, which a rename needs, and given
// FileRenameInformation). Where the system refuses either (no /proc, a
// seccomp filter; Wine, which opens the handle's old path again), and on
// other systems, the temporary name is renamed, after a check that it
// still names the file (if not, an error matching fs.ErrExist, or
// fs.ErrNotExist where nothing has the name: Linux will not link a file
// whose last name was removed either); the window between the check and
// the rename is the system's. os.CreateTemp and os.Rename alone do
// not promise that, and Rust's NamedTempFile::persist does not flush
// (tempfile #110).
//
// On Windows, a file made with delete and deleteOnClose is opened with
// FILE_FLAG_DELETE_ON_CLOSE, which cannot be undone on Windows before 10
// or under Wine: Persist gives the file a second name at path with a hard
// link (CreateHardLink, then MoveFileEx over any file at path), and the
// system removes the first name when the file is closed. File systems
// without hard links (FAT) cannot persist such a file; make it with
// deleteOnClose false instead.
func (f *NamedFile) Persist(path string) error {
	return f.persist("persist", path, false)
}

// PersistNoClobber is [NamedFile.Persist] that never replaces anything: if
// anything has the name path, another name of the file itself included, it
// fails with an error matching fs.ErrExist and both are left as they were.
// (Onto the temporary name itself it may fail so, or keep the file there
// as Persist does, as the system's rename decides.)
//
// On Linux the open file is linked straight to path (where Persist links
// it to a fresh name first), which never replaces and shows no other name,
// then the temporary name is removed if it still names the file; where that
// link is refused, the rename is renameat2 with RENAME_NOREPLACE; where the file
// system or the kernel lacks it, and on other Unix systems, it is a hard
// link to path, the removal of the temporary name, then the flush of both
// directories; on Windows, MoveFileEx without MOVEFILE_REPLACE_EXISTING
// (CreateHardLink, then FlushFileBuffers, for a file opened with
// delete-on-close).
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
			return fail(unwrapPathError(err))
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
	oldDir, oldBase := splitPath(old)
	newDir, newBase := splitPath(newPath)
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

// splitPath splits an absolute path at its last separator, without
// cleaning: dir is what the system resolves to the directory that holds
// path ("/a/link/.." for "/a/link/../x", where filepath.Dir's "/a" may be
// another directory), and base the last element.
func splitPath(path string) (dir, base string) {
	i := len(path) - 1
	for i >= 0 && !os.IsPathSeparator(path[i]) {
		i--
	}
	if i <= len(filepath.VolumeName(path)) {
		return path[:i+1], path[i+1:]
	}
	return path[:i], path[i+1:]
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

// unwrapPathError returns the error inside an *fs.PathError, err otherwise.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
