//go:build unix && !linux

package mkstemp

import "golang.org/x/sys/unix"

// searchOnly is 0: these systems open a directory to work relative to it
// for reading.
const searchOnly = 0

// openUpDirAt gives the owner read, write and search permission on name in
// dirfd, a directory that its owner locked, without following a link.
// These systems change the mode of name itself with AT_SYMLINK_NOFOLLOW;
// the caller has just seen that name is a directory, and only a rename in
// that instant could put something else there.
func openUpDirAt(dirfd int, name string) error {
	return unix.Fchmodat(dirfd, name, 0o700, unix.AT_SYMLINK_NOFOLLOW)
}

// isMountRoot reports whether the directory open as fd is on another device
// than its parent's, st: the root of a mount.
func isMountRoot(fd int, parent *unix.Stat_t) bool {
	var st unix.Stat_t
	return unix.Fstat(fd, &st) == nil && st.Dev != parent.Dev
}
