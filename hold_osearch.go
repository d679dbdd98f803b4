//go:build darwin || freebsd || solaris || aix

package mkstemp

import "golang.org/x/sys/unix"

// dirSearch is what holdDir opens a directory with: for searching only,
// which needs no read permission on it.
const dirSearch = unix.O_SEARCH
