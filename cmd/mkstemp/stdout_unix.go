//go:build unix

package main

import (
	"io"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// standardOutput is os.Stdout, or, if the command was started with its
// standard output closed, a writer that fails as that closed descriptor
// would have. The Go runtime opens /dev/null read-write in the place of a
// closed standard output before main runs, so writes would succeed and
// the path would be lost; a shell's redirection to /dev/null opens it
// write-only, and stays the caller's choice.
func standardOutput() io.Writer {
	fl, err := unix.FcntlInt(os.Stdout.Fd(), unix.F_GETFL, 0)
	if err != nil || fl&unix.O_ACCMODE != unix.O_RDWR {
		return os.Stdout
	}
	var st, null unix.Stat_t
	if unix.Fstat(int(os.Stdout.Fd()), &st) != nil || unix.Stat(os.DevNull, &null) != nil ||
		st.Mode&unix.S_IFMT != unix.S_IFCHR || st.Rdev != null.Rdev {
		return os.Stdout
	}
	return closedWriter{}
}

// closedWriter is a standard output that was closed when the command
// started: every write fails.
type closedWriter struct{}

func (closedWriter) Write([]byte) (int, error) {
	return 0, &fs.PathError{Op: "write", Path: "/dev/stdout", Err: unix.EBADF}
}
