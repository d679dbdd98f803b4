package mkstemp

import (
	"os"
	"path/filepath"
)

// Persist makes the temporary file a lasting one at path, replacing any
// file there: it flushes the file's data to stable storage (fsync;
// FlushFileBuffers on Windows), renames it to path in one atomic step,
// then, on Unix, flushes the directory that now holds it, so that after a
// crash path holds either what it held before or all of the new data,
// never a part. os.CreateTemp and os.Rename alone do not promise that, and
// Rust's NamedTempFile::persist does not flush (tempfile #110).
//
// The file must still be open; it stays open, now at path, which Name
// returns from then on (absolute), and Close and Cleanup no longer remove
// it. If Persist fails, the file is exactly as it was, and Cleanup still
// removes it. The error is an *os.LinkError naming both paths; it matches
// fs.ErrPermission when the directory refuses the rename, syscall.EXDEV
// when path is on another file system (a rename cannot cross file
// systems; create the file in path's directory instead), and os.ErrClosed
// when the file was closed. Only if flushing the directory fails after
// the rename is the file already at path when the error comes back.
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

// PersistNoClobber is [NamedFile.Persist] that never replaces a file: if
// anything has the name path, it fails with an error matching fs.ErrExist
// and both files are left as they were. On Linux the rename is renameat2
// with RENAME_NOREPLACE; where the file system or the kernel lacks it, and
// on other Unix systems, a hard link to path and the removal of the
// temporary name; on Windows, MoveFileEx without MOVEFILE_REPLACE_EXISTING
// (CreateHardLink for a file opened with delete-on-close).
func (f *NamedFile) PersistNoClobber(path string) error {
	return f.persist("persistnoclobber", path, true)
}

func (f *NamedFile) persist(op, path string, noClobber bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	fail := func(err error) error { return &os.LinkError{Op: op, Old: f.name, New: path, Err: err} }
	if f.closeCalled {
		return fail(os.ErrClosed)
	}
	newPath, err := abspath(path)
	if err != nil {
		return fail(err)
	}
	if err := f.File.Sync(); err != nil {
		return fail(unwrapPathError(err))
	}
	if err := renameFile(f.name, newPath, noClobber, f.delete && f.deleteOnClose && systemDeletesOnClose); err != nil {
		return fail(err)
	}
	f.name = newPath
	f.delete = false
	if err := syncDir(filepath.Dir(newPath)); err != nil {
		return fail(err)
	}
	return nil
}

// unwrapPathError returns the error inside an *fs.PathError, err otherwise.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
