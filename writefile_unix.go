//go:build unix

package mkstemp

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwnerAndMode gives f, the file that will replace the one described
// by fi, that file's owner and group where the process may set them (root
// may; a user may set a group it is in), then its mode, setuid, setgid and
// sticky bits included (in that order: chown clears setuid). fi nil (a new
// file) asks for nothing.
func keepOwnerAndMode(f *os.File, fi fs.FileInfo) error {
	if fi == nil {
		return nil
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && (int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid()) {
		if err := f.Chown(int(st.Uid), int(st.Gid)); err != nil {
			// Not allowed to give the owner: try the group alone.
			f.Chown(-1, int(st.Gid))
		}
	}
	return f.Chmod(fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
}

// errLoop is the errno of open(2) through too many symbolic links.
var errLoop error = syscall.ELOOP
