package mkstemp

import (
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// atomicSys is how an AtomicFile is made on Linux: an unnamed file
// (O_TMPFILE) in the target's directory, which is held open, or, where
// the file system or the process cannot make or link one, the named way.
type atomicSys struct {
	dirfd, fd int        // the unnamed way; -1 on the named way
	named     *NamedFile // the named way's temporary file; nil on the unnamed way
}

// open makes a's file: an unnamed file in the target's directory, with
// mode perm less the umask for a new file, 0600 for one replaced (Commit
// gives it the old mode), which the os.File names as name; or the named
// way's file where no unnamed file can be made or linked.
func (a *AtomicFile) open() error {
	if linkState.Load() != linkStateRefused {
		dir, _ := splitDir(a.target)
		dirfd, err := openDir(unix.AT_FDCWD, dir, 0)
		if err != nil {
			return err
		}
		mode := syscallMode(a.perm)
		if a.old != nil {
			mode = 0o600
		}
		fd, err := openTmpfileAt(dirfd, mode)
		if err == nil {
			if linkUsable(fd, dirfd) {
				a.f = os.NewFile(uintptr(fd), a.name)
				a.sys = atomicSys{dirfd: dirfd, fd: fd}
				// dirfd is closed if a is dropped undiscarded, as the
				// *os.File closes its own. A finalizer, not held's
				// runtime.AddCleanup: it costs WriteFile no allocation.
				runtime.SetFinalizer(a, (*AtomicFile).closeDir)
				return nil
			}
			unix.Close(fd)
		}
		unix.Close(dirfd)
	}
	nf, err := createNamed(a.target, a.perm, a.old)
	if err != nil {
		return err
	}
	a.f, a.sys = nf.File, atomicSys{dirfd: -1, fd: -1, named: nf}
	return nil
}

// openTmpfileAt opens an unnamed file in the directory dirfd, with mode
// less the umask, without O_EXCL so that linkat can give it a name. It is
// a variable only so that the tests can make it fail as a file system
// without O_TMPFILE would.
var openTmpfileAt = func(dirfd int, mode uint32) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, ".", unix.O_RDWR|unix.O_TMPFILE|unix.O_CLOEXEC, mode)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// linkState is what the process has learnt of linking a descriptor: until
// a first probe nothing; then that it works, or that it is refused (no
// /proc and no AT_EMPTY_PATH, a seccomp filter), after which every
// AtomicFile and Persist goes the named way at once.
var linkState atomic.Int32

const (
	linkStateUnknown = iota
	linkStateWorks
	linkStateRefused
)

// linkUsable reports whether fd, an unnamed file in dirfd, can be given a
// name when committed. The first call in the process asks the kernel by
// linking fd to "." in dirfd: EEXIST says that the link would be made (the
// kernel looks up the new name only once it has the file), and no name
// appears; a refusal is remembered. Asking before a byte is written means
// that a refusal never leaves the bytes to be copied, held twice.
func linkUsable(fd, dirfd int) bool {
	switch linkState.Load() {
	case linkStateWorks:
		return true
	case linkStateRefused:
		return false
	}
	switch err := linkFd(fd, dirfd, "."); {
	case err == unix.EEXIST:
		linkState.Store(linkStateWorks)
		return true
	case linkRefused(err):
		linkState.Store(linkStateRefused)
	}
	return false
}

