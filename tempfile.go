package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"sync"
	"syscall"
)

// TemporaryFile creates a file in dir that has no name, open for reading
// and writing; closing it, or the end of the process, removes it and its
// data. It is Python's tempfile.TemporaryFile, with [Mkstemp]'s arguments,
// mode and refusals. On Linux no name ever appears in dir; on other Unix
// systems one appears only while the file is made; on Windows the file has
// one until it is closed. On Unix Name is for messages only: on Linux
// "/proc/self/fd/N", elsewhere "(temporary file, fd N)".
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#temporaryfile.
func TemporaryFile(suffix, prefix, dir string) (*os.File, error) {
	prefix, dir, err := sanitizeParams("temporaryfile", suffix, prefix, dir, prefix == "", dir == "")
	if err != nil {
		return nil, err
	}
	return temporaryFile(dir, prefix, suffix)
}

// NamedFile is a temporary file with a name, made by [NamedTemporaryFile]:
// an *os.File whose Close and Cleanup remove it as Python's do, and whose
// [NamedFile.Persist] gives it a lasting name (then f.File.Name() keeps the
// temporary one: see [NamedFile.Name]). It may be used from several
// goroutines at once. Its *os.File methods are forwarded, so that a nil
// *NamedFile, like a zero one, returns fs.ErrInvalid errors. On Linux, once
// closed, it holds an O_PATH descriptor of the file until Cleanup or Keep.
type NamedFile struct {
	*os.File

	mu            sync.Mutex
	name          string
	made          os.FileInfo // the file made, which only Cleanup removes
	delete        bool
	deleteOnClose bool
	closeCalled   bool
	cleanupCalled bool // a Cleanup did its job: the name removed, or left as asked
	kept          bool
	// held is the file, held from Close to Cleanup or Keep (see holdName),
	// so that no other file can get its identity while Cleanup is to
	// compare the name with it; nameLost says that the name did not name
	// the file when it was closed, so that nothing could be held: whatever
	// has the name from then on is taken for another's.
	held     *held
	nameLost bool
	refused  bool // the last Cleanup found another file at the name
}

// NamedTemporaryFile creates a file in dir as [Mkstemp] does and returns it
// open, its absolute path as Name: Python's tempfile.NamedTemporaryFile.
// Call Cleanup with defer: it closes the file and, with delete, removes it.
// With delete and deleteOnClose, Close removes it too (on Windows, the
// system does, with the last handle, even if the process dies); with
// deleteOnClose false, the file can be opened again by name until Cleanup.
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#namedtemporaryfile-close-and-cleanup.
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
	file := os.NewFile(uintptr(fd), path)
	made, err := file.Stat()
	if err != nil {
		file.Close()
		os.Remove(path)
		return nil, &fs.PathError{Op: op, Path: path, Err: unwrapPathError(err)}
	}
	return &NamedFile{File: file, name: path, made: made, delete: delete, deleteOnClose: deleteOnClose}, nil
}

