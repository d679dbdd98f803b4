package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"sync"
	"syscall"
)

// TemporaryFile creates a file in dir that has no name, and returns it
// open for reading and writing. Close it when done: closing removes the
// file and all its data, and so does the end of the process, however it
// ends. Its arguments mean what they mean for [Mkstemp], and it refuses
// what Mkstemp refuses. The file has mode 0600 (less the umask), is not
// inherited by child processes and, on Windows, has Mkstemp's owner-only
// DACL.
//
// On Unix the file has no name, and Name says which descriptor N it is
// (CPython's name is the number N), so that the file's errors name it. On
// Linux it is the path /proc/self/fd/N ("write /proc/self/fd/7: file already
// closed"), which names the file only in this process and only while it is
// open: after Close it names whatever the process opens next as N. Linux
// removes no entry of /proc/self/fd, so the usual defer os.Remove(f.Name())
// is harmless, and so is os.RemoveAll, whatever N holds by then; [WriteFile]
// refuses it while the file is open. On other systems it is the label
// "(temporary file, fd N)", as os.Pipe's files are "|0" and "|1": read as a
// path, it names an entry of the working directory, not the file. Use Name
// in messages, not to open, write or remove a file. On Windows, Name returns
// the file's absolute path, which it keeps until it is closed.
//
// It mirrors Python's tempfile.TemporaryFile(suffix=suffix, prefix=prefix,
// dir=dir). On Linux the file is made with O_TMPFILE|O_EXCL, so no name
// ever appears in dir and none can be given to the file later (O_EXCL
// makes linkat refuse); a dir that is a symbolic link to a directory is
// followed, as for Mkstemp. Where dir's file system cannot do O_TMPFILE,
// the file is made as by Mkstemp and its name removed at once, as CPython
// does (a kernel that reads O_TMPFILE as O_DIRECTORY, older than 3.11,
// makes the process stop trying O_TMPFILE). Other Unix systems always make
// and remove the name: the file has a name for that moment only. On
// Windows the file is made with FILE_FLAG_DELETE_ON_CLOSE: the system
// removes it when its last handle closes, whether or not the process is
// still running.
func TemporaryFile(suffix, prefix, dir string) (*os.File, error) {
	prefix, dir, err := sanitizeParams("temporaryfile", suffix, prefix, dir, prefix == "", dir == "")
	if err != nil {
		return nil, err
	}
	return temporaryFile(dir, prefix, suffix)
}

// NamedFile is a temporary file with a name, made by [NamedTemporaryFile]:
// an *os.File whose Close and Cleanup remove the file as CPython's
// NamedTemporaryFile does, and whose [NamedFile.Persist] keeps it. Its
// methods may be called from several goroutines at once.
//
// The *os.File methods are NamedFile's own, forwarded to the embedded
// File, so that all of them are safe on a nil *NamedFile. A NamedFile not
// made by NamedTemporaryFile (the zero value, or nil) touches nothing:
// Name returns "" and every other method returns an error matching
// fs.ErrInvalid, as a nil *os.File does (Fd returns ^uintptr(0)).
//
// Unlike CPython's, the file is never removed by the garbage collector nor
// at exit: CPython's finalizer would run at an unknown time on another
// goroutine, and never at os.Exit. Use defer f.Cleanup(), or t.Cleanup in
// a test. On Linux a file closed by Close that Cleanup is to remove stays
// held by a descriptor (O_PATH) until Cleanup or Keep.
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

// NamedTemporaryFile creates a file in dir as [Mkstemp] does (same names,
// refusals, mode, flags and errors) and returns it open for reading and
// writing, its absolute path as Name. Call Cleanup when done, typically
// with defer, whatever the flags: it closes the file if it is open and,
// with delete, removes it. With delete and deleteOnClose, Close removes it
// too; without delete, the file is left for the caller. [NamedFile.Persist]
// keeps the file at a path of the caller's choice instead.
//
// It mirrors Python's tempfile.NamedTemporaryFile(suffix=suffix,
// prefix=prefix, dir=dir, delete=delete, delete_on_close=deleteOnClose).
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
	file := os.NewFile(uintptr(fd), path)
	made, err := file.Stat()
	if err != nil {
		file.Close()
		os.Remove(path)
		return nil, &fs.PathError{Op: op, Path: path, Err: unwrapPathError(err)}
	}
	return &NamedFile{File: file, name: path, made: made, delete: delete, deleteOnClose: deleteOnClose}, nil
}