// commitSys gives the file its name, as Commit says. On the unnamed way:
// the old file's owner and mode (after the bytes: a write clears setuid),
// a flush, a link to the target's name if it is new (no other name ever
// appears) or to a fresh name renamed over it, then a flush of the
// directory. Where the link is still refused (a file system that makes
// unnamed files but cannot link them), the bytes move to the named way's
// file first.
func (a *AtomicFile) commitSys(noClobber bool) error {
	if a.sys.named != nil {
		return commitNamedWay(a.sys.named, a.target, a.old, noClobber)
	}
	if err := keepOwnerAndMode(a.f, a.old); err != nil {
		return unwrapPathError(err)
	}
	if err := a.f.Sync(); err != nil {
		return unwrapPathError(err)
	}
	_, base := splitDir(a.target)
	_, err := nameFd(a.sys.fd, a.sys.dirfd, "", base, !noClobber && a.old != nil, false)
	if err == unix.EEXIST && !noClobber && a.old == nil {
		// Made by another since CreateAtomic looked: replaced, as
		// os.WriteFile would write it.
		_, err = nameFd(a.sys.fd, a.sys.dirfd, "", base, true, false)
	}
	if err == errLinkRefused {
		return a.commitCopy(noClobber)
	}
	if err != nil {
		return err
	}
	if err := fsyncDir(a.sys.dirfd); err != nil {
		dir, _ := splitDir(a.target)
		return &afterNameError{"flushing directory " + dir, err}
	}
	return nil
}

// commitCopy commits by the named way the bytes of the unnamed file,
// which cannot be linked: they move to a named temporary file, each piece
// freed from the unnamed file once copied.
func (a *AtomicFile) commitCopy(noClobber bool) error {
	nf, err := createNamed(a.target, a.perm, a.old)
	if err != nil {
		return err
	}
	if err = moveBytes(nf.File, a.f); err == nil {
		err = commitNamedWay(nf, a.target, a.old, noClobber)
	}
	nf.Cleanup() // closes it; removes the temporary name unless committed
	return err
}

// movePiece is how many bytes moveBytes copies before it frees them.
const movePiece = 64 << 10

// moveBytes copies src's bytes to dst, at the same offsets, and frees each
// piece of src once copied (FALLOC_FL_PUNCH_HOLE, where the file system
// can), so that a file system with room for the bytes once has room for
// the copy. The holes of a sparse src (SEEK_DATA, SEEK_HOLE) are not
// copied: a 1 TiB hole would be written as zeros, and fill the disk.
func moveBytes(dst, src *os.File) error {
	st, err := src.Stat()
	if err != nil {
		return unwrapPathError(err)
	}
	size, fd := st.Size(), int(src.Fd())
	for off := int64(0); off < size; {
		// The next bytes that are not a hole, and their end; a file
		// system that cannot tell has no holes.
		start, end := off, size
		if data, err := unix.Seek(fd, off, unix.SEEK_DATA); err == unix.ENXIO {
			break // a hole to the end
		} else if err == nil {
			start = data
			if hole, err := unix.Seek(fd, data, unix.SEEK_HOLE); err == nil {
				end = hole
			}
		}
		if _, err := dst.Seek(start, io.SeekStart); err != nil {
			return unwrapPathError(err)
		}
		for p := start; p < end; p += movePiece {
			n := min(movePiece, end-p)
			if _, err := io.Copy(dst, io.NewSectionReader(src, p, n)); err != nil {
				return unwrapPathError(err)
			}
			unix.Fallocate(fd, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, p, n)
		}
		off = end
	}
	return unwrapPathError(dst.Truncate(size)) // a hole at the end
}

// discardSys closes the file and, on the named way, removes its name
// unless it was committed.
func (a *AtomicFile) discardSys() error {
	if a.sys.named != nil {
		return a.sys.named.Cleanup()
	}
	err := a.f.Close()
	runtime.SetFinalizer(a, nil)
	a.closeDir()
	return err
}

// closeDir closes the unnamed way's directory.
func (a *AtomicFile) closeDir() { unix.Close(a.sys.dirfd) }

// syscallMode is os's syscallMode: the permission bits of perm, with its
// setuid, setgid and sticky bits.
func syscallMode(perm fs.FileMode) uint32 {
	m := uint32(perm.Perm())
	if perm&fs.ModeSetuid != 0 {
		m |= unix.S_ISUID
	}
	if perm&fs.ModeSetgid != 0 {
		m |= unix.S_ISGID
	}
	if perm&fs.ModeSticky != 0 {
		m |= unix.S_ISVTX
	}
	return m
}
