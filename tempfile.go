package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"sync"
)

// TemporaryFile creates a file that has no name in dir, or none for longer
// than it takes to create it, and returns it open for reading and writing.
// It mirrors Python's tempfile.TemporaryFile(suffix=suffix, prefix=prefix,
// dir=dir): the file is removed when it is closed, and with it all its
// data, even if the program is killed.
//
// Its arguments mean what they mean for [Mkstemp], and it refuses what
// Mkstemp refuses. The file has mode 0600 (less the umask), is not
// inherited by child processes and, on Windows, has Mkstemp's owner-only
// DACL.
//
// On Linux the file is made with O_TMPFILE, so no name ever appears in dir;
// where dir's file system cannot do that, the file is made as by Mkstemp
// and its name removed at once, as CPython does (a kernel that reads
// O_TMPFILE as O_DIRECTORY, older than 3.11, makes the process stop trying
// O_TMPFILE). Other Unix systems always make and remove the name: the file
// has a name for that moment only. On Windows the file keeps its name until
// it is closed (FILE_FLAG_DELETE_ON_CLOSE), then the system removes it, when
// its last handle closes, whether or not the process is still running.
//
// Name returns the path the file has on Windows; on Unix, where the file
// has none, it returns the absolute path of dir (CPython uses the
// descriptor's number).
func TemporaryFile(suffix, prefix, dir string) (*os.File, error) {
	prefix, dir, err := sanitizeParams("temporaryfile", suffix, prefix, dir, prefix == "", dir == "")
	if err != nil {
		return nil, err
	}
	return temporaryFile(dir, prefix, suffix)
}

// NamedFile is a temporary file with a name, made by [NamedTemporaryFile].
// It is an *os.File whose Close and Cleanup remove the file as CPython's
// NamedTemporaryFile does. Its methods may be called from several
// goroutines at once.
type NamedFile struct {
	*os.File

	mu            sync.Mutex
	name          string
	delete        bool
	deleteOnClose bool
	closeCalled   bool
	cleanupCalled bool
}

// NamedTemporaryFile creates a file in dir as [Mkstemp] does (same names,
// refusals, mode, flags and errors) and returns it open for reading and
// writing, with its absolute path as its name. It mirrors Python's
// tempfile.NamedTemporaryFile(suffix=suffix, prefix=prefix, dir=dir,
// delete=delete, delete_on_close=deleteOnClose).
//
// With delete, the file is removed by Close when deleteOnClose is true too,
// and by Cleanup otherwise; without it, the file is left for the caller.
// Call Cleanup when done, typically with defer, whatever the flags: it
// closes the file if Close was not called, and removes it if delete is set.
//
// On Windows, with delete and deleteOnClose, the file is opened with
// FILE_FLAG_DELETE_ON_CLOSE: the system removes it when its last handle is
// closed, even if the process dies first, and it cannot be opened again by
// name meanwhile (except with FILE_SHARE_DELETE). With deleteOnClose false
// it is an ordinary file that can be closed and opened again by name until
// Cleanup, which is why Python 3.12 added the flag.
//
// If creation fails, nothing is left behind.
func NamedTemporaryFile(suffix, prefix, dir string, delete, deleteOnClose bool) (*NamedFile, error) {
	const op = "namedtemporaryfile"
	prefix, dir, err := sanitizeParams(op, suffix, prefix, dir, prefix == "", dir == "")
	if err != nil {
		return nil, err
	}
	systemDeletes := delete && deleteOnClose && systemDeletesOnClose
	fd, path, err := create(op, dir, prefix, suffix, errNoUsableFileName, func(path string) (int, error) {
		return openTempFile(path, systemDeletes)
	})
	if err != nil {
		return nil, err
	}
	return &NamedFile{File: os.NewFile(uintptr(fd), path), name: path, delete: delete, deleteOnClose: deleteOnClose}, nil
}

