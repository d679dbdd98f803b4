package mkstemp

import (
	"cmp"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// TmpMax is how many names a call tries before it fails with an error
// matching fs.ErrExist: 20, as CPython's TMP_MAX since 2026. Only a name
// in use makes it try another.
const TmpMax = 20

// template is the default prefix, CPython's tempfile.template.
const template = "tmp"

// Mkstemp creates a new file in dir, named prefix + 8 random symbols +
// suffix, and returns a descriptor open for reading and writing, and its
// absolute path; the caller closes and removes it. It is Python's
// tempfile.mkstemp: an empty prefix means "tmp", an empty dir [Gettempdir].
// The file is made only if nothing has its name, a link included, with
// mode 0600 less the umask; on Windows fd is its HANDLE, and it gets an
// owner-only ACL. A prefix or suffix holding a separator or a NUL, or a
// name Windows would change, is refused (fs.ErrInvalid) and nothing is
// made. A * is a character, not os.CreateTemp's pattern; text changes
// nothing.
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#mkstemp-and-mkdtemp.
func Mkstemp(suffix, prefix, dir string, text bool) (fd int, path string, err error) {
	prefix, dir, err = sanitizeParams("mkstemp", suffix, prefix, dir, prefix == "", dir == "")
	if err != nil {
		return -1, "", err
	}
	return mkstempInner(dir, prefix, suffix, text)
}

// MkstempBytes is [Mkstemp] with byte slices, as Python's mkstemp with
// bytes: a nil prefix means "tmp", an empty one none; a nil dir means
// [Gettempdirb], an empty one the current directory.
func MkstempBytes(suffix, prefix, dir []byte, text bool) (fd int, path []byte, err error) {
	p, d, err := sanitizeParams("mkstemp", string(suffix), string(prefix), string(dir), prefix == nil, dir == nil)
	if err != nil {
		return -1, nil, err
	}
	fd, name, err := mkstempInner(d, p, string(suffix), text)
	if err != nil {
		return -1, nil, err
	}
	return fd, []byte(name), nil
}

// Mkdtemp creates a new directory in dir, mode 0700 less the umask, and
// returns its absolute path; the caller removes it. It is Python's
// tempfile.mkdtemp, with [Mkstemp]'s names, arguments and refusals.
func Mkdtemp(suffix, prefix, dir string) (path string, err error) {
	prefix, dir, err = sanitizeParams("mkdtemp", suffix, prefix, dir, prefix == "", dir == "")
	if err != nil {
		return "", err
	}
	return mkdtempInner(dir, prefix, suffix)
}

// MkdtempBytes is [Mkdtemp] with byte slices, as [MkstempBytes] is Mkstemp.
func MkdtempBytes(suffix, prefix, dir []byte) (path []byte, err error) {
	p, d, err := sanitizeParams("mkdtemp", string(suffix), string(prefix), string(dir), prefix == nil, dir == nil)
	if err != nil {
		return nil, err
	}
	name, err := mkdtempInner(d, p, string(suffix))
	if err != nil {
		return nil, err
	}
	return []byte(name), nil
}

// sanitizeParams is CPython's _sanitize_params: it refuses arguments that
// could put the file outside dir or name another file than the one created
// (checkNames), then replaces a None prefix by the template and a None dir
// by the default directory. It touches the file system only to find the
// default directory.
func sanitizeParams(op, suffix, prefix, dir string, prefixNone, dirNone bool) (string, string, error) {
	if err := checkNames(op, suffix, prefix); err != nil {
		return "", "", err
	}
	if prefixNone {
		prefix = template
	}
	if dirNone {
		var err error
		if dir, err = Gettempdir(); err != nil {
			return "", "", err
		}
	}
	// Checked after the default is chosen: a directory given to SetTempdir
	// is used as given, so it is refused here as an explicit dir would be.
	if strings.IndexByte(dir, 0) >= 0 {
		return "", "", &fs.PathError{Op: op, Path: dir, Err: errDirNUL}
	}
	return prefix, dir, nil
}

// checkNames refuses a prefix or a suffix that could put the file outside
// its directory or name another file than the one created: checkName's
// rules everywhere, then checkPrefix's and checkSuffix's, the system's own.
func checkNames(op, suffix, prefix string) error {
	if err := checkName(prefix, errPrefixSeparator, errPrefixNUL); err != nil {
		return &fs.PathError{Op: op, Path: prefix, Err: err}
	}
	if err := checkName(suffix, errSuffixSeparator, errSuffixNUL); err != nil {
		return &fs.PathError{Op: op, Path: suffix, Err: err}
	}
	if err := checkPrefix(prefix); err != nil {
		return &fs.PathError{Op: op, Path: prefix, Err: err}
	}
	if err := checkSuffix(suffix); err != nil {
		return &fs.PathError{Op: op, Path: suffix, Err: err}
	}
	return nil
}

// checkName returns errSep or errNUL if s, a prefix or a suffix, holds a
// path separator or a NUL byte, and nil if it may be part of a name.
func checkName(s string, errSep, errNUL error) error {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 0:
			return errNUL
		case os.IsPathSeparator(s[i]):
			return errSep
		}
	}
	return nil
}

