//go:build js || wasip1

package mkstemp

import (
	"io/fs"
	"syscall"
)

// statID returns what the file fi describes is: its device and inode.
func statID(fi fs.FileInfo) fileID {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}
}
