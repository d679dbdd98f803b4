package mkstemp

import (
	"cmp"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"syscall"
)

// WriteFile writes data to the named file as [os.WriteFile] does (perm,
// existing files and links mean the same), but atomically and durably:
// readers, and a crash at any instant, see the old file or all of the new,
// and nil means both are on stable storage. A file replaced keeps its mode,
// and its owner where the process may set it. On error the file is as it
// was and nothing is left, unless the error says the new file has the name.
// It needs write permission on the directory; other hard links and the
// ACLs of the old file are not kept; and it refuses (fs.ErrPermission) a
// link, or a file, that another user owns in a sticky world-writable
// directory (/tmp), as Linux's fs.protected_* do.
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#writefile-writefilefrom-and-createatomic.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return writeAtomic(name, perm, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

// WriteFileFrom is [WriteFile] with the bytes read from r until io.EOF. An
// error of r leaves the file as it was, and is wrapped as it is (errors.Is
// finds it) in an *fs.PathError naming name that says "reading the source".
func WriteFileFrom(name string, r io.Reader, perm fs.FileMode) error {
	if isNil(r) {
		return &fs.PathError{Op: "writefile", Path: cmp.Or(name, noPath), Err: fs.ErrInvalid}
	}
	return writeAtomic(name, perm, func(f *os.File) error {
		_, err := io.Copy(f, r)
		if err != nil && !writeFailed(err, f) {
			return &sourceError{err}
		}
		return err
	})
}

// writeFailed reports whether err, of io.Copy into f, is f's: *os.File
// names its errors "write" and its name, r's come as r gives them. Where
// the kernel copies (copy_file_range, splice, sendfile from an *os.File),
// its error stands for both ends: those that f, a regular file open for
// writing, cannot cause (sourceErrnos) are the source's.
func writeFailed(err error, f *os.File) bool {
	pe, ok := err.(*fs.PathError)
	if !ok || pe.Op != "write" || pe.Path != f.Name() {
		return false
	}
	var se *os.SyscallError
	return !errors.As(pe.Err, &se) || !slices.Contains(sourceErrnos, se.Err)
}

// writeAtomic is CreateAtomic, fill, Commit, with errors naming op.
func writeAtomic(name string, perm fs.FileMode, fill func(*os.File) error) error {
	const op = "writefile"
	a, err := createAtomic(op, name, perm)
	if err != nil {
		return err
	}
	defer a.Cleanup() // nothing after Commit; a fill that panics leaves nothing
	if err := fill(a.f); err != nil {
		return &fs.PathError{Op: op, Path: name, Err: unwrapPathError(err)}
	}
	return a.commit(op, false)
}

// sourceError is an error of WriteFileFrom's reader, kept as it is.
type sourceError struct{ err error }

func (e *sourceError) Error() string { return "reading the source: " + e.err.Error() }
func (e *sourceError) Unwrap() error { return e.err }

// AtomicFile is a file being written that [AtomicFile.Commit] makes the
// named file in one atomic step, as [WriteFile] does; until then the named
// file is as it was. Write and check it as an *os.File, then Commit; call
// Cleanup with defer. A zero or nil AtomicFile returns fs.ErrInvalid errors.
type AtomicFile struct {
	name   string      // as given to CreateAtomic
	target string      // name with every symbolic link at its end followed
	old    fs.FileInfo // the file replaced, as CreateAtomic saw it; nil for a new one
	perm   fs.FileMode
	f      *os.File // the file the bytes go to, set once
	sys    atomicSys
	done   atomic.Bool // committed or discarded: the first to set it does it
}

// CreateAtomic begins an atomic write of the named file, with WriteFile's
// meaning for name and perm, and returns the new file, empty, open for
// reading and writing. What cannot be written (a directory, a device, a
// missing directory, "", a link that may not be followed) fails here, with
// an *fs.PathError naming it, and nothing is made.
func CreateAtomic(name string, perm fs.FileMode) (*AtomicFile, error) {
	return createAtomic("createatomic", name, perm)
}

