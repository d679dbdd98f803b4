package mkstemp

import (
	"bytes"
	"io"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// searchOnly opens a directory to work relative to it without asking for
// read permission on it.
const searchOnly = unix.O_PATH

// statDir returns what the directory open as fd is. It is the root of a
// mount if statx says so (Linux 5.8), a bind mount of a directory on the
// same file system included, or, where the kernel cannot say, if it is on
// another device than parentDev, its parent's.
func statDir(fd int, parentDev uint64) (dirInfo, error) {
	var stx unix.Statx_t
	err := ignoringEINTR(func() error {
		return unix.Statx(fd, "", unix.AT_EMPTY_PATH|unix.AT_STATX_DONT_SYNC, unix.STATX_TYPE|unix.STATX_MODE|unix.STATX_INO|unix.STATX_BTIME, &stx)
	})
	if err != nil {
		// Before Linux 4.11, or a sandbox that refuses statx.
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil {
			return dirInfo{}, err
		}
		id := fileID{dev: uint64(st.Dev), ino: st.Ino}
		return dirInfo{id: id, mode: st.Mode & 0o7777, mountRoot: id.dev != parentDev}, nil
	}
	id := fileID{dev: unix.Mkdev(stx.Dev_major, stx.Dev_minor), ino: stx.Ino}
	if stx.Mask&unix.STATX_BTIME != 0 {
		id.birth = stx.Btime.Sec*1e9 + int64(stx.Btime.Nsec)
	}
	info := dirInfo{id: id, mode: uint32(stx.Mode) & 0o7777, mountRoot: id.dev != parentDev}
	if stx.Attributes_mask&unix.STATX_ATTR_MOUNT_ROOT != 0 {
		info.mountRoot = stx.Attributes&unix.STATX_ATTR_MOUNT_ROOT != 0
	}
	return info, nil
}

// openLockedDirAt opens for reading the directory name in dirfd, which
// refused it with EACCES, after giving its owner read, write and search
// permission on it (mode 0700), and returns the mode it had. It never
// follows a link, and never changes anything but a directory that is not
// a mount point: it opens name with O_PATH|O_DIRECTORY|O_NOFOLLOW, which
// needs no permission on it, checks that descriptor, changes its mode
// through fchmodat2 (Linux 6.6) or, where that is missing or refused, the
// descriptor's link in /proc, as glibc does, and opens "." through it.
// It returns errMountRoot for a mount point, errNotMade if want is not nil
// and the directory is not want, EACCES if dirfd itself refuses search,
// and errNotOwner if the mode is not the process's to change. op names the
// call that failed.
func openLockedDirAt(dirfd int, name string, parentDev uint64, want *fileID) (fd int, mode uint32, op string, err error) {
	var pfd int
	err = ignoringEINTR(func() (err error) {
		pfd, err = unix.Openat(dirfd, name, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return -1, 0, "openat", err
	}
	defer unix.Close(pfd)
	info, err := statDir(pfd, parentDev)
	switch {
	case err != nil:
		return -1, 0, "fstat", err
	case want != nil && !info.id.same(*want):
		return -1, 0, "", errNotMade
	case info.mountRoot:
		return -1, 0, "", errMountRoot
	}
	if err := chmodPath(pfd, 0o700); err == unix.EPERM {
		return -1, 0, "openat", errNotOwner
	} else if err != nil {
		return -1, 0, "fchmodat", err
	}
	fd, err = openDir(pfd, ".", 0)
	if err != nil {
		chmodPath(pfd, info.mode)
		return -1, 0, "openat", err
	}
	return fd, info.mode, "", nil
}

// procSelfFD is the directory of the process's descriptors, through which
// chmodPath changes a mode where fchmodat2 does not; a test changes it to
// stand for a system without /proc.
var procSelfFD = "/proc/self/fd/"

// chmodPath changes the mode of the file open as fd, an O_PATH descriptor:
// with fchmodat2, or through /proc where the kernel lacks it (ENOSYS, or
// EOPNOTSUPP from x/sys) or a seccomp profile refuses it (Docker's answers
// EPERM for the calls it does not list; a real EPERM, from a file not the
// process's, comes again from the second call). Without /proc, it returns
// fchmodat2's error, not the ENOENT of a file that is there.
func chmodPath(fd int, mode uint32) error {
	err := unix.Fchmodat(fd, "", mode, unix.AT_EMPTY_PATH)
	if err == unix.EOPNOTSUPP || err == unix.ENOSYS || err == unix.EINVAL || err == unix.EPERM {
		if perr := unix.Chmod(procSelfFD+strconv.Itoa(fd), mode); perr != unix.ENOENT {
			err = perr
		}
	}
	return err
}

// unlinkat is unlinkat(2), tried again after EINTR. It copies name into a
// buffer of the directory reader that it reuses, so that removing an entry
// allocates nothing.
func (r *remover) unlinkat(dirfd int, name string, flags int) error {
	b := append(append(r.rd.cname[:0], name...), 0)
	r.rd.cname = b
	for {
		_, _, errno := unix.Syscall(unix.SYS_UNLINKAT, uintptr(dirfd), uintptr(unsafe.Pointer(&b[0])), uintptr(flags))
		switch errno {
		case 0:
			return nil
		case unix.EINTR:
		default:
			return errno
		}
	}
}

// dirReader reads a directory with getdents into one buffer, reused for
// every directory, and returns each name as a view of it: no allocation
// per entry, and the type from d_type, without a stat.
type dirReader struct {
	fd     int
	buf    []byte
	n, off int
	cname  []byte // a name and its NUL, for unlinkat
}

// start makes r read the directory open as fd: from its current position
// (the start, for a descriptor just opened), or from the start again.
func (r *dirReader) start(fd int, again bool) error {
	if again {
		if _, err := unix.Seek(fd, 0, io.SeekStart); err != nil {
			return err
		}
	}
	if r.buf == nil {
		r.buf = make([]byte, 8192)
	}
	r.fd, r.n, r.off = fd, 0, 0
	return nil
}

// next returns the next entry but "." and "..", or io.EOF. The name is
// valid until the next call.
func (r *dirReader) next() (string, entryType, error) {
	const (
		reclenOff = int(unsafe.Offsetof(unix.Dirent{}.Reclen))
		typeOff   = int(unsafe.Offsetof(unix.Dirent{}.Type))
		nameOff   = int(unsafe.Offsetof(unix.Dirent{}.Name))
	)
	for {
		if r.off >= r.n {
			n, err := unix.Getdents(r.fd, r.buf)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				return "", 0, err
			}
			if n <= 0 {
				return "", 0, io.EOF
			}
			r.n, r.off = n, 0
		}
		rec := r.buf[r.off:r.n]
		if len(rec) < nameOff {
			return "", 0, unix.EIO
		}
		reclen := int(*(*uint16)(unsafe.Pointer(&rec[reclenOff])))
		if reclen <= nameOff || reclen > len(rec) {
			return "", 0, unix.EIO
		}
		r.off += reclen
		name := rec[nameOff:reclen]
		if i := bytes.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		if len(name) == 0 || name[0] == '.' && (len(name) == 1 || len(name) == 2 && name[1] == '.') {
			continue
		}
		typ := typeOther
		switch rec[typeOff] {
		case unix.DT_DIR:
			typ = typeDir
		case unix.DT_UNKNOWN:
			typ = typeUnknown
		}
		return unsafe.String(&name[0], len(name)), typ, nil
	}
}

// stop ends the reading of a directory.
func (r *dirReader) stop() {}
