package mkstemp

import "golang.org/x/sys/unix"

// birthTime returns when the file open as fd (with path "") or the entry
// path (not followed) was made, in nanoseconds since the epoch, or 0
// where the file system or the kernel does not say. It tells a file from
// another that got its inode number once it was removed, as ext4 gives a
// freed one to the next file made at once.
func birthTime(fd int, path string) int64 {
	dirfd, flags := unix.AT_FDCWD, unix.AT_SYMLINK_NOFOLLOW|unix.AT_STATX_DONT_SYNC
	if path == "" {
		dirfd, flags = fd, flags|unix.AT_EMPTY_PATH
	}
	var stx unix.Statx_t
	if ignoringEINTR(func() error { return unix.Statx(dirfd, path, flags, unix.STATX_BTIME, &stx) }) != nil || stx.Mask&unix.STATX_BTIME == 0 {
		return 0
	}
	return stx.Btime.Sec*1e9 + int64(stx.Btime.Nsec)
}
