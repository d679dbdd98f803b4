//go:build unix && !linux

package mkstemp

import (
	"io"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// searchOnly is 0: these systems open a directory to work relative to it
// for reading.
const searchOnly = 0

// statDir returns what the directory open as fd is; it is the root of a
// mount if it is on another device than parentDev, its parent's.
func statDir(fd int, parentDev uint64) (dirInfo, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return dirInfo{}, err
	}
	id := fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}
	return dirInfo{id: id, mode: uint32(st.Mode) & 0o7777, mountRoot: id.dev != parentDev}, nil
}

// openLockedDirAt opens for reading the directory name in dirfd, which
// refused it with EACCES, after giving its owner read, write and search
// permission on it (mode 0700), and returns the mode it had. It never
// follows a link and never changes a mount point: it looks at name with
// AT_SYMLINK_NOFOLLOW, changes the mode of name itself with
// AT_SYMLINK_NOFOLLOW, and opens it with O_NOFOLLOW, checking that it is
// still the directory it looked at; only a rename in that instant could
// put something else there, which it then leaves. It returns errMountRoot
// for a mount point, errNotMade if want is not nil and the directory is
// not want, EACCES if dirfd itself refuses search, and errNotOwner if the
// mode is not the process's to change.
// op names the call that failed.
func openLockedDirAt(dirfd int, name string, parentDev uint64, want *fileID) (fd int, mode uint32, op string, err error) {
	var st unix.Stat_t
	if err := ignoringEINTR(func() error { return unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) }); err != nil {
		return -1, 0, "fstatat", err
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFDIR:
		return -1, 0, "openat", unix.ENOTDIR
	case want != nil && !(fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}).same(*want):
		return -1, 0, "", errNotMade
	case uint64(st.Dev) != parentDev:
		return -1, 0, "", errMountRoot
	}
	mode = uint32(st.Mode) & 0o7777
	if err := unix.Fchmodat(dirfd, name, 0o700, unix.AT_SYMLINK_NOFOLLOW); err == unix.EPERM {
		return -1, 0, "openat", errNotOwner
	} else if err != nil {
		return -1, 0, "fchmodat", err
	}
	fd, err = openDir(dirfd, name, unix.O_NOFOLLOW)
	if err != nil {
		unix.Fchmodat(dirfd, name, mode, unix.AT_SYMLINK_NOFOLLOW)
		return -1, 0, "openat", err
	}
	var now unix.Stat_t
	if err := unix.Fstat(fd, &now); err != nil || now.Dev != st.Dev || now.Ino != st.Ino {
		unix.Close(fd)
		if err == nil {
			err = errMoved
		}
		return -1, 0, "openat", err
	}
	return fd, mode, "", nil
}

// unlinkat is unix.Unlinkat, tried again after EINTR.
func (r *remover) unlinkat(dirfd int, name string, flags int) error {
	for {
		if err := unix.Unlinkat(dirfd, name, flags); err != unix.EINTR {
			return err
		}
	}
}

// unlinkKnowsDirs is true where unlink refuses every directory, to every
// user (EPERM): there an entry is unlinked first and entered if that
// fails. Solaris and illumos let a privileged process unlink a directory,
// and AIX does not say, so there each entry is looked at first.
var unlinkKnowsDirs = runtime.GOOS != "solaris" && runtime.GOOS != "illumos" && runtime.GOOS != "aix"

// dirReader reads a directory through a second descriptor of it, by
// names: not every one of these systems gives the entry's type, and
// os.File asks for a missing type by path, which the remover never uses.
type dirReader struct {
	f     *os.File
	names []string
	i     int
}

// start makes r read the directory open as fd from its start.
func (r *dirReader) start(fd int, again bool) error {
	nfd, err := openDir(fd, ".", 0)
	if err != nil {
		return err
	}
	r.f, r.names, r.i = os.NewFile(uintptr(nfd), "."), nil, 0
	return nil
}

// next returns the next entry but "." and "..", or io.EOF.
func (r *dirReader) next() (string, entryType, error) {
	for r.i >= len(r.names) {
		names, err := r.f.Readdirnames(1024)
		if len(names) == 0 {
			if err == nil || err == io.EOF {
				return "", 0, io.EOF
			}
			return "", 0, err
		}
		r.names, r.i = names, 0
	}
	name := r.names[r.i]
	r.i++
	if unlinkKnowsDirs {
		return name, typeOther, nil
	}
	return name, typeUnknown, nil
}

// stop ends the reading of a directory and closes the second descriptor.
func (r *dirReader) stop() {
	r.f.Close()
	r.f, r.names = nil, nil
}