func createAtomic(op, name string, perm fs.FileMode) (*AtomicFile, error) {
	if name == "" {
		return nil, &fs.PathError{Op: op, Path: noPath, Err: syscall.ENOENT} // as open("") says
	}
	target, old, err := resolveTarget(name)
	if err == nil {
		// Absolute, so that a change of the working directory before
		// Commit changes nothing.
		target, err = targetPath(target)
	}
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	a := &AtomicFile{name: name, target: target, old: old, perm: perm}
	if err := a.open(); err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: unwrapPathError(err)}
	}
	return a, nil
}

// Name returns the name given to CreateAtomic.
func (a *AtomicFile) Name() string {
	if a == nil {
		return ""
	}
	return a.name
}

// Commit flushes the file, gives it the name in one atomic step (with the
// mode and owner of the file it replaces), flushes the directory, and
// closes the file. On error the named file is as it was, unless the error
// says the file took the name already; either way nothing else is left.
func (a *AtomicFile) Commit() error {
	return a.commit("commit", false)
}

// CommitNoClobber is [AtomicFile.Commit] that never replaces: if anything
// has the name, it fails with an error matching fs.ErrExist, and discards.
func (a *AtomicFile) CommitNoClobber() error {
	return a.commit("commitnoclobber", true)
}

func (a *AtomicFile) commit(op string, noClobber bool) error {
	if a.zero() {
		return &fs.PathError{Op: op, Path: noFile, Err: errZeroAtomicFile}
	}
	if !a.done.CompareAndSwap(false, true) {
		return &fs.PathError{Op: op, Path: a.name, Err: os.ErrClosed}
	}
	err := a.commitSys(noClobber)
	a.discardSys() // closes it; after the name is given, the bytes are flushed and closing says nothing more
	if err != nil {
		return &fs.PathError{Op: op, Path: a.name, Err: err}
	}
	return nil
}

// Cleanup discards the file unless it was committed: nothing is left, and
// the named file is as it was. After Commit it returns nil; after Commit,
// Cleanup or Close, other methods but Name return fs.ErrClosed errors.
func (a *AtomicFile) Cleanup() error {
	if a.zero() {
		return &fs.PathError{Op: "cleanup", Path: noFile, Err: errZeroAtomicFile}
	}
	return a.discard("cleanup", false)
}

// Close discards the file as Cleanup does, and never commits: code given it
// as an io.WriteCloser cannot publish part of it.
func (a *AtomicFile) Close() error {
	if a.zero() {
		return &fs.PathError{Op: "close", Path: noFile, Err: errZeroAtomicFile}
	}
	return a.discard("close", true)
}

func (a *AtomicFile) discard(op string, closedErr bool) error {
	if !a.done.CompareAndSwap(false, true) {
		if closedErr {
			return &fs.PathError{Op: op, Path: a.name, Err: os.ErrClosed}
		}
		return nil
	}
	if err := a.discardSys(); err != nil {
		return &fs.PathError{Op: op, Path: a.name, Err: unwrapPathError(err)}
	}
	return nil
}

// zero reports whether a was not made by CreateAtomic.
func (a *AtomicFile) zero() bool {
	return a == nil || a.f == nil
}

// file returns the file the bytes go to, or an error for an AtomicFile not
// made by CreateAtomic, or committed or discarded: then its file is
// closed, and whatever the arguments the error says so.
func (a *AtomicFile) file(op string) (*os.File, error) {
	if a.zero() {
		return nil, &fs.PathError{Op: op, Path: noFile, Err: errZeroAtomicFile}
	}
	if a.done.Load() {
		return nil, &fs.PathError{Op: op, Path: a.name, Err: os.ErrClosed}
	}
	return a.f, nil
}

// rename makes an error of the file's own name the path the caller knows,
// a's name: the file may have a temporary name. Other errors, a reader's
// among them, are left as they are.
func (a *AtomicFile) rename(err error) error {
	if pe, ok := err.(*fs.PathError); ok && pe.Path == a.f.Name() && pe.Path != a.name {
		return &fs.PathError{Op: pe.Op, Path: a.name, Err: pe.Err}
	}
	return err
}

// Write is [os.File.Write].
func (a *AtomicFile) Write(b []byte) (int, error) {
	f, err := a.file("write")
	if err != nil {
		return 0, err
	}
	n, err := f.Write(b)
	return n, a.rename(err)
}