// Name returns the file's absolute path: where it was made, or where
// Persist put it. After Persist, f.File.Name() and the errors of the
// *os.File methods keep the temporary name: Go cannot rename an *os.File.
func (f *NamedFile) Name() string {
	if f == nil {
		return ""
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.name
}

// Close closes the file, and removes it if it was made with delete and
// deleteOnClose; with delete alone, it stays until Cleanup.
func (f *NamedFile) Close() error {
	if f.zero() {
		return &fs.PathError{Op: "close", Path: noFile, Err: errZeroNamedFile}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closeCalled {
		return f.File.Close()
	}
	if f.delete && f.deleteOnClose {
		return f.cleanupLocked()
	}
	f.closeCalled = true
	if f.delete && !f.kept {
		f.hold() // for Cleanup, which is to remove the name
	}
	return f.File.Close()
}

// Cleanup closes the file if it is open and, if it was made with delete
// and not persisted or kept, removes it, as leaving Python's with block
// does. A file already gone is not an error. Another file at the name is
// left, with an error matching fs.ErrExist; a later Cleanup looks again.
func (f *NamedFile) Cleanup() error {
	if f.zero() {
		return &fs.PathError{Op: "cleanup", Path: noFile, Err: errZeroNamedFile}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cleanupLocked()
}

// Keep tells Close and Cleanup to leave the file where it is, as Python's
// delete=False does. After a Cleanup that removed the file, Keep returns an
// error matching fs.ErrNotExist; after one that found another file at the
// name, fs.ErrExist. On Windows a file made with delete and deleteOnClose
// cannot be kept (errors.ErrUnsupported).
func (f *NamedFile) Keep() error {
	if f.zero() {
		return &fs.PathError{Op: "keep", Path: noFile, Err: errZeroNamedFile}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.delete && f.cleanupCalled && !f.kept:
		return &fs.PathError{Op: "keep", Path: f.name, Err: fs.ErrNotExist}
	case f.delete && f.refused && !f.kept:
		return &fs.PathError{Op: "keep", Path: f.name, Err: errNameReplaced}
	case f.delete && f.deleteOnClose && systemDeletesOnClose:
		return &fs.PathError{Op: "keep", Path: f.name, Err: errSystemDeletes}
	}
	f.kept = true
	f.held.release()
	f.held = nil
	return nil
}

// zero reports whether f was not made by NamedTemporaryFile: nil, or a
// NamedFile with no file. Its File is set once, at creation.
func (f *NamedFile) zero() bool {
	return f == nil || f.File == nil
}

// cleanupLocked closes the file if it is open and removes its name if it
// is to. Until the name is removed (or found gone) a later call tries
// again; a name that names another file is left.
func (f *NamedFile) cleanupLocked() error {
	if f.cleanupCalled {
		return nil
	}
	// Where the system deletes on close, closing removes the file.
	remove := f.delete && !f.kept && !(systemDeletesOnClose && f.deleteOnClose)
	var err, cerr error
	if remove {
		err = f.removeName()
	}
	if !f.closeCalled {
		f.closeCalled = true
		if err != nil {
			f.hold() // for the next Cleanup
		}
		cerr = f.File.Close()
	}
	f.refused = errors.Is(err, errNameReplaced)
	if err != nil {
		return errors.Join(cerr, err)
	}
	f.cleanupCalled = true
	f.held.release()
	f.held = nil
	return cerr
}

// hold holds the file, which is still open, while its name names it: on
// Linux, until Cleanup removes the name, or Keep (see holdName).
func (f *NamedFile) hold() {
	x, named := holdName(f.name, f.made)
	f.held, f.nameLost = own(f, x), !named
}

// namesFile reports whether the file's name still names the file
// NamedTemporaryFile made (false if it names nothing), and returns an
// error matching fs.ErrExist if it names another: that file is left. The
// file is what f holds, or still has open; where neither (a closed file,
// but on Linux), its device and inode number.
func (f *NamedFile) namesFile() (bool, error) {
	fi, err := os.Lstat(f.name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case f.nameLost || !os.SameFile(fi, f.made):
		return false, &fs.PathError{Op: "cleanup", Path: f.name, Err: errNameReplaced}
	}
	return true, nil
}

// removeName removes the file's name, if it still names the file
// NamedTemporaryFile made (see namesFile). An open file's name is removed
// before the file is closed, so that it is compared with the open file.
// Between the check and the removal is a window that only the system
// could close: it has no call that removes a name only if it names a
// given file.
func (f *NamedFile) removeName() error {
	named, err := f.namesFile()
	if !named {
		return err
	}
	if err := os.Remove(f.name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// TempDir is a temporary directory made by [TemporaryDirectory], which
// Cleanup removes with all it holds. It holds the directory open until the
// Cleanup that removes it, or Keep. It may be used from several goroutines
// at once. A zero or nil TempDir touches nothing: its methods return
// fs.ErrInvalid errors.
type TempDir struct {
	name                string
	id                  fileID // what the directory is: see Cleanup
	ignoreCleanupErrors bool

	mu      sync.Mutex
	held    *held // the directory, until removed or kept (nil where none can be held)
	removed bool
	kept    bool
	refused bool // the last Cleanup found another entry at the name
}

// Keep tells Cleanup to leave the directory and all it holds, as Python's
// TemporaryDirectory(delete=False) does. After a Cleanup that removed the
// directory, Keep returns an error matching fs.ErrNotExist; after one that
// found another entry at the name, fs.ErrExist.
func (d *TempDir) Keep() error {
	if d == nil || d.name == "" {
		return &fs.PathError{Op: "keep", Path: noDir, Err: errZeroTempDir}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.removed:
		return &fs.PathError{Op: "keep", Path: d.name, Err: fs.ErrNotExist}
	case d.refused && !d.kept:
		return &fs.PathError{Op: "keep", Path: d.name, Err: errNotMade}
	}
	d.kept = true
	d.release()
	return nil
}

// release closes what d holds, which it no longer needs.
func (d *TempDir) release() {
	d.held.release()
	d.held = nil
}

// letGo closes what d holds, for an owner that will not call Cleanup
// again (TestDir, after a Cleanup that failed): the garbage collector
// would close it only at an unknown time.
func (d *TempDir) letGo() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.release()
}

// TemporaryDirectory creates a directory in dir as [Mkdtemp] does, and
// returns it: Python's tempfile.TemporaryDirectory. Call Cleanup with
// defer: it removes the directory and everything in it.
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
	x, id, err := holdDir(path)
	if err != nil {
		os.Remove(path)
		return nil, &fs.PathError{Op: op, Path: path, Err: err}
	}
	d := &TempDir{name: path, id: id, ignoreCleanupErrors: ignoreCleanupErrors}
	d.held = own(d, x)
	return d, nil
}

// Name returns the directory's absolute path ("" for a zero TempDir).
func (d *TempDir) Name() string {
	if d == nil {
		return ""
	}
	return d.name
}

// Cleanup removes the directory and all it holds. It removes what it can,
// and returns what it could not as *fs.PathError values joined in one
// error (nil with ignoreCleanupErrors). A directory already gone is not an
// error. If another entry has taken the name, it touches nothing and
// returns an error matching fs.ErrExist, even with ignoreCleanupErrors. It
// follows no link, enters no mount, changes no file's mode, opens up a
// directory whose mode forbids its removal (0500, 0000), and removes a
// tree of any depth with a bounded number of descriptors.
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#temporarydirectory-and-tempdircleanup.
func (d *TempDir) Cleanup() error {
	if d == nil || d.name == "" {
		return &fs.PathError{Op: "cleanup", Path: noDir, Err: errZeroTempDir}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.removed || d.kept {
		return nil
	}
	if d.held.gone() {
		// Removed by someone else, but for d's handle (Windows).
		d.removed = true
		d.release()
		return nil
	}
	errs := removeDir(d.name, &d.id)
	d.refused = slices.ContainsFunc(errs, func(err error) bool { return errors.Is(err, errNotMade) })
	if len(errs) == 0 {
		d.removed = true
		d.release()
		return nil
	}
	if d.ignoreCleanupErrors {
		// A refusal to touch what is not the directory is said all the same.
		errs = slices.DeleteFunc(errs, func(err error) bool { return !errors.Is(err, errNotMade) })
	}
	return errors.Join(errs...)
}

// noFile and noDir are the paths that the errors of a NamedFile and a
// TempDir not made by this package name: they have none. noPath stands
// for a path given as "".
const (
	noFile = "(no file)"
	noDir  = "(no directory)"
	noPath = "(empty path)"
)

var (
	errZeroNamedFile = &tempError{"NamedFile not made by NamedTemporaryFile", syscall.EINVAL, fs.ErrInvalid}
	errZeroTempDir   = &tempError{"TempDir not made by TemporaryDirectory", syscall.EINVAL, fs.ErrInvalid}
	errSystemDeletes = &tempError{"the system removes this file when it is closed (FILE_FLAG_DELETE_ON_CLOSE); make it with deleteOnClose false to keep it", nil, errors.ErrUnsupported}
)
