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
	return fileID{uint64(d.Type)<<32 | uint64(d.Dev), d.Qid.Path}
}