// WriteString is [os.File.WriteString].
func (a *AtomicFile) WriteString(s string) (int, error) {
	f, err := a.file("write")
	if err != nil {
		return 0, err
	}
	n, err := f.WriteString(s)
	return n, a.rename(err)
}

// WriteAt is [os.File.WriteAt].
func (a *AtomicFile) WriteAt(b []byte, off int64) (int, error) {
	f, err := a.file("writeat")
	if err != nil {
		return 0, err
	}
	n, err := f.WriteAt(b, off)
	return n, a.rename(err)
}

// ReadFrom is [os.File.ReadFrom], so that io.Copy keeps the system's fast
// copy.
func (a *AtomicFile) ReadFrom(r io.Reader) (int64, error) {
	f, err := a.file("readfrom")
	if err != nil {
		return 0, err
	}
	if isNil(r) {
		return 0, &fs.PathError{Op: "readfrom", Path: a.name, Err: fs.ErrInvalid}
	}
	n, err := f.ReadFrom(r)
	return n, a.rename(err)
}

// Read is [os.File.Read].
func (a *AtomicFile) Read(b []byte) (int, error) {
	f, err := a.file("read")
	if err != nil {
		return 0, err
	}
	n, err := f.Read(b)
	return n, a.rename(err)
}

// ReadAt is [os.File.ReadAt].
func (a *AtomicFile) ReadAt(b []byte, off int64) (int, error) {
	f, err := a.file("readat")
	if err != nil {
		return 0, err
	}
	n, err := f.ReadAt(b, off)
	return n, a.rename(err)
}

// Seek is [os.File.Seek].
func (a *AtomicFile) Seek(offset int64, whence int) (int64, error) {
	f, err := a.file("seek")
	if err != nil {
		return 0, err
	}
	n, err := f.Seek(offset, whence)
	return n, a.rename(err)
}

// Truncate is [os.File.Truncate].
func (a *AtomicFile) Truncate(size int64) error {
	f, err := a.file("truncate")
	if err != nil {
		return err
	}
	return a.rename(f.Truncate(size))
}

// Sync is [os.File.Sync]; Commit flushes the file itself.
func (a *AtomicFile) Sync() error {
	f, err := a.file("sync")
	if err != nil {
		return err
	}
	return a.rename(f.Sync())
}

// Stat is [os.File.Stat] of the file being written.
func (a *AtomicFile) Stat() (fs.FileInfo, error) {
	f, err := a.file("stat")
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	return fi, a.rename(err)
}

// Fd is [os.File.Fd]; ^uintptr(0) once the file is closed.
func (a *AtomicFile) Fd() uintptr {
	f, err := a.file("fd")
	if err != nil {
		return ^uintptr(0)
	}
	return f.Fd()
}

// maxLinks is the number of symbolic links resolveTarget follows, as
// Linux's open follows at most 40 (MAXSYMLINKS).
const maxLinks = 40

// resolveTarget returns the file that name leads to, the one os.WriteFile
// would write, once every symbolic link at its end is followed (a relative
// link read from the link's own directory, not cleaned, so that the system
// resolves its ".."), and what Lstat says of it, nil for a file to create.
// It refuses what the target cannot be (a directory, anything but a
// regular file), and what the kernel's protections for sticky directories
// would refuse (stickyOwner).
func resolveTarget(name string) (string, fs.FileInfo, error) {
	target, moved := name, 0
	for i := 0; ; i++ {
		fi, err := os.Lstat(target)
		if errors.Is(err, fs.ErrNotExist) {
			return target, nil, newTarget(name, target)
		}
		if err != nil {
			return "", nil, unwrapPathError(err)
		}
		dir, _ := splitDir(target)
		if fi.Mode()&fs.ModeSymlink == 0 {
			switch {
			case fi.IsDir():
				return "", nil, syscall.EISDIR
			case !fi.Mode().IsRegular():
				return "", nil, errNotRegular
			case !stickyOwner(dir, fi):
				return "", nil, errProtectedFile
			case target != name:
				// The system may follow a link to another file than its
				// text names: /proc/self/fd/N of a file with no name,
				// whose text "/dir/x (deleted)" another file may have.
				// Or another file took the target's name between the two
				// looks (a concurrent WriteFile renames one over it):
				// then all is looked at again, a bounded number of times.
				if sfi, err := statFollowing(name); err == nil && !os.SameFile(sfi, fi) {
					if now, err := os.Lstat(target); (err != nil || !os.SameFile(now, fi)) && moved < maxLinks {
						target, i = name, -1
						moved++
						continue
					}
					return "", nil, errNoName
				}
			}
			return target, fi, nil
		}
		if i == maxLinks {
			return "", nil, errTooManyLinks
		}
		if !stickyOwner(dir, fi) {
			return "", nil, errProtectedLink
		}
		link, err := os.Readlink(target)
		if err != nil {
			return "", nil, unwrapPathError(err)
		}
		if !filepath.IsAbs(link) {
			link = joinName(dir, "", nil, link)
		}
		target = link
	}
}

