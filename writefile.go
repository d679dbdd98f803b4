package mkstemp

import (
	"cmp"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// WriteFile writes data to the named file, creating it if necessary. If
// the file does not exist, WriteFile creates it with permissions perm
// (before umask); otherwise it replaces it, keeping its permissions. Unlike
// os.WriteFile, whose call and meaning it has, a failure or a crash at any
// instant leaves the old file or all of the new one, never a part, and
// when it returns nil the bytes and the name are on stable storage (the
// file is flushed before it gets its name, the directory after). On any
// error nothing has changed and nothing is left in the directory, but for
// a failure to flush the directory, when the new file already has the
// name; the error is an *fs.PathError naming name. Anything at name but a
// regular file (a directory, a device, a named pipe) is such an error: it
// cannot be replaced by a file, where os.WriteFile would write into it; so,
// on Linux, is a link to a file with no name, such as a [TemporaryFile]'s
// Name while the file is open.
//
// What atomicity changes: the new bytes are a new file that takes the name,
// not the old file rewritten in place. So WriteFile needs read and write
// permission on the directory, where os.WriteFile needs write permission on
// the file: in a 0555 or a 0333 directory it fails with a permission error
// and changes nothing; and on Unix, as rename(2), it replaces a file the
// caller could not open for writing (read-only, or another user's, but in
// a sticky directory). What belongs to the old file rather than to its name
// is not kept: other hard links to it keep the old bytes, and its extended
// attributes and ACLs are lost. Its mode is kept, and its owner and group
// where the process may set them (as root; a group the process is in). A
// symbolic link at name is written through, as os.WriteFile writes through
// it: the file at the end of the chain (a relative link read from the
// link's own directory) is replaced and the links stay links; a dangling
// link creates its target. And a file replaced on Linux has, for an
// instant, a second name: the fresh one below.
//
// On Linux the bytes go into an unnamed file (O_TMPFILE) in the target's
// directory. A new file gets its name by linkat (with AT_EMPTY_PATH where
// the process may, else through /proc/self/fd), and no other name ever
// appears, even if the process is killed; a file replaced is linked to a
// fresh random name, ".XXXXXXXX.tmp", which is renamed over the target:
// that name exists only between those two calls (a process killed between
// them leaves it, holding all of the new bytes). Where the unnamed file or
// the link is refused (a file system without O_TMPFILE, no /proc), and on
// other systems, the bytes go into a temporary file with a random name in
// the target's directory, which [NamedFile.Persist] renames over the
// target. On Windows it is not Persist, which renames the open file
// through its handle: WriteFile flushes the file (FlushFileBuffers) and,
// if the temporary name still names it (the window between the check and
// the move is the system's), moves the name over the target with
// MoveFileEx, MOVEFILE_REPLACE_EXISTING and MOVEFILE_WRITE_THROUGH. On
// Windows perm without the owner's write bit gives a read-only file, as
// os.WriteFile does there.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return writeAtomic(name, perm, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

// WriteFileFrom is [WriteFile] with the bytes read from r until io.EOF. An
// error of r is returned, as an *fs.PathError naming name that wraps it,
// and nothing changes. A nil r (or a nil pointer in one) is an error
// matching fs.ErrInvalid, and nothing is made.
func WriteFileFrom(name string, r io.Reader, perm fs.FileMode) error {
	if isNil(r) {
		return &fs.PathError{Op: "writefile", Path: cmp.Or(name, noPath), Err: fs.ErrInvalid}
	}
	return writeAtomic(name, perm, func(f *os.File) error {
		_, err := io.Copy(f, r)
		return err
	})
}

// writeAtomic is WriteFile, with fill writing the bytes to the new file.
func writeAtomic(name string, perm fs.FileMode, fill func(*os.File) error) error {
	fail := func(err error) error { return &fs.PathError{Op: "writefile", Path: name, Err: err} }
	if name == "" {
		return &fs.PathError{Op: "writefile", Path: noPath, Err: syscall.ENOENT} // as open("") says
	}
	target, fi, err := resolveLinks(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, base := splitDir(target); base == "" {
			return fail(syscall.EISDIR) // as open("x/", O_CREAT) says
		}
		if target != name {
			// The system follows a link whose text names nothing: a
			// file with no name (/proc/self/fd/N), or a pipe. (Unless
			// the target was made since the look.)
			sfi, err := os.Stat(name)
			if _, lerr := os.Lstat(target); err == nil && errors.Is(lerr, fs.ErrNotExist) {
				if sfi.Mode().IsRegular() {
					return fail(errNoName)
				}
				return fail(errNotRegular)
			}
		}
		fi = nil // a new file
	case err != nil:
		return fail(unwrapPathError(err))
	case fi.IsDir():
		return fail(syscall.EISDIR)
	case !fi.Mode().IsRegular():
		return fail(errNotRegular)
	case target != name:
		// The system may follow a link to another file than its text
		// names: /proc/self/fd/N of a file with no name, whose text
		// "/dir/x (deleted)" another file may have as its path.
		if sfi, err := os.Stat(name); err == nil && !os.SameFile(sfi, fi) {
			return fail(errNoName)
		}
	}
	if err := writeTarget(target, perm, fi, fill); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fail(unwrapPathError(err))
	}
	return nil
}

