// Package mkstemp is Python's tempfile for Go: temporary files and
// directories created atomically, private to their owner, under names
// nobody can guess, in the directory CPython would choose, each removed
// for you when you say so. Code ported from Python keeps its arguments and
// its behaviour; Go code gets safer defaults than [os.CreateTemp].
//
// # The family
//
//   - [NamedTemporaryFile] creates a file with a name and returns a
//     [*NamedFile], an [*os.File] whose [NamedFile.Cleanup] closes and
//     removes it: call it with defer. [NamedFile.Persist] and
//     [NamedFile.PersistNoClobber] instead make the file lasting at
//     another path, flushed to disk and renamed in one atomic step: the
//     way to write a file that readers see whole or not at all.
//   - [TemporaryFile] creates a file that has no name (on Linux never; on
//     other Unix systems only while it is made; on Windows until it is
//     closed) and goes with its data when closed, even if the program is
//     killed.
//   - [TemporaryDirectory] creates a directory and returns a [*TempDir],
//     whose [TempDir.Cleanup] removes it with everything in it, without
//     following a symbolic link or going into a mount.
//   - [TestDir] is t.TempDir() that removes what the test leaves, a
//     read-only Go module cache included. [TempDir.Keep] and
//     [NamedFile.Keep] make a directory or file lasting where it is.
//   - [SpooledTemporaryFile] returns a [*SpooledFile], a file that stays in
//     memory until it grows past a size, then moves to a TemporaryFile.
//   - [Mkstemp] and [Mkdtemp] are the two they are built on: a new file
//     (an open descriptor and its absolute path) or a new directory (its
//     absolute path), which the caller removes. [MkstempBytes] and
//     [MkdtempBytes] take and return byte slices, as Python's do with
//     bytes.
//   - [MkstempIn] and [MkdtempIn] create in the directory an [os.Root]
//     holds open, never through its path again.
//   - [Gettempdir] and [Gettempdirb] return the default directory,
//     [Gettempprefix] and [Gettempprefixb] the default prefix "tmp",
//     [SetTempdir] sets the default directory, and [TmpMax] is how many
//     names are tried before giving up.
//
// Every function that creates something guarantees the same: it is created
// only if nothing at all has its name (O_CREAT|O_EXCL, never following a
// symbolic link), with mode 0600 for a file and 0700 for a directory (less
// the umask; an owner-only ACL on Windows), under the name prefix + 8
// symbols + suffix, the 8 symbols drawn from a cryptographically secure
// source over CPython's alphabet of 37. A file's descriptor is not
// inherited by child processes. Goroutines and processes creating at once
// never get the same file. Paths returned are absolute, but for
// [MkdtempIn], which returns a name inside its root, [MkstempIn], whose
// file is named as root.OpenFile names it, and TemporaryFile, whose file
// has no name on Unix: its Name names its descriptor (/proc/self/fd/7 on
// Linux). When a call fails, nothing is left behind.
//
// # From Python
//
// The arguments are Python's, in Python's order (suffix, prefix, dir),
// the reverse of os.CreateTemp(dir, pattern). An empty string is Python's
// None: no suffix, the prefix "tmp", the directory [Gettempdir]; a relative
// dir is taken from the current directory. The Bytes variants keep
// Python's full meaning: nil is None, and a non-nil empty slice is an
// empty prefix (none at all) or an empty dir (the current directory). A
// prefix is used as it is: a * in it is a character of the name (refused
// on Windows), not os.CreateTemp's place for the random part.
//
//	Python tempfile                          Go
//	mkstemp(suffix, prefix, dir, text)       Mkstemp(suffix, prefix, dir, text), MkstempBytes
//	mkdtemp(suffix, prefix, dir)             Mkdtemp(suffix, prefix, dir), MkdtempBytes
//	gettempdir(), gettempdirb()              Gettempdir(), Gettempdirb()
//	gettempprefix(), gettempprefixb()        Gettempprefix(), Gettempprefixb()
//	tempfile.tempdir = d                     SetTempdir(d); SetTempdir("") sets it back to None
//	TMP_MAX                                  TmpMax
//	TemporaryFile(...)                       TemporaryFile(suffix, prefix, dir)
//	NamedTemporaryFile(..., delete,          NamedTemporaryFile(suffix, prefix, dir, delete, deleteOnClose)
//	    delete_on_close)
//	TemporaryDirectory(...,                  TemporaryDirectory(suffix, prefix, dir, ignoreCleanupErrors)
//	    ignore_cleanup_errors)
//	SpooledTemporaryFile(max_size, ...)      SpooledTemporaryFile(maxSize, suffix, prefix, dir)
//	with ... as f: (leaving the block)       defer f.Cleanup(); in a test, t.Cleanup
//	mktemp()                                 none: a name with nothing created is a race
//
// Files are always binary and read-write (Python's mode "w+b"); Go has no
// buffering, encoding or newline arguments to pass. Nothing is removed when
// an object is garbage collected or the program exits, as CPython's
// finalizers do: call Cleanup.
//
// Where the package differs from CPython it is stricter: a prefix or suffix
// holding a path separator or a NUL byte is refused, so nothing lands
// outside dir; names are unpredictable; Windows files are private too;
// TempDir.Cleanup follows no link and changes no file's mode; a second
// Cleanup does nothing even if the path exists again; a SpooledFile whose
// rollover fails loses nothing. The full list, with the reasons, is
// https://github.com/seed011b361c/mkstemp/blob/main/docs/cpython.md.
//
// # Close and Cleanup of a NamedFile
//
// What Close and Cleanup remove, for each combination of delete and
// deleteOnClose. Cleanup first closes the file if it is still open; a file
// already gone is not an error, and a second Cleanup does nothing. After a
// successful Persist neither removes anything.
//
//	delete  deleteOnClose  Close                          Cleanup
//	true    true           closes and removes the file    closes if open; removes the file if still there
//	true    false          closes; the file stays, and    closes if open; removes the file
//	                       can be opened again by name
//	false   true           closes; the file stays         closes if open; the file stays
//	false   false          closes; the file stays         closes if open; the file stays
//
// On Windows, with delete and deleteOnClose, the file is opened with
// FILE_FLAG_DELETE_ON_CLOSE: the system removes it when its last handle
// closes, even if the process dies first, and meanwhile it cannot be opened
// again by name. Use deleteOnClose false for a file another program must
// open, which is why Python 3.12 added the flag.
//
// # Errors
//
// Every error names the operation and the path (a word in parentheses,
// such as "(no file)", where there is none): an [*fs.PathError], or an
// [*os.LinkError] naming both paths for Persist (but for the bare
// fs.ErrInvalid of a nil SpooledFile, and of the *os.File methods of a
// NamedFile not made by NamedTemporaryFile, as of a nil *os.File). Test
// them with [errors.Is]:
//
//	failure                                              errors.Is matches
//	all TmpMax names taken                               fs.ErrExist, syscall.EEXIST
//	PersistNoClobber onto a name in use                  fs.ErrExist
//	Cleanup of a name another entry has taken            fs.ErrExist
//	dir missing; no usable default directory             fs.ErrNotExist, syscall.ENOENT
//	dir not writable; a directory refusing Persist       fs.ErrPermission, syscall.EACCES
//	dir is a file                                        syscall.ENOTDIR (Windows: fs.ErrNotExist)
//	name too long                                        syscall.ENAMETOOLONG
//	separator or NUL in prefix or suffix, NUL in dir,    fs.ErrInvalid, syscall.EINVAL
//	    Windows name rules, nil *os.Root
//	zero or nil TempDir or NamedFile, nil SpooledFile    fs.ErrInvalid
//	SpooledFile used after Close, NamedFile closed       os.ErrClosed
//	    twice, Persist after Close
//	Persist to another file system                       syscall.EXDEV
//	Persist to ""; Keep after Close or Cleanup           fs.ErrNotExist
//	    removed the file; Persist of a file whose
//	    temporary name was removed
//	Keep of a file Windows deletes on close              errors.ErrUnsupported
//	SpooledFile offset past the int64 range              syscall.EINVAL, as *os.File
//	WriteFile onto a directory; onto a pipe, a device    syscall.EISDIR; fs.ErrInvalid
//	    or, on Linux, an open TemporaryFile's Name
//
// On Windows the system's error numbers are Windows' own (a missing dir is
// ERROR_PATH_NOT_FOUND, a directory that refuses new files
// ERROR_ACCESS_DENIED); the fs targets match the same way. Only a name
// already in use makes a create function try another; every other error
// comes back from the first attempt. [TempDir.Cleanup] removes all it can
// and returns what it could not remove, each an *fs.PathError, joined into
// one error.
package mkstemp
