// Package mkstemp is Python's tempfile for Go, with the jobs Go code does
// with temporary files done in one call each. What it makes is created
// atomically, under a name nobody can guess, private to its owner.
//
//   - [WriteFile] and [WriteFileFrom]: [os.WriteFile], atomic and durable.
//   - [CreateAtomic]: the same for bytes that come from a writer, published
//     only at [AtomicFile.Commit].
//   - [TestDir]: a test's directory, removed even if the test locked it.
//
// # Python's tempfile
//
//	Python tempfile                      Go
//	mkstemp(suffix, prefix, dir, text)   Mkstemp; MkstempBytes for bytes
//	mkdtemp(suffix, prefix, dir)         Mkdtemp; MkdtempBytes for bytes
//	TemporaryFile(...)                   TemporaryFile
//	NamedTemporaryFile(...)              NamedTemporaryFile
//	TemporaryDirectory(...)              TemporaryDirectory
//	SpooledTemporaryFile(max_size, ...)  SpooledTemporaryFile
//	gettempdir(), gettempdirb()          Gettempdir, Gettempdirb
//	gettempprefix(), gettempprefixb()    Gettempprefix, Gettempprefixb
//	tempfile.tempdir = d                 SetTempdir(d)
//	TMP_MAX                              TmpMax
//	leaving a with block                 defer f.Cleanup()
//	delete=False                         Keep
//
// The arguments are in Python's order, (suffix, prefix, dir): the reverse
// of os.CreateTemp(dir, pattern). An empty string means None: no suffix,
// the prefix "tmp", the directory [Gettempdir]. Nothing is removed when an
// object is garbage collected: call Cleanup. Where the package differs
// from CPython it is stricter, as
// https://github.com/seed011b361c/mkstemp/blob/main/docs/cpython.md lists.
//
// Beyond Python: [MkstempIn] and [MkdtempIn] create in an [os.Root];
// [NamedFile.Persist] and [NamedFile.PersistNoClobber] give a temporary
// file a lasting name, durably.
//
// # Guarantees
//
// A file or directory is created only if nothing has its name, a symbolic
// link included, with mode 0600 or 0700 less the umask (an owner-only ACL
// on Windows), named prefix + 8 random symbols + suffix. Descriptors are
// not inherited by child processes. Callers creating at once never get
// the same file. A call that fails leaves nothing behind. Errors are
// [*fs.PathError] values ([*os.LinkError] for Persist) that [errors.Is]
// matches with fs.ErrExist, fs.ErrNotExist, fs.ErrPermission,
// fs.ErrInvalid or fs.ErrClosed. How each guarantee is kept, and every
// error: https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md
package mkstemp
