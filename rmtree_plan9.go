package mkstemp

import (
	"io/fs"
	"syscall"
)

// statID returns what the file fi describes is: its server's type and
// device, and its qid path.
func statID(fi fs.FileInfo) fileID {
	d, ok := fi.Sys().(*syscall.Dir)
	if !ok {
		return fileID{}
	}
	return fileID{dev: uint64(d.Type)<<32 | uint64(d.Dev), ino: d.Qid.Path}
}
