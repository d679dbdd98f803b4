package mkstemp

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// dirSearch is what holdDir opens a directory with: O_PATH, which needs no
// permission on it and gives no access to what it holds.
const dirSearch = unix.O_PATH

// holdName opens path itself, not following a link, as an O_PATH
// descriptor to be held, if it is the file made (which must still be
// open, so that no other file can have its identity). It returns nil and
// named false if path names another file or nothing; nil and named true
// if it could not tell (no descriptor left, say), for the caller to go on
// as where nothing can be held.
func holdName(path string, made os.FileInfo) (x *held, named bool) {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Open(path, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		return err
	})
	switch {
	case err == unix.ENOENT || err == unix.ENOTDIR:
		return nil, false
	case err != nil:
		return nil, true
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, true
	}
	if m, ok := made.Sys().(*syscall.Stat_t); !ok || m.Dev != st.Dev || m.Ino != st.Ino {
		unix.Close(fd)
		return nil, false
	}
	return &held{h: fd}, true
}