// Name returns the file's absolute path.
func (f *NamedFile) Name() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.name
}

// Close closes the file and, if it was made with delete and deleteOnClose,
// removes it (on Windows the system has removed it already). It is
// CPython's _TemporaryFileCloser.close. A second Close returns the error
// of closing an *os.File twice and does nothing else.
func (f *NamedFile) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closeCalled {
		return f.File.Close()
	}
	f.closeCalled = true
	err := f.File.Close()
	if f.delete && f.deleteOnClose {
		err = errors.Join(err, f.cleanupLocked())
	}
	return err
}

// Cleanup closes the file if Close was not called, and removes it if it was
// made with delete, whether or not it was closed before. It is CPython's
// _TemporaryFileCloser.cleanup, which leaving a with block calls. A file
// already removed is not an error, and a second Cleanup does nothing.
func (f *NamedFile) Cleanup() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cleanupLocked()
}

func (f *NamedFile) cleanupLocked() error {
	if f.cleanupCalled {
		return nil
	}
	f.cleanupCalled = true
	var err error
	if !f.closeCalled {
		f.closeCalled = true
		err = f.File.Close()
	}
	// Where the system deletes on close, closing removed the file.
	if f.delete && !(systemDeletesOnClose && f.deleteOnClose) {
		if rerr := os.Remove(f.name); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = errors.Join(err, rerr)
		}
	}
	return err
}

// TempDir is a temporary directory made by [TemporaryDirectory], which
// Cleanup removes with all it holds. Its methods may be called from
// several goroutines at once.
type TempDir struct {
	name                string
	ignoreCleanupErrors bool

	mu      sync.Mutex
	removed bool
}

// TemporaryDirectory creates a directory in dir as [Mkdtemp] does (same
// names, refusals, mode 0700 and errors) and returns it; Cleanup removes
// it. It mirrors Python's tempfile.TemporaryDirectory(suffix=suffix,
// prefix=prefix, dir=dir, ignore_cleanup_errors=ignoreCleanupErrors).
func TemporaryDirectory(suffix, prefix, dir string, ignoreCleanupErrors bool) (*TempDir, error) {
	const op = "temporarydirectory"
	prefix, dir, err := sanitizeParams(op, suffix, prefix, dir, prefix == "", dir == "")
	if err != nil {
		return nil, err
	}
	_, path, err := create(op, dir, prefix, suffix, errNoUsableDirName, func(path string) (struct{}, error) {
		return struct{}{}, makeDir(path)
	})
	if err != nil {
		return nil, err
	}
	return &TempDir{name: path, ignoreCleanupErrors: ignoreCleanupErrors}, nil
}

// Name returns the directory's absolute path.
func (d *TempDir) Name() string { return d.name }

// Cleanup removes the directory and everything in it. A directory already
// removed, or a second Cleanup, is not an error.
//
// It is safer than CPython's: it never follows a symbolic link (or, on
// Windows, a junction), so nothing outside the directory is removed or
// changed, even if what is inside is swapped for a link while Cleanup runs;
// on Unix it works relative to open directory descriptors, never through a
// path inside the tree. It does not go into a file system mounted inside
// the tree, whose mount point it cannot remove. It changes no mode but
// that of a directory in the tree whose owner locked it (modes such as
// 0000, 0500 and 0300), which it opens up to remove what it holds; a file
// is never changed, since a hard link in the tree may share its inode with
// a file outside. On Windows it clears the read-only attribute of what it
// removes.
//
// Cleanup removes all it can, then returns what it could not remove as
// *fs.PathError values joined into one error, or nil if the directory was
// made with ignoreCleanupErrors.
func (d *TempDir) Cleanup() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.removed {
		return nil
	}
	errs := removeAll(d.name)
	if len(errs) == 0 {
		d.removed = true
		return nil
	}
	if d.ignoreCleanupErrors {
		return nil
	}
	return errors.Join(errs...)
}
