package mkstemp

import (
	"errors"
	"strconv"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// linkFd gives the open file fd the name name, relative to the directory
// dirfd (unix.AT_FDCWD: name is a path), as link(2) gives one to a name.
// It tries linkat with AT_EMPTY_PATH, which names the descriptor itself
// and which the kernel refuses (ENOENT) unless the caller has
// CAP_DAC_READ_SEARCH (in the initial user namespace before Linux 6.10,
// in the file's opener's since) or, since 6.10 (commit 42bd2af59504), the
// very credentials the file was opened with: the same kernel object, not
// equal ids, so not for a file inherited across exec, nor one opened
// before a change of credentials (after Go's syscall.Setuid each thread
// has its own, so a file opened on one thread is refused on another).
// Once that is refused, for the rest of the process, it uses linkat of
// /proc/self/fd/N with AT_SYMLINK_FOLLOW, which works for every user
// where /proc is mounted. The file must have a name already, or be an
// O_TMPFILE file opened without O_EXCL: the kernel refuses (ENOENT) to
// give a name to a file whose last one was removed. It is a variable only
// so that the tests can make it fail as a system without /proc, or under
// a seccomp filter, would.
var linkFd = func(fd, dirfd int, name string) error {
	tryEmptyPath := !noEmptyPath.Load()
	if tryEmptyPath {
		err := ignoringEINTR(func() error { return unix.Linkat(fd, "", dirfd, name, unix.AT_EMPTY_PATH) })
		if !linkRefused(err) {
			return err
		}
	}
	err := ignoringEINTR(func() error {
		return unix.Linkat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(fd), dirfd, name, unix.AT_SYMLINK_FOLLOW)
	})
	if tryEmptyPath && (err == nil || err == unix.EEXIST) {
		// /proc reached the new name, where AT_EMPTY_PATH did not.
		noEmptyPath.Store(true)
	}
	return err
}

// noEmptyPath is set once linkat with AT_EMPTY_PATH has been refused
// where /proc/self/fd then worked, after which linkFd goes through /proc
// at once. (A refusal that /proc meets too, ENOENT for a missing
// directory or a file with no name left, says nothing of AT_EMPTY_PATH.)
var noEmptyPath atomic.Bool

// errLinkRefused is nameFd's error when the system refuses to link a
// descriptor (linkRefused), so that a caller tells it from the same errno
// of the rename that follows the link (EPERM in a sticky directory),
// which is the name's own error.
var errLinkRefused = errors.New("linking a descriptor refused")

// linkRefused reports whether err, from linkFd, may mean that the system
// will not link a descriptor at all, rather than that this name cannot be
// made: no /proc (ENOENT), a seccomp filter or a file system without hard
// links (EPERM, ENOSYS, EOPNOTSUPP). The caller then does the same by
// name, whose own error is the one to report if that fails too.
func linkRefused(err error) bool {
	switch err {
	case unix.ENOENT, unix.EPERM, unix.ENOSYS, unix.EOPNOTSUPP:
		return true
	}
	return false
}

// nameFd gives the open file fd the name base in the directory dirfd,
// or fails with errLinkRefused where the system will not link it (or the
// process has learnt so: linkState),
// whose path is dir ("" when dirfd is a descriptor, dir when it is
// AT_FDCWD, so that joinName makes the paths the calls take). Without
// replace it links fd to base, failing with EEXIST if anything has the
// name: one atomic step, and no other name ever appears. With replace it
// links fd to a fresh random name in the same directory, then renames that
// over base; the fresh name lives only between the two calls, and is
// removed if the rename fails, or, with named, does nothing because base
// was another name of the file already (rename(2) leaves both names then;
// a file with no name but the fresh one cannot be at base: named false
// spares the look). already reports that rename, after which base was a
// name of the file before the call.
func nameFd(fd, dirfd int, dir, base string, replace, named bool) (already bool, err error) {
	if linkState.Load() == linkStateRefused {
		return false, errLinkRefused
	}
	target := joinName(dir, "", nil, base)
	if !replace {
		err := linkFd(fd, dirfd, target)
		if linkRefused(err) {
			return false, errLinkRefused
		}
		return false, err
	}
	_, fresh, err := tryNames("link", dir, ".", ".tmp", errNoUsableFileName, func(path string) (struct{}, error) {
		return struct{}{}, linkFd(fd, dirfd, path)
	}, func(err error, path string, last bool) bool {
		return err == unix.EEXIST
	})
	if err != nil {
		if err = unwrapPathError(err); linkRefused(err) {
			return false, errLinkRefused
		}
		return false, err
	}
	if err := ignoringEINTR(func() error { return unix.Renameat(dirfd, fresh, dirfd, target) }); err != nil {
		unix.Unlinkat(dirfd, fresh, 0)
		return false, err
	}
	if named && sameFileAt(dirfd, fresh, fd) {
		unix.Unlinkat(dirfd, fresh, 0)
		return true, nil
	}
	return false, nil
}

// sameFileAt reports whether the entry name in dirfd (not followed if it
// is a symbolic link) is the file open as fd.
func sameFileAt(dirfd int, name string, fd int) bool {
	var a, b unix.Stat_t
	// The entry first: it is usually gone, and then one call is enough.
	if unix.Fstatat(dirfd, name, &a, unix.AT_SYMLINK_NOFOLLOW) != nil || unix.Fstat(fd, &b) != nil {
		return false
	}
	return a.Dev == b.Dev && a.Ino == b.Ino
}