// mkstempInner is CPython's _mkstemp_inner: create the file in dir, made
// absolute, under the first free name.
func mkstempInner(dir, prefix, suffix string, text bool) (int, string, error) {
	fd, path, err := create("mkstemp", dir, prefix, suffix, errNoUsableFileName, func(path string) (int, error) {
		return openFile(path, text)
	})
	if err != nil {
		return -1, "", err
	}
	return fd, path, nil
}

func mkdtempInner(dir, prefix, suffix string) (string, error) {
	_, path, err := create("mkdtemp", dir, prefix, suffix, errNoUsableDirName, func(path string) (struct{}, error) {
		return struct{}{}, makeDir(path)
	})
	return path, err
}

// create is the loop that Mkstemp and Mkdtemp share. It makes dir absolute
// once, then calls try with up to TmpMax fresh paths in it (see tryNames),
// and returns what the first try that succeeds made, and its path.
func create[T any](op, dir, prefix, suffix string, exhausted error, try func(path string) (T, error)) (T, string, error) {
	absDir, err := abspath(dir)
	if err != nil {
		var zero T
		// dir is "" for the current directory (MkstempBytes): "." names it.
		return zero, "", &fs.PathError{Op: op, Path: cmp.Or(dir, "."), Err: err}
	}
	return tryNames(op, absDir, prefix, suffix, exhausted, try, func(err error, path string, last bool) bool {
		return collided(err, absDir, path, last)
	})
}

// tryNames calls try with up to TmpMax fresh paths, dir joined with prefix,
// a new name and suffix (with dir "", the bare name), and returns what the
// first try that succeeds made (a descriptor, an *os.File, or struct{} for
// a directory) with its path. Only an error that taken says means the name
// is in use moves on to the next name; any other error is returned at
// once, naming the path tried. try must leave nothing behind when it fails.
func tryNames[T any](op, dir, prefix, suffix string, exhausted error, try func(path string) (T, error), taken func(err error, path string, last bool) bool) (T, string, error) {
	var zero T
	for i := range TmpMax {
		name := newName()
		path := joinName(dir, prefix, name[:], suffix)
		made, err := try(path)
		if err == nil {
			return made, path, nil
		}
		if !taken(err, path, i == TmpMax-1) {
			return zero, "", &fs.PathError{Op: op, Path: path, Err: err}
		}
	}
	return zero, "", &fs.PathError{Op: op, Path: joinName(dir, prefix, []byte("*"), suffix), Err: exhausted}
}

// joinName is os.path.join(dir, prefix+name+suffix) for an absolute dir:
// a separator is added unless dir already ends in one (a root), or is "".
func joinName(dir, prefix string, name []byte, suffix string) string {
	var b strings.Builder
	b.Grow(len(dir) + 1 + len(prefix) + len(name) + len(suffix))
	b.WriteString(dir)
	if len(dir) > 0 && !os.IsPathSeparator(dir[len(dir)-1]) {
		b.WriteByte(os.PathSeparator)
	}
	b.WriteString(prefix)
	b.Write(name)
	b.WriteString(suffix)
	return b.String()
}

var (
	errNoUsableFileName = &tempError{"no usable temporary file name found", syscall.EEXIST, fs.ErrExist}
	errNoUsableDirName  = &tempError{"no usable temporary directory name found", syscall.EEXIST, fs.ErrExist}
	errNoUsableTempdir  = &tempError{"no usable temporary directory found", syscall.ENOENT, fs.ErrNotExist}
	errPrefixSeparator  = &tempError{"prefix contains a path separator", syscall.EINVAL, fs.ErrInvalid}
	errSuffixSeparator  = &tempError{"suffix contains a path separator", syscall.EINVAL, fs.ErrInvalid}
	errPrefixNUL        = &tempError{"prefix contains a NUL byte", syscall.EINVAL, fs.ErrInvalid}
	errSuffixNUL        = &tempError{"suffix contains a NUL byte", syscall.EINVAL, fs.ErrInvalid}
	errDirNUL           = &tempError{"dir contains a NUL byte", syscall.EINVAL, fs.ErrInvalid}
)