// Name returns the file's absolute path: where NamedTemporaryFile made
// it, or, after a Persist that succeeded, the path it was persisted to.
// The embedded *os.File keeps the name it was opened with: f.File.Name(),
// the name in f.Stat() and the paths in the errors of the *os.File
// methods stay the temporary one. It returns "" for a NamedFile not made
// by NamedTemporaryFile.
func (f *NamedFile) Name() string {
	if f == nil {
		return ""
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.name
}

// Close closes the file and, if it was made with delete and deleteOnClose,
// removes it (on Windows the system has removed it already). A second
// Close returns the error of closing an *os.File twice and does nothing
// else. Close does not replace Cleanup, which removes the file when only
// delete is set. It is CPython's _TemporaryFileCloser.close.
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

// Cleanup closes the file if it is still open, and removes it if it was
// made with delete and not persisted or kept, whether or not it was
// closed before. A file already removed is not an error, and a Cleanup
// after one that removed it does nothing: it does not remove a file that
// has the name again, which may be someone else's by then. It removes the
// name only while it names the file NamedTemporaryFile made: another file
// at the name is left alone, with an error matching fs.ErrExist, and a
// later Cleanup looks again. It compares the name with the open file or,
// on Linux, the descriptor held since Close; elsewhere a closed file is
// known by its device and inode number alone, which a file system may
// give to a file made after it was removed. The check and the removal are
// two steps: a rename between them is the system's window. It is CPython's
// _TemporaryFileCloser.cleanup, which leaving a with block calls.
func (f *NamedFile) Cleanup() error {
	if f.zero() {
		return &fs.PathError{Op: "cleanup", Path: noFile, Err: errZeroNamedFile}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cleanupLocked()
}

// Keep makes the file a lasting one where it is, as Python 3.12's
// delete=False would have: from then on Close and Cleanup leave it at
// Name, and it stays open until closed. Call it before Cleanup, or before
// Close for a file made with delete and deleteOnClose: after either has
// removed the file it returns an error matching fs.ErrNotExist, and after
// one that found another file at the name, one matching fs.ErrExist.
//
// On Windows a file made with delete and deleteOnClose is opened with
// FILE_FLAG_DELETE_ON_CLOSE: the system removes it with its last handle.
// Only Windows 10 and later can be told otherwise, and Wine cannot, so for
// such a file Keep changes nothing, on every Windows, and returns an error
// matching errors.ErrUnsupported; make the file with deleteOnClose false to
// be able to keep it, or give it a second name with [NamedFile.Persist].
//
// For a NamedFile not made by NamedTemporaryFile it returns an error
// matching fs.ErrInvalid.
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
// Cleanup removes with all it holds. It holds the directory open (on
// Windows, a handle that lets others do anything with it) until the
// Cleanup that removes it, or Keep. Its methods may be called from
// several goroutines at once.
//
// A TempDir not made by TemporaryDirectory (the zero value, or nil)
// touches nothing: Name returns "" and Cleanup an error matching
// fs.ErrInvalid.
//
// Unlike CPython's, the directory is never removed by the garbage
// collector nor at exit: CPython's finalizer would run at an unknown time
// on another goroutine, and never at os.Exit. Use defer d.Cleanup(), or
// t.Cleanup in a test.
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

// Keep makes the directory a lasting one, as Python 3.12's
// TemporaryDirectory(delete=False) would have: from then on Cleanup leaves
// it and all it holds, and returns nil. After a Cleanup that removed the
// directory it returns an error matching fs.ErrNotExist; after one that
// found another entry at its name, an error matching fs.ErrExist, and
// changes nothing. For a TempDir not made by TemporaryDirectory it
// returns an error matching fs.ErrInvalid.
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

// TemporaryDirectory creates a directory in dir as [Mkdtemp] does (same
// names, refusals, mode 0700 and errors) and returns it, its absolute path
// as Name. Call Cleanup when done, typically with defer: it removes the
// directory and everything in it; until then, or Keep, the TempDir holds
// the directory open. It mirrors Python's
// tempfile.TemporaryDirectory(suffix=suffix, prefix=prefix, dir=dir,
// ignore_cleanup_errors=ignoreCleanupErrors).
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

// Name returns the directory's absolute path, or "" for a TempDir not made
// by TemporaryDirectory.
func (d *TempDir) Name() string {
	if d == nil {
		return ""
	}
	return d.name
}

// Cleanup removes the directory and everything in it, and returns what it
// could not remove as *fs.PathError values joined into one error (with
// ignoreCleanupErrors, nil, but for another entry found at its name: see
// below): it removes all it can first. A directory already removed is not
// an error. A second Cleanup, after one that removed everything, does
// nothing and returns nil, even if something has the name again: it may be
// someone else's by then (CPython removes it again).
//
// It removes the directory TemporaryDirectory made, recognised by what it
// is (its device and inode, on Windows its volume serial number and file
// index, read from the descriptor the TempDir holds), not whatever has its
// name by then.
// If the directory was moved away and something else took its name
// (another directory, a file, a link), Cleanup touches nothing and
// returns a *fs.PathError whose error matches fs.ErrExist, even with
// ignoreCleanupErrors; the directory stays where it went. It opens the
// name once, without following a link (O_NOFOLLOW|O_DIRECTORY; on Windows
// a handle that lets no one rename or remove the directory meanwhile), and
// checks and empties what it opened. On Unix, the directory itself is
// removed by its name: that name is looked at again just before, so that
// only a rename in that instant could make another empty directory go in
// its place. Since the TempDir holds the directory, no other can get its
// identity meanwhile; js/wasm, wasip1 and plan9 have nothing to hold it
// by, and there the check rests on the numbers recorded at creation, which
// a file system may give again once the directory is removed.
//
// A directory of the tree moved out of it (the top included) is not
// removed, and gets back the mode it had: one moved before Cleanup opened
// it is not touched at all; one moved while Cleanup is inside it, or in a
// directory below it, is still emptied through the descriptor Cleanup
// holds, as GNU rm does (but see below for one whose descriptor was
// closed on the way down).
//
// It is safer than CPython's: it never follows a symbolic link (or, on
// Windows, a junction), so nothing outside the directory is removed or
// changed, even if what is inside is swapped for a link while Cleanup runs.
// It does not go into a file system mounted inside the tree, whose mount
// point it cannot remove (the error for it matches syscall.EBUSY).
//
// It changes no mode it need not: it tries each removal first, and only
// when an operation on a directory of the tree fails for lack of
// permission (modes such as 0000, 0500 and 0300) does it give that
// directory mode 0700, never to a mount point, and it puts the original
// mode back, setgid and sticky bits included, if the directory stays. It
// checks the mode it put back, and returns an error matching
// fs.ErrPermission naming what the system would not restore: Unix clears
// the setgid bit of a directory whose group is not one of the user's.
// Root needs no change. A file's mode is never changed, since a hard link in
// the tree may share its inode with a file outside. On Windows it clears
// the read-only attribute of what it cannot otherwise remove.
//
// On Unix it works relative to open directory descriptors, never through
// a path inside the tree, and removes a tree of any depth and width
// without recursion, holding at most a quarter of the soft RLIMIT_NOFILE
// descriptors open at once (at least 8, at most 4096), and fewer when an
// open fails because the process has no descriptor left (EMFILE): a few
// free are enough. A directory closed on the way down to stay within that
// bound is opened again through ".." on the way up, and trusted only if
// its device and inode are those it had on the way down; otherwise (the
// tree was moved while Cleanup ran) it does nothing more in that branch,
// not even put back a mode it changed there, and says so. It learns what
// an entry is from the directory itself (d_type, on Linux) or from the
// failure of its removal, not from a stat per entry, so that on one CPU it
// runs as fast as os.RemoveAll.
//
// On Unix with more than one CPU, once it has met 256 entries (a smaller
// tree goes faster on one), it removes the directories left in the
// directory it is emptying on up to GOMAXPROCS goroutines at once (4 at
// most), within the same bound of descriptors and with the same care, so
// that a wide tree goes faster than with os.RemoveAll, for the same CPU
// time. The errors are those one goroutine would return, in its order,
// but that a directory replaced while it was emptied, or whose goroutine
// ran out of descriptors, is looked at again last, by one.
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
