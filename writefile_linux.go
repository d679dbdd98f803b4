package mkstemp

import (
	"io"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

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

// writeTarget writes target as WriteFile does, fi describing the file it
// replaces (nil for a new one). Everything is relative to the directory,
// opened once: an unnamed file made in it, filled, given the old file's
// owner and mode (after the bytes: a write clears setuid), flushed, linked
// to target's name if it is new (no other name ever appears) or to a fresh
// name renamed over target, then the directory flushed. Where the unnamed
// file or the link is refused, it is writeNamed's way, with the bytes
// already written copied from the unnamed file, so that r is read once.
func writeTarget(target string, perm fs.FileMode, fi fs.FileInfo, fill func(*os.File) error) error {
	dir, base := splitDir(target)
	dirfd, err := openDir(unix.AT_FDCWD, dir, 0)
	if err != nil {
		return err
	}
	defer unix.Close(dirfd)
	mode := syscallMode(perm)
	if fi != nil {
		mode = 0o600
	}
	fd, err := openTmpfileAt(dirfd, mode)
	if err != nil {
		return writeNamed(target, perm, fi, fill)
	}
	f := os.NewFile(uintptr(fd), target)
	defer f.Close()
	if err := fill(f); err != nil {
		return err
	}
	if err := keepOwnerAndMode(f, fi); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	_, err = nameFd(fd, dirfd, "", base, fi != nil, false)
	if err == unix.EEXIST && fi == nil {
		// Made by another since the look: replaced, as os.WriteFile would.
		_, err = nameFd(fd, dirfd, "", base, true, false)
	}
	if err == errLinkRefused {
		st, serr := f.Stat()
		if serr != nil {
			return serr
		}
		return writeNamed(target, perm, fi, func(w *os.File) error {
			_, err := io.Copy(w, io.NewSectionReader(f, 0, st.Size()))
			return err
		})
	}
	if err != nil {
		return err
	}
	if err := ignoringEINTR(func() error { return unix.Fsync(dirfd) }); err != nil {
		return err
	}
	return f.Close()
}

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
