// Package mkstemp is Python's tempfile for Go, with the jobs Go code does
// with temporary files done in one call each. Every file and directory it
// makes is created atomically, under a name nobody can guess, private to
// its owner.
//
// # One call each
//
//   - [WriteFile] and [WriteFileFrom] replace a file as [os.WriteFile] does,
//     but atomically and durably.
//   - [CreateAtomic] does the same for bytes that come from a writer (an
//     encoder, io.Copy): they are published only at [AtomicFile.Commit].
//   - [TestDir] gives a test a new directory, removed when the test ends,
//     even if the test made it read-only.
//
// # Python's tempfile
//
//	Python                                  Go
//	mkstemp(suffix, prefix, dir, text)      Mkstemp, MkstempBytes
//	mkdtemp(suffix, prefix, dir)            Mkdtemp, MkdtempBytes
//	TemporaryFile(...)                      TemporaryFile
//	NamedTemporaryFile(..., delete,         NamedTemporaryFile(suffix, prefix, dir,
//	    delete_on_close)                        delete, deleteOnClose)
//	TemporaryDirectory(...)                 TemporaryDirectory
//	SpooledTemporaryFile(max_size, ...)     SpooledTemporaryFile
//	gettempdir(), gettempdirb()             Gettempdir, Gettempdirb
//	gettempprefix(), gettempprefixb()       Gettempprefix, Gettempprefixb
//	tempfile.tempdir = d                    SetTempdir(d)
//	TMP_MAX                                 TmpMax
//	leaving a with block                    defer f.Cleanup()
//	delete=False                            Keep
//	mktemp()                                none: a name alone is a race
//
// The arguments are in Python's order, (suffix, prefix, dir): the reverse
// of os.CreateTemp(dir, pattern). An empty string means Python's None: no
// suffix, the prefix "tmp", the directory [Gettempdir]. The Bytes variants
// keep Python's meaning of nil and empty. Nothing is removed when an object
// is garbage collected: call Cleanup. Where the package differs from
// CPython it is stricter, as
// https://github.com/seed011b361c/mkstemp/blob/main/docs/cpython.md lists.
//
// # Beyond Python
//
//   - [MkstempIn] and [MkdtempIn] create in an [os.Root].
//   - [NamedFile.Persist] and [NamedFile.PersistNoClobber] give a temporary
//     file a lasting name, durably.
//
// # Guarantees
//
// A file or directory is created only if nothing has its name, a symbolic
// link included, with mode 0600 or 0700 less the umask (an owner-only ACL
// on Windows), named prefix + 8 random symbols + suffix. A descriptor is
// not inherited by child processes. Goroutines and processes creating at
// once never get the same file. A call that fails leaves nothing behind.
// Errors are [*fs.PathError] values ([*os.LinkError] for Persist) that
// match fs.ErrExist, fs.ErrNotExist, fs.ErrPermission, fs.ErrInvalid or
// fs.ErrClosed with [errors.Is]. How each guarantee is kept, and every
// error: https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md
package mkstemp