// statFollowing is os.Stat. It is a variable only so that a test can
// replace the target between resolveTarget's two looks, as a concurrent
// WriteFile does.
var statFollowing = os.Stat

// newTarget checks target, which name leads to and which does not exist,
// as a file to create: not a name ending in a separator, and not the text
// of a link that the system follows to something else (a file with no
// name, /proc/self/fd/N, or a pipe), unless the target was made since.
func newTarget(name, target string) error {
	if _, base := splitDir(target); base == "" {
		return syscall.EISDIR // as open("x/", O_CREAT) says
	}
	if target != name {
		sfi, err := os.Stat(name)
		if _, lerr := os.Lstat(target); err == nil && errors.Is(lerr, fs.ErrNotExist) {
			if sfi.Mode().IsRegular() {
				return errNoName
			}
			return errNotRegular
		}
	}
	return nil
}

// createNamed makes the temporary file of the named way, where the system
// gives no unnamed file: a file made as NamedTemporaryFile makes one
// (O_EXCL, a random name) in target's directory, with mode perm less the
// umask for a new target, 0600 for one replaced (whose mode it gets only
// at Commit: until then its bytes are the caller's alone). A directory
// that cannot be flushed is refused first, as the unnamed way refuses it:
// Commit would fail after the file took the name.
func createNamed(target string, perm fs.FileMode, old fs.FileInfo) (*NamedFile, error) {
	dir, _ := splitDir(target)
	if err := canFlush(dir); err != nil {
		return nil, err
	}
	mode := perm
	if old != nil {
		mode = 0o600
	}
	file, temp, err := tryNames("", dir, ".", ".tmp", errNoUsableFileName, func(path string) (*os.File, error) {
		f, err := openNew(path, mode)
		return f, unwrapPathError(err)
	}, func(err error, path string, last bool) bool {
		return errors.Is(err, fs.ErrExist)
	})
	if err != nil {
		return nil, unwrapPathError(err)
	}
	made, err := file.Stat()
	if err != nil {
		file.Close()
		os.Remove(temp)
		return nil, unwrapPathError(err)
	}
	return &NamedFile{File: file, name: temp, made: made, delete: true}, nil
}

// commitNamedWay commits the temporary file of the named way: the old
// file's owner and mode (after the bytes: a write clears setuid), then
// commitNamed. The caller closes nf (Cleanup), which removes its name
// unless the commit gave it the target's.
func commitNamedWay(nf *NamedFile, target string, old fs.FileInfo, noClobber bool) error {
	if err := keepOwnerAndMode(nf.File, old); err != nil {
		return unwrapPathError(err)
	}
	err := commitNamed(nf, target, noClobber)
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}

var (
	errNotRegular     = &tempError{"not a regular file", syscall.EINVAL, fs.ErrInvalid}
	errNoName         = &tempError{"a file with no name, which cannot be replaced", syscall.EINVAL, fs.ErrInvalid}
	errTooManyLinks   = &tempError{"too many levels of symbolic links", errLoop, fs.ErrInvalid} // ELOOP, as open says
	errProtectedLink  = &tempError{"a symbolic link another user owns in a sticky world-writable directory (as fs.protected_symlinks refuses)", syscall.EACCES, fs.ErrPermission}
	errProtectedFile  = &tempError{"a file another user owns in a sticky world-writable directory (as fs.protected_regular refuses)", syscall.EACCES, fs.ErrPermission}
	errZeroAtomicFile = &tempError{"AtomicFile not made by CreateAtomic", syscall.EINVAL, fs.ErrInvalid}
)