// maxLinks is the number of symbolic links resolveLinks follows before it
// gives up, as Linux's open does (MAXSYMLINKS).
const maxLinks = 40

// resolveLinks returns the path that name leads to once every symbolic
// link at its end is followed, the file that os.WriteFile would write, and
// what os.Lstat says of it. A relative link is read from the directory of
// the link, not cleaned, so that the system resolves its "..". A name that
// does not exist, or that a dangling link leads to, is returned as it is,
// with Lstat's error: the file to create.
func resolveLinks(name string) (string, fs.FileInfo, error) {
	for range maxLinks {
		fi, err := os.Lstat(name)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return name, fi, err
		}
		link, err := os.Readlink(name)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(link) {
			dir, _ := splitDir(name)
			link = joinName(dir, "", nil, link)
		}
		name = link
	}
	return "", nil, errTooManyLinks
}

// splitDir splits path at its last separator without cleaning it, as
// splitPath does, for a relative path too: the directory of "x" is ".".
func splitDir(path string) (dir, base string) {
	vol := len(filepath.VolumeName(path))
	i := len(path) - 1
	for i >= vol && !os.IsPathSeparator(path[i]) {
		i--
	}
	switch {
	case i < vol:
		return path[:vol] + ".", path[vol:]
	case i == vol:
		return path[:i+1], path[i+1:]
	}
	return path[:i], path[i+1:]
}

// writeNamed is WriteFile's way where the system gives no unnamed file: a
// file made as NamedTemporaryFile makes one (O_EXCL, a random name) in
// target's directory, but with mode perm less the umask for a new target,
// filled, then given the mode and owner of the file it replaces (fi, nil
// for a new target), then given the name target (commitNamed), or
// removed on any error.
func writeNamed(target string, perm fs.FileMode, fi fs.FileInfo, fill func(*os.File) error) (err error) {
	dir, _ := splitDir(target)
	mode := perm
	if fi != nil {
		mode = 0o600
	}
	file, temp, err := tryNames("writefile", dir, ".", ".tmp", errNoUsableFileName, func(path string) (*os.File, error) {
		f, err := openNew(path, mode)
		return f, unwrapPathError(err) // tryNames names path; writeAtomic, name
	}, func(err error, path string, last bool) bool {
		return errors.Is(err, fs.ErrExist)
	})
	if err != nil {
		return err
	}
	nf := &NamedFile{File: file, name: temp, delete: true}
	if nf.made, err = file.Stat(); err != nil {
		file.Close()
		os.Remove(temp)
		return err
	}
	// Deferred, so that a reader that panics leaves nothing either.
	defer func() {
		if cerr := nf.Cleanup(); err == nil {
			err = cerr
		}
	}()
	if err := fill(file); err != nil {
		return err
	}
	if err := keepOwnerAndMode(file, fi); err != nil { // after the bytes: a write clears setuid
		return err
	}
	return commitNamed(nf, target)
}

var (
	errNotRegular   = &tempError{"not a regular file", syscall.EINVAL, fs.ErrInvalid}
	errNoName       = &tempError{"a file with no name, which cannot be replaced", syscall.EINVAL, fs.ErrInvalid}
	errTooManyLinks = &tempError{"too many levels of symbolic links", errLoop, fs.ErrInvalid} // ELOOP, as open says
)
